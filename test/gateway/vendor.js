// @ts-check
/**
 * The stand-in of the OCR vendor behind the gateway: reads `img_base64` or `img_url` from a
 * form body and answers in the showapi envelope, with the vendor's ret_code table. The card
 * it "reads" is the marker the test image carries (see images.js).
 */
const crypto = require('crypto');
const http = require('http');

const { readMarker } = require('./images');

/** The vendor's own remarks (Chinese, as the real service answers). */
const REMARKS = /** @type {Record<number, string>} */ ({
	10: '参数错误',
	20: '文件格式错误',
	30: '操作失败,请勿重复提交',
	40: '图片下载失败，请检查图片链接是否正常!',
	50: '文件内容过大',
	60: '图片解析失败',
	70: 'OCR识别失败',
	80: '服务超时',
	90: '未知错误',
});

const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 5000;

/** @param {Buffer} bytes */
function looksLikeImage(bytes) {
	const hex = bytes.subarray(0, 12).toString('hex');
	return (
		hex.startsWith('ffd8ff') ||
		hex.startsWith('89504e47') ||
		hex.startsWith('474946') ||
		hex.startsWith('424d') ||
		(hex.startsWith('52494646') && hex.slice(16, 24) === '57454250')
	);
}

/**
 * Downloads an image the way the vendor would, but only from this machine.
 * @param {string} url
 * @returns {Promise<Buffer | undefined>}
 */
function download(url) {
	return new Promise((resolve) => {
		let parsed;
		try {
			parsed = new URL(url);
		} catch {
			resolve(undefined);
			return;
		}
		const local = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
		if (parsed.protocol !== 'http:' || !local) {
			resolve(undefined);
			return;
		}
		const request = http.get(parsed, { timeout: DOWNLOAD_TIMEOUT_MS }, (response) => {
			if (response.statusCode !== 200) {
				response.resume();
				resolve(undefined);
				return;
			}
			/** @type {Buffer[]} */
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve(Buffer.concat(chunks)));
			response.on('error', () => resolve(undefined));
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(undefined));
	});
}

/**
 * @param {number} retCode
 * @param {Record<string, unknown>} [fields]
 */
function envelope(retCode, fields = {}) {
	const body =
		retCode === 0
			? { ret_code: 0, ...fields }
			: { ret_code: retCode, remark: REMARKS[retCode] ?? REMARKS[90], ...fields };
	return {
		showapi_res_error: '',
		showapi_fee_num: retCode === 0 ? 1 : 0,
		showapi_res_code: 0,
		showapi_res_id: crypto.randomBytes(12).toString('hex'),
		showapi_res_body: body,
	};
}

/** @param {Buffer} bytes */
function recognize(bytes) {
	if (bytes.length === 0) return envelope(10);
	if (bytes.length > MAX_IMAGE_BYTES) return envelope(50);
	if (!looksLikeImage(bytes)) return envelope(20);
	const marker = readMarker(bytes);
	if (!marker || (marker.ret_code === undefined && !marker.card_num)) return envelope(70);
	if (typeof marker.ret_code === 'number' && marker.ret_code !== 0)
		return envelope(marker.ret_code);
	const { card_num, card_type, bank_name } = marker;
	return envelope(0, { bank_name, card_type, card_num });
}

/**
 * One form value, decoded. Fast path for base64, whose only escapes are %2B %2F %3D: a
 * generic parser spends milliseconds on a 300 KB image, which would skew the benchmarks.
 * @param {string} value
 */
function decodeFormValue(value) {
	if (!value.includes('%') && !value.includes('+')) return value;
	if (!value.includes('+') && !/%(?!2B|2F|3D)/i.test(value)) {
		return value.replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '=');
	}
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return '';
	}
}

/** The fields of a form body (the last value of a repeated key wins). @param {Buffer} body */
function parseForm(body) {
	/** @type {Record<string, string>} */
	const form = {};
	for (const pair of body.toString('utf8').split('&')) {
		if (pair === '') continue;
		const equals = pair.indexOf('=');
		const key = decodeFormValue(equals === -1 ? pair : pair.slice(0, equals));
		form[key] = equals === -1 ? '' : decodeFormValue(pair.slice(equals + 1));
	}
	return form;
}

/**
 * @param {Buffer} body the raw form body
 * @param {{ forceRetCode?: number }} [options]
 */
async function answer(body, options = {}) {
	if (options.forceRetCode !== undefined) return envelope(options.forceRetCode);
	const form = parseForm(body);
	const base64 = form.img_base64 ?? '';
	const url = form.img_url ?? '';
	if (base64 !== '') {
		// Bytes that are not base64 decode to garbage, which is not an image: ret_code 20.
		return recognize(Buffer.from(base64, 'base64'));
	}
	if (url !== '') {
		const bytes = await download(url);
		return bytes === undefined ? envelope(40) : recognize(bytes);
	}
	return envelope(10);
}

module.exports = { answer, envelope, looksLikeImage, parseForm, REMARKS };
