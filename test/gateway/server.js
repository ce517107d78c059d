// @ts-check
/**
 * A local stand-in of Aliyun API Gateway in front of the bank card OCR vendor, on 127.0.0.1.
 *
 *   POST <apiPath>          the API: gateway auth (auth.js), then the vendor (vendor.js)
 *   ANY  /any/<anything>    another API of the same app (any method): gateway auth, then an
 *                           echo of what arrived, for the credential in n8n's HTTP Request node
 *   GET  /images/<name>     test images for the URL source (register them with addImage)
 *   POST /__control         JSON settings (faults, latency, qps, forceRetCode, accounts)
 *   GET  /__log             the request log, for assertions from another process
 *
 * Faults are injected per request at the configured rates, from a seeded random stream.
 */
const crypto = require('crypto');
const http = require('http');
const querystring = require('querystring');

const { authenticate, NonceStore } = require('./auth');
const vendor = require('./vendor');

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const ANY_API_PREFIX = '/any/';

/**
 * @typedef {'http500' | 'http502' | 'http503' | 'http504' | 'throttle403' | 'throttle429' | 'reset' | 'timeout' | 'notJson' | 'ret80' | 'platformError'} FaultKind
 * @typedef {{
 *   accounts: import('./auth').Accounts,
 *   apiPath: string,
 *   latencyMs: number,
 *   faults: Partial<Record<FaultKind, number>>,
 *   qps: number,
 *   forceRetCode?: number,
 *   seed: number,
 * }} GatewaySettings
 * @typedef {{
 *   at: number, path: string, status: number, auth: 'appCode' | 'signature' | 'none', ms?: number,
 *   gatewayError?: string, fault?: FaultKind, retCode?: number, imageKey?: string,
 * }} LogEntry
 */

/**
 * 30 % of requests faulted, every transient kind a client should retry (the bench and the
 * resilience test both use it). Throttling is rare here: a client takes it for what it
 * means, a rate above the plan, and slows down, so throttling at random would measure that
 * slowdown rather than the recovery from faults.
 * @type {Partial<Record<FaultKind, number>>}
 */
const TRANSIENT_FAULTS_30 = {
	http500: 0.05,
	http502: 0.04,
	http503: 0.05,
	http504: 0.04,
	throttle403: 0.005,
	throttle429: 0.005,
	reset: 0.04,
	notJson: 0.04,
	ret80: 0.02,
	timeout: 0.01,
};

/** @returns {GatewaySettings} */
function defaultSettings() {
	return {
		accounts: {
			appCodes: { 'test-app-code-0001': 'ok' },
			apps: { 203760001: { secret: 'Fake0nly+Test/Secret=0123456789ab', state: 'ok' } },
			stages: ['RELEASE'],
		},
		apiPath: '/ocrBankCardGeneral',
		latencyMs: 0,
		faults: {},
		qps: 0,
		seed: 42,
	};
}

