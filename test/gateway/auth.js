// @ts-check
/**
 * The stand-in gateway's authentication, as strict as Aliyun API Gateway's: AppCode, or the
 * digest signature rebuilt from the raw request (its own code, not the package's signer, so
 * a shared mistake cannot hide), timestamp skew, nonce replay and Content-MD5.
 */
const crypto = require('crypto');
const querystring = require('querystring');

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/**
 * @typedef {'ok' | 'quotaExhausted' | 'quotaExpired' | 'arrears' | 'unauthorized'} AccountState
 * @typedef {{ appCodes: Record<string, AccountState>, apps: Record<string, { secret: string, state: AccountState }>, stages: string[] }} Accounts
 * @typedef {{ status: number, message: string }} Rejection
 * @typedef {{ method: string, target: string, headers: import('http').IncomingHttpHeaders, body: Buffer }} RawRequest
 */

/** @type {Record<Exclude<AccountState, 'ok'>, Rejection>} */
const STATE_REJECTIONS = {
	quotaExhausted: { status: 403, message: 'Quota Exhausted' },
	quotaExpired: { status: 403, message: 'Quota Expired' },
	arrears: { status: 403, message: 'User Arrears' },
	unauthorized: { status: 403, message: 'Unauthorized' },
};

/** @param {import('http').IncomingHttpHeaders} headers @param {string} name */
function header(headers, name) {
	const value = headers[name];
	return Array.isArray(value) ? value.join(',') : value;
}

/** @param {RawRequest} request */
function serverStringToSign(request) {
	const { headers } = request;
	const contentType = header(headers, 'content-type') ?? '';
	const signedNames = (header(headers, 'x-ca-signature-headers') ?? '')
		.split(',')
		.map((name) => name.trim().toLowerCase())
		.filter((name) => name !== '')
		.sort();

	let text = `${request.method}\n`;
	text += `${header(headers, 'accept') ?? ''}\n`;
	text += `${header(headers, 'content-md5') ?? ''}\n`;
	text += `${contentType}\n`;
	text += `${header(headers, 'date') ?? ''}\n`;
	for (const name of signedNames) text += `${name}:${header(headers, name) ?? ''}\n`;

	const [path, query = ''] = request.target.split(/\?(.*)/s);
	/** @type {Record<string, string>} */
	const params = {};
	const addAll = (/** @type {querystring.ParsedUrlQuery} */ parsed) => {
		for (const key of Object.keys(parsed)) {
			const value = parsed[key];
			params[key] = Array.isArray(value) ? value[0] : (value ?? '');
		}
	};
	addAll(querystring.parse(query));
	if (contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
		addAll(querystring.parse(request.body.toString('utf8')));
	}
	const keys = Object.keys(params).sort();
	text += path;
	if (keys.length > 0) {
		text += '?' + keys.map((key) => (params[key] === '' ? key : `${key}=${params[key]}`)).join('&');
	}
	return { text, signedNames };
}

class NonceStore {
	constructor() {
		/** @type {Map<string, number>} nonce → when it was seen */
		this.seen = new Map();
	}

	/** @param {string} nonce @param {number} now @returns {boolean} true when new */
	remember(nonce, now) {
		for (const [old, at] of this.seen) {
			if (now - at <= FIFTEEN_MINUTES_MS) break;
			this.seen.delete(old);
		}
		if (this.seen.has(nonce)) return false;
		this.seen.set(nonce, now);
		return true;
	}
}

/**
 * @param {RawRequest} request
 * @param {Accounts} accounts
 * @param {NonceStore} nonces
 * @param {number} now
 * @returns {Rejection | undefined}
 */
function checkSignature(request, accounts, nonces, now) {
	const { headers } = request;
	const appKey = header(headers, 'x-ca-key') ?? '';
	const app = accounts.apps[appKey];
	if (!app) return { status: 400, message: 'Invalid AppKey' };

	const signature = header(headers, 'x-ca-signature');
	if (!signature) return { status: 404, message: 'Empty Signature' };

	const timestampText = header(headers, 'x-ca-timestamp') ?? '';
	if (!/^\d{13}$/.test(timestampText)) return { status: 400, message: 'Invalid Timestamp' };
	if (Math.abs(now - Number(timestampText)) > FIFTEEN_MINUTES_MS) {
		return { status: 400, message: 'Timestamp Expired' };
	}

	const { text, signedNames } = serverStringToSign(request);
	for (const required of ['x-ca-key', 'x-ca-timestamp', 'x-ca-nonce']) {
		if (!signedNames.includes(required)) {
			return { status: 400, message: `Invalid Signature Headers, ${required} is not signed` };
		}
	}
	const expected = crypto.createHmac('sha256', app.secret).update(text, 'utf8').digest('base64');
	const matches =
		expected.length === signature.length &&
		crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
	if (!matches) {
		return {
			status: 400,
			// Quoted like Aliyun does (newlines as #), cut short so a large body keeps the header sane.
			message: `Invalid Signature, Server StringToSign:${text.replace(/\n/g, '#').slice(0, 1024)}`,
		};
	}

	const nonce = header(headers, 'x-ca-nonce') ?? '';
	if (nonce === '' || !nonces.remember(nonce, now)) return { status: 400, message: 'Nonce Used' };
	return rejectionForState(app.state);
}

/** @param {AccountState} state */
function rejectionForState(state) {
	return state === 'ok' ? undefined : STATE_REJECTIONS[state];
}

/**
 * @param {RawRequest} request
 * @param {Accounts} accounts
 * @param {NonceStore} nonces
 * @param {number} now
 * @returns {Rejection | undefined} undefined when the request may reach the backend
 */
function authenticate(request, accounts, nonces, now) {
	const { headers } = request;
	const contentType = header(headers, 'content-type') ?? '';
	if (contentType.toLowerCase().startsWith('multipart/')) {
		return { status: 400, message: 'Unsupported Multipart' };
	}
	const stage = header(headers, 'x-ca-stage') ?? 'RELEASE';
	if (!accounts.stages.includes(stage)) return { status: 400, message: 'Invalid Url' };

	const md5 = header(headers, 'content-md5');
	if (md5 !== undefined) {
		const actual = crypto.createHash('md5').update(request.body).digest('base64');
		if (actual !== md5) return { status: 400, message: 'Invalid Content-MD5' };
	}

	const authorization = header(headers, 'authorization');
	if (authorization !== undefined && /^APPCODE /i.test(authorization)) {
		const appCode = authorization.slice('APPCODE '.length).trim();
		const state = accounts.appCodes[appCode];
		if (state === undefined) return { status: 400, message: 'Invalid AppCode `not exists`' };
		return rejectionForState(state);
	}
	if (header(headers, 'x-ca-key') !== undefined)
		return checkSignature(request, accounts, nonces, now);
	return { status: 401, message: 'Empty AppCode' };
}

module.exports = { authenticate, serverStringToSign, NonceStore, FIFTEEN_MINUTES_MS };
