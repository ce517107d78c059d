// @ts-check
/**
 * The demo's cards and images (made-up numbers), served by the stand-in for the URL rows and
 * embedded as base64 in the example workflows. One source of truth for the demo, the example
 * files and the end-to-end assertions.
 */
const { makeJpeg, makePng, withLuhnDigit } = require('./images');

const DEMO_CARDS = {
	alice: {
		card_num: withLuhnDigit('621700000012345678'),
		card_type: '借记卡',
		bank_name: '中国建设银行',
	},
	bob: {
		card_num: withLuhnDigit('622588000098765432'),
		card_type: '贷记卡',
		bank_name: '招商银行',
	},
	carol: { card_num: withLuhnDigit('456351000011223'), card_type: '信用卡', bank_name: '中国银行' },
	dave: {
		card_num: withLuhnDigit('622848000055667788'),
		card_type: '借记卡',
		bank_name: '中国农业银行',
	},
};

/** @type {Record<string, { bytes: Buffer, contentType: string }>} */
const DEMO_IMAGES = {
	'alice.jpg': { bytes: makeJpeg(DEMO_CARDS.alice, { seed: 11 }), contentType: 'image/jpeg' },
	'bob.png': { bytes: makePng(DEMO_CARDS.bob, { seed: 12 }), contentType: 'image/png' },
	'carol.jpg': { bytes: makeJpeg(DEMO_CARDS.carol, { seed: 13 }), contentType: 'image/jpeg' },
	'dave.png': { bytes: makePng(DEMO_CARDS.dave, { seed: 14 }), contentType: 'image/png' },
	'blurry.jpg': { bytes: makeJpeg({ ret_code: 70 }, { seed: 15 }), contentType: 'image/jpeg' },
};

const DEMO_APP_CODE = 'demo-app-code-0001';
/** An AppCode whose app has used up its quota: the gateway refuses every call with it. */
const DEMO_SPENT_APP_CODE = 'demo-app-code-0002';
const DEMO_APP_KEY = '203760001';
const DEMO_APP_SECRET = 'Fake0nly+Test/Secret=0123456789ab';

/** @param {import('./server').GatewayStandIn} gateway */
function registerDemoImages(gateway) {
	for (const [name, image] of Object.entries(DEMO_IMAGES))
		gateway.addImage(name, image.bytes, image.contentType);
}

function demoAccounts() {
	return {
		appCodes: {
			[DEMO_APP_CODE]: /** @type {const} */ ('ok'),
			[DEMO_SPENT_APP_CODE]: /** @type {const} */ ('quotaExhausted'),
		},
		apps: { [DEMO_APP_KEY]: { secret: DEMO_APP_SECRET, state: /** @type {const} */ ('ok') } },
		stages: ['RELEASE'],
	};
}

module.exports = {
	DEMO_CARDS,
	DEMO_IMAGES,
	DEMO_APP_CODE,
	DEMO_SPENT_APP_CODE,
	DEMO_APP_KEY,
	DEMO_APP_SECRET,
	registerDemoImages,
	demoAccounts,
};