/** A small seeded PRNG (mulberry32), so a fault pattern can be replayed. @param {number} seed */
function randomStream(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {http.IncomingMessage} request @returns {Promise<Buffer | undefined>} */
function readBody(request) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		request.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/**
 * A stable key for the image a request carries, to count attempts per image: the sha1 of the
 * decoded value (so it does not depend on how a client escapes it). @param {Buffer} body
 */
function imageKeyOf(body) {
	const text = body.toString('utf8');
	const match = /(?:^|&)(img_base64|img_url)=([^&]*)/.exec(text);
	if (!match) return undefined;
	return crypto
		.createHash('sha1')
		.update(querystring.unescape(match[2].replace(/\+/g, ' ')))
		.digest('hex')
		.slice(0, 16);
}

class GatewayStandIn {
	/** @param {Partial<GatewaySettings>} [settings] */
	constructor(settings = {}) {
		/** @type {GatewaySettings} */
		this.settings = { ...defaultSettings(), ...settings };
		this.random = randomStream(this.settings.seed);
		this.nonces = new NonceStore();
		/** @type {LogEntry[]} */
		this.log = [];
		/** @type {Map<string, { bytes: Buffer, contentType: string }>} */
		this.images = new Map();
		/** @type {number[]} arrival times of the requests flow control admitted lately */
		this.recent = [];
		/** @type {Set<import('net').Socket>} */
		this.sockets = new Set();
		this.server = http.createServer((request, response) => {
			this.route(request, response).catch(() => {
				if (!response.headersSent) response.writeHead(500);
				response.end();
			});
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.url = '';
	}

	/** @param {number} [port] @returns {Promise<string>} the base URL */
	async listen(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => resolve(undefined)));
		const address = /** @type {import('net').AddressInfo} */ (this.server.address());
		this.url = `http://127.0.0.1:${address.port}`;
		return this.url;
	}

	async close() {
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}

	/** @param {Partial<GatewaySettings>} changes */
	configure(changes) {
		this.settings = { ...this.settings, ...changes };
		if (changes.seed !== undefined) this.random = randomStream(changes.seed);
	}

	/** @param {string} name @param {Buffer} bytes @param {string} contentType */
	addImage(name, bytes, contentType) {
		this.images.set(name, { bytes, contentType });
		return `${this.url}/images/${encodeURIComponent(name)}`;
	}

	/** @param {http.IncomingMessage} request @param {http.ServerResponse} response */
	async route(request, response) {
		const target = request.url ?? '/';
		const path = target.split('?')[0];
		if (request.method === 'GET' && path.startsWith('/images/')) {
			const image = this.images.get(decodeURIComponent(path.slice('/images/'.length)));
			if (!image) return this.send(response, 404, 'text/plain', 'not found');
			return this.send(response, 200, image.contentType, image.bytes);
		}
		if (path === '/__control' && request.method === 'POST') {
			const body = await readBody(request);
			this.configure(JSON.parse((body ?? Buffer.alloc(0)).toString('utf8') || '{}'));
			return this.send(response, 200, 'application/json', JSON.stringify({ ok: true }));
		}
		if (path === '/__log' && request.method === 'GET') {
			return this.send(response, 200, 'application/json', JSON.stringify(this.log));
		}
		return this.handleApi(request, response, target, path);
	}

	/**
	 * @param {http.IncomingMessage} request @param {http.ServerResponse} response
	 * @param {string} target @param {string} path
	 */
	async handleApi(request, response, target, path) {
		const requestId = crypto.randomUUID().toUpperCase();
		const arrived = Date.now();
		response.on('finish', () => (entry.ms = Date.now() - arrived));
		const body = await readBody(request);
		const auth = request.headers.authorization
			? 'appCode'
			: request.headers['x-ca-key']
				? 'signature'
				: 'none';
		/** @type {LogEntry} */
		const entry = { at: arrived, path, status: 0, auth };
		this.log.push(entry);

		const refuse = (/** @type {number} */ status, /** @type {string} */ message) => {
			entry.status = status;
			entry.gatewayError = message;
			response.writeHead(status, {
				'X-Ca-Request-Id': requestId,
				// A header carries Latin-1 only; the string-to-sign it may quote can hold more.
				'X-Ca-Error-Message': message.replace(/[^\x20-\x7e]/g, (c) => encodeURIComponent(c)),
				'Content-Type': 'text/plain; charset=utf-8',
			});
			response.end('');
		};

		if (body === undefined) return refuse(413, 'Request Body Too Large');
		entry.imageKey = imageKeyOf(body);
		const anyApi = path.startsWith(ANY_API_PREFIX);
		if (!anyApi && (request.method !== 'POST' || path !== this.settings.apiPath))
			return refuse(400, 'Invalid Url');

		const rawRequest = { method: request.method ?? 'GET', target, headers: request.headers, body };
		const rejection = authenticate(rawRequest, this.settings.accounts, this.nonces, Date.now());
		if (rejection) return refuse(rejection.status, rejection.message);

		if (this.settings.qps > 0 && !this.admit(arrived))
			return refuse(403, 'Throttled by APP Flow Control');

		if (this.settings.latencyMs > 0) await delay(this.settings.latencyMs);
		if (anyApi) return this.echo(request, response, target, body, entry, requestId);
		const fault = this.drawFault();
		if (fault) {
			entry.fault = fault;
			const handled = this.injectFault(fault, response, refuse, entry);
			if (handled) return;
		}

		const reply = await vendor.answer(body, {
			forceRetCode: fault === 'ret80' ? 80 : this.settings.forceRetCode,
		});
		if (fault === 'platformError') {
			reply.showapi_res_code = -1;
			reply.showapi_res_error = '系统调用错误';
			reply.showapi_fee_num = 0;
		}
		entry.status = 200;
		entry.retCode = /** @type {{ ret_code: number }} */ (reply.showapi_res_body).ret_code;
		response.writeHead(200, {
			'X-Ca-Request-Id': requestId,
			'Content-Type': 'application/json; charset=utf-8',
		});
		response.end(JSON.stringify(reply));
	}

	/**
	 * What a generic API behind the gateway received, as it read it: method, path, query and
	 * body (as text, as form fields or JSON when it is one, and its MD5).
	 * @param {http.IncomingMessage} request @param {http.ServerResponse} response
	 * @param {string} target @param {Buffer} body @param {LogEntry} entry @param {string} requestId
	 */
	echo(request, response, target, body, entry, requestId) {
		const contentType = String(request.headers['content-type'] ?? '');
		const [path, query = ''] = target.split(/\?(.*)/s);
		const text = body.toString('utf8');
		/** @type {Record<string, unknown>} */
		const reply = {
			method: request.method,
			path,
			query: querystring.parse(query),
			contentType,
			bodyBytes: body.length,
			bodyMd5: crypto.createHash('md5').update(body).digest('base64'),
			signed: request.headers['x-ca-signature'] !== undefined,
			stage: request.headers['x-ca-stage'] ?? null,
			signedHeaders: String(request.headers['x-ca-signature-headers'] ?? '')
				.split(',')
				.filter(Boolean),
		};
		if (contentType.startsWith('application/x-www-form-urlencoded'))
			reply.form = querystring.parse(text);
		else if (contentType.startsWith('application/json'))
			reply.json = text === '' ? null : JSON.parse(text);
		else if (contentType.startsWith('text/')) reply.text = text;
		entry.status = 200;
		response.writeHead(200, {
			'X-Ca-Request-Id': requestId,
			'Content-Type': 'application/json; charset=utf-8',
		});
		response.end(request.method === 'HEAD' ? undefined : JSON.stringify(reply));
	}

	/**
	 * Flow control as a gateway applies it, by arrival time (a request is counted when it
	 * arrives, not when its body has been read): admits a request unless some one-second window
	 * would then hold more than `qps` admitted requests. Requests are processed out of arrival
	 * order at times, so every window around the new arrival is checked.
	 * @param {number} arrived @returns {boolean}
	 */
	admit(arrived) {
		this.recent = this.recent.filter((at) => arrived - at < 2000);
		const times = [...this.recent.filter((at) => Math.abs(at - arrived) < 1000), arrived].sort(
			(a, b) => a - b,
		);
		let busiest = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[i] - times[j] >= 1000) j++;
			busiest = Math.max(busiest, i - j + 1);
		}
		if (busiest > this.settings.qps) return false;
		this.recent.push(arrived);
		return true;
	}

	/** @returns {FaultKind | undefined} */
	drawFault() {
		const roll = this.random();
		let threshold = 0;
		for (const [kind, rate] of Object.entries(this.settings.faults)) {
			threshold += rate ?? 0;
			if (roll < threshold) return /** @type {FaultKind} */ (kind);
		}
		return undefined;
	}

	/**
	 * @param {FaultKind} fault @param {http.ServerResponse} response
	 * @param {(status: number, message: string) => void} refuse @param {LogEntry} entry
	 * @returns {boolean} true when the fault replaced the answer
	 */
	injectFault(fault, response, refuse, entry) {
		switch (fault) {
			case 'http500':
				refuse(500, 'Internal Error');
				return true;
			case 'http502':
				refuse(502, 'Failed To Invoke Backend Service');
				return true;
			case 'http503':
				refuse(503, 'Service Unavailable');
				return true;
			case 'http504':
				refuse(504, 'Backend Service Timeout');
				return true;
			case 'throttle403':
				refuse(403, 'Throttled by APP Flow Control');
				return true;
			case 'throttle429':
				refuse(429, 'Throttled by USER Flow Control');
				return true;
			case 'reset':
				entry.status = -1;
				response.socket?.destroy();
				return true;
			case 'timeout':
				entry.status = -2;
				return true; // never answers; the client must give up
			case 'notJson':
				entry.status = 200;
				response.writeHead(200, { 'Content-Type': 'text/html' });
				response.end('<html><body>502 Bad Gateway</body></html>');
				return true;
			default:
				return false;
		}
	}

	/** @param {http.ServerResponse} response @param {number} status @param {string} type @param {string | Buffer} body */
	send(response, status, type, body) {
		response.writeHead(status, { 'Content-Type': type });
		response.end(body);
	}
}

module.exports = { GatewayStandIn, defaultSettings, TRANSIENT_FAULTS_30 };
