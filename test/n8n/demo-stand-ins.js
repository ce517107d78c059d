// @ts-check
/**
 * The demo's stand-ins, as the demo, the dev stack and the end-to-end tests use them: the Aliyun
 * gateway with the demo accounts and images, the chat model, and the credentials n8n needs to
 * reach them.
 */
const {
	DEMO_APP_CODE,
	DEMO_SPENT_APP_CODE,
	DEMO_APP_KEY,
	DEMO_APP_SECRET,
	demoAccounts,
	registerDemoImages,
} = require('../gateway/demo-data');
const { GatewayStandIn } = require('../gateway/server');
const { ModelStandIn } = require('../model/server');
const { CREDENTIALS, MODEL_CREDENTIAL } = require('./examples');

/** Any key: the model stand-in does not check it. */
const DEMO_MODEL_KEY = 'sk-demo-model-stand-in';

/**
 * The demo's credentials: three for the stand-in gateway at `baseUrl`, and with `modelUrl` the
 * OpenAI one for the model stand-in there.
 * @param {string} baseUrl @param {string} [modelUrl]
 */
function demoCredentials(baseUrl, modelUrl) {
	const model = modelUrl
		? [{ ...MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: DEMO_MODEL_KEY, url: modelUrl } }]
		: [];
	return [
		{
			...CREDENTIALS.appCode,
			type: 'aliyunApiGatewayApi',
			data: { authType: 'appCode', appCode: DEMO_APP_CODE, baseUrl, stage: 'RELEASE' },
		},
		{
			...CREDENTIALS.signature,
			type: 'aliyunApiGatewayApi',
			data: {
				authType: 'signature',
				appKey: DEMO_APP_KEY,
				appSecret: DEMO_APP_SECRET,
				baseUrl,
				stage: 'RELEASE',
			},
		},
		{
			...CREDENTIALS.spentQuota,
			type: 'aliyunApiGatewayApi',
			data: { authType: 'appCode', appCode: DEMO_SPENT_APP_CODE, baseUrl, stage: 'RELEASE' },
		},
		...model,
	];
}

/**
 * Starts the gateway (on `gatewayPort`, any free port when 0 or unset) and the model stand-in.
 * @param {{ gatewayPort?: number }} [options]
 */
async function startDemoStandIns(options = {}) {
	const gateway = new GatewayStandIn({ accounts: demoAccounts() });
	const gatewayUrl = await gateway.listen(options.gatewayPort ?? 0);
	registerDemoImages(gateway);
	const model = new ModelStandIn();
	const modelUrl = await model.listen();
	return {
		gateway,
		gatewayUrl,
		model,
		credentials: demoCredentials(gatewayUrl, modelUrl),
		async close() {
			await gateway.close();
			await model.close();
		},
	};
}

module.exports = { demoCredentials, startDemoStandIns };
