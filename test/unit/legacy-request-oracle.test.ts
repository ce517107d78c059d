/**
 * The credential in n8n's HTTP Request node: n8n hands `authenticate` the node's legacy request
 * shape (`uri`, `qs`, `form`, `body` + `json`, `headers`, `method`). Each case is a request as
 * the HTTP Request node builds it, signed by `authenticate`, against the same request signed by
 * Aliyun's official SDK (the oracle), both captured or compared as they would go on the wire.
 */
import { Client as SdkClient } from 'aliyun-api-gateway';
import crypto from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { parse } from 'url';

import { AliyunApiGatewayApi } from '../../credentials/AliyunApiGatewayApi.credentials';
import { getHeader } from '../../credentials/common/headers';
import { buildSignedUrl, contentMd5 } from '../../credentials/common/aliyunSignature';
import { MULTIPART_REFUSED } from '../../credentials/common/wireBody';
import { startCaptureServer, type CapturedRequest } from '../helpers/capture';

const APP_KEY = '203760001';
const APP_SECRET = 'Fake0nly+Test/Secret=0123456789ab';
const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
const TRICKY = { text: 'a b', symbols: '+/=&%#?', empty: '', unicode: '银行 卡' };

type Legacy = Record<string, unknown>;
interface OracleCase {
	name: string;
	/** The request as n8n's HTTP Request node hands it to `authenticate` (path relative). */
	legacy: Legacy;
	/** The same request through the SDK. */
	sdk: (client: SdkClient, base: string) => Promise<unknown>;
	stage?: 'RELEASE' | 'TEST';
}

const md5 = (text: string) => contentMd5(text);
/** The SDK's generic call, for the methods it has no verb for; `fields` is what it signs of a form. */
const request = (
	client: SdkClient,
	method: string,
	url: string,
	headers: Record<string, string>,
	data?: string,
	fields?: object,
) =>
	client
		.request(method, parse(url, true), { headers, signHeaders: {}, data }, fields)
		// The SDK parses every reply as JSON; a HEAD reply has no body (the request was captured).
		.catch((error: Error) => (method === 'HEAD' ? undefined : Promise.reject(error)));

const cases: OracleCase[] = [
	{
		name: 'GET with query parameters (spaces, + / = & % # ?, empty value, Unicode)',
		legacy: { method: 'GET', uri: '/any/lookup', qs: TRICKY, json: true, headers: {} },
		sdk: (c, b) =>
			c.get(`${b}/any/lookup`, { query: TRICKY, headers: { accept: 'application/json' } }),
	},
	{
		name: 'GET with a query in the URL and more in qs',
		legacy: { method: 'GET', uri: '/any/lookup?side=front&z=1', qs: { a: 'x y' }, json: true },
		sdk: (c, b) =>
			c.get(`${b}/any/lookup?side=front&z=1`, {
				query: { a: 'x y' },
				headers: { accept: 'application/json' },
			}),
	},
	{
		name: 'POST form from `form` (Body Content Type: Form Urlencoded)',
		legacy: {
			method: 'POST',
			uri: '/any/ocr',
			form: { img_url: 'http://a.cn/my card.jpg?x=1', side: 'front' },
			json: true,
		},
		sdk: (c, b) =>
			c.post(`${b}/any/ocr`, {
				data: { img_url: 'http://a.cn/my card.jpg?x=1', side: 'front' },
				headers: { 'content-type': FORM, accept: 'application/json' },
			}),
	},
	{
		name: 'POST form from an object body with a form Content-Type',
		legacy: {
			method: 'POST',
			uri: '/any/ocr',
			body: { img_base64: 'ab+/cd==' },
			headers: { 'content-type': FORM },
			json: true,
		},
		sdk: (c, b) =>
			c.post(`${b}/any/ocr`, {
				data: { img_base64: 'ab+/cd==' },
				headers: { 'content-type': FORM, accept: 'application/json' },
			}),
	},
	{
		name: 'POST form from a string body',
		legacy: {
			method: 'POST',
			uri: '/any/ocr',
			body: 'img_url=http%3A%2F%2Fa.cn%2F1.jpg&note=a%20b',
			headers: { 'content-type': FORM },
			json: false,
		},
		sdk: (c, b) =>
			c.post(`${b}/any/ocr`, {
				data: { img_url: 'http://a.cn/1.jpg', note: 'a b' },
				headers: { 'content-type': FORM, accept: 'application/json' },
			}),
	},
	{
		name: 'POST JSON from an object body (Body Content Type: JSON): Content-MD5',
		legacy: {
			method: 'POST',
			uri: '/any/ocr',
			body: { img_url: 'http://a.cn/1.jpg', n: 1, nested: { ok: true } },
			json: false,
			headers: {},
		},
		sdk: (c, b) =>
			c.post(`${b}/any/ocr`, {
				data: { img_url: 'http://a.cn/1.jpg', n: 1, nested: { ok: true } },
				headers: { 'content-type': 'application/json', accept: 'application/json' },
			}),
	},
	{
		name: 'POST raw text (Body Content Type: Raw): Content-MD5 of the exact bytes, spaces kept',
		legacy: {
			method: 'POST',
			uri: '/any/note',
			body: '  {"not": "trimmed"}\n',
			headers: { 'content-type': 'text/plain' },
			json: false,
		},
		sdk: (c, b) =>
			c.post(`${b}/any/note`, {
				data: '  {"not": "trimmed"}\n',
				headers: { 'content-type': 'text/plain', accept: 'application/json' },
			}),
	},
	{
		name: 'POST binary (Body Content Type: n8n Binary File)',
		legacy: {
			method: 'POST',
			uri: '/any/upload',
			body: Buffer.from([0, 1, 2, 255, 254, 10, 13]),
			headers: { 'content-type': 'application/octet-stream' },
			json: false,
		},
		sdk: (c, b) =>
			c.post(`${b}/any/upload`, {
				data: Buffer.from([0, 1, 2, 255, 254, 10, 13]),
				headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
			}),
	},
	{
		name: 'PUT JSON',
		legacy: { method: 'PUT', uri: '/any/item', body: { a: 1 }, json: true },
		sdk: (c, b) =>
			c.put(`${b}/any/item`, {
				data: { a: 1 },
				headers: {
					'content-type': 'application/json',
					accept: 'application/json',
					'content-md5': md5('{"a":1}'),
				},
			}),
	},
	{
		name: 'PATCH form with query',
		legacy: {
			method: 'PATCH',
			uri: '/any/item',
			qs: { id: '7' },
			form: { name: 'Zhang San' },
			json: true,
		},
		sdk: (c, b) =>
			request(
				c,
				'PATCH',
				`${b}/any/item?id=7`,
				{ 'content-type': FORM, accept: 'application/json' },
				'name=Zhang%20San',
				{ name: 'Zhang San' },
			),
	},
	{
		name: 'DELETE with query',
		legacy: { method: 'DELETE', uri: '/any/item', qs: { id: '7' }, json: true },
		sdk: (c, b) =>
			c.delete(`${b}/any/item`, { query: { id: '7' }, headers: { accept: 'application/json' } }),
	},
	{
		name: 'HEAD',
		legacy: {
			method: 'HEAD',
			uri: '/any/item',
			qs: { id: '7' },
			json: false,
			headers: { accept: 'application/json' },
		},
		sdk: (c, b) => request(c, 'HEAD', `${b}/any/item?id=7`, { accept: 'application/json' }),
	},
	{
		name: 'OPTIONS',
		legacy: { method: 'OPTIONS', uri: '/any/item', json: true },
		sdk: (c, b) => request(c, 'OPTIONS', `${b}/any/item`, { accept: 'application/json' }),
	},
	{
		name: 'extra X-Ca-* headers the user adds are signed',
		legacy: {
			method: 'GET',
			uri: '/any/lookup',
			qs: { a: '1' },
			headers: { 'x-ca-request-mode': 'debug', 'x-custom': 'not signed' },
			json: true,
		},
		sdk: (c, b) =>
			c.get(`${b}/any/lookup`, {
				query: { a: '1' },
				headers: {
					accept: 'application/json',
					'x-ca-request-mode': 'debug',
					'x-custom': 'not signed',
				},
			}),
	},
	{
		name: 'TEST stage',
		legacy: { method: 'POST', uri: '/any/ocr', form: { img_url: 'http://a.cn/1.jpg' }, json: true },
		sdk: (c, b) =>
			c.post(`${b}/any/ocr`, {
				data: { img_url: 'http://a.cn/1.jpg' },
				headers: { 'content-type': FORM, accept: 'application/json' },
			}),
		stage: 'TEST',
	},
];

const header = (headers: unknown, name: string) =>
	getHeader((headers ?? {}) as Record<string, unknown>, name);

/** Query pairs, decoded, in order: what the gateway reads (and signs) from a target. */
const queryPairs = (target: string) => [...new URLSearchParams(target.split('?')[1] ?? '')];
const bodyBytes = (body: unknown) =>
	body === undefined ? '' : Buffer.from(body as string | Buffer).toString('hex');

describe('the legacy request shape (HTTP Request node) is signed as the official SDK signs it', () => {
	let capture: Awaited<ReturnType<typeof startCaptureServer>>;
	beforeAll(async () => (capture = await startCaptureServer()));
	afterAll(async () => await capture.close());
	afterEach(() => jest.restoreAllMocks());

	async function authenticate(
		legacy: Legacy,
		stage: 'RELEASE' | 'TEST',
		sdk: CapturedRequest,
	): Promise<IHttpRequestOptions> {
		jest.spyOn(Date, 'now').mockReturnValue(Number(sdk.headers['x-ca-timestamp']));
		jest
			.spyOn(crypto, 'randomUUID')
			.mockReturnValue(
				sdk.headers['x-ca-nonce'] as `${string}-${string}-${string}-${string}-${string}`,
			);
		return await new AliyunApiGatewayApi().authenticate(
			{
				authType: 'signature',
				appKey: APP_KEY,
				appSecret: APP_SECRET,
				baseUrl: capture.url,
				stage,
			},
			{ ...legacy, uri: `${capture.url}${String(legacy.uri)}` } as unknown as IHttpRequestOptions,
		);
	}

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		await testCase.sdk(
			new SdkClient(APP_KEY, APP_SECRET, testCase.stage ?? 'RELEASE'),
			capture.url,
		);
		const sdk = capture.requests[capture.requests.length - 1];
		const signed = await authenticate(testCase.legacy, testCase.stage ?? 'RELEASE', sdk);
		const headers = signed.headers as Record<string, unknown>;

		expect(header(headers, 'x-ca-signature')).toBe(sdk.headers['x-ca-signature']);
		expect(header(headers, 'x-ca-signature-headers')).toBe(sdk.headers['x-ca-signature-headers']);
		for (const name of ['accept', 'content-type', 'content-md5', 'x-ca-stage', 'x-ca-key']) {
			expect([name, header(headers, name)]).toEqual([name, sdk.headers[name]]);
		}
		// The same path and query, and the same body bytes; `uri` and `url` agree, nothing left
		// for n8n's client to add (no qs, form or baseURL).
		const target = new URL(signed.url);
		expect(target.pathname).toBe(sdk.target.split('?')[0]);
		expect(queryPairs(target.search)).toEqual(queryPairs(sdk.target));
		expect(bodyBytes(signed.body)).toBe(sdk.raw.toString('hex'));
		expect((signed as { uri?: string }).uri).toBe(signed.url);
		for (const key of ['qs', 'form', 'formData', 'baseURL']) expect(signed).not.toHaveProperty(key);
	});
});

describe('what the SDK cannot express', () => {
	const credentials = {
		authType: 'signature',
		appKey: APP_KEY,
		appSecret: APP_SECRET,
		baseUrl: 'http://127.0.0.1:1',
		stage: 'RELEASE',
	};

	it('repeated query keys follow the array format n8n would use', async () => {
		const sign = async (extra: Legacy) =>
			(
				await new AliyunApiGatewayApi().authenticate(credentials, {
					method: 'GET',
					uri: 'http://127.0.0.1:1/any/x',
					qs: { id: ['1', '2'] },
					...extra,
				} as unknown as IHttpRequestOptions)
			).url;
		expect(await sign({ qsStringifyOptions: { arrayFormat: 'repeat' } })).toBe(
			'http://127.0.0.1:1/any/x?id=1&id=2',
		);
		expect(await sign({ qsStringifyOptions: { arrayFormat: 'indices' } })).toBe(
			'http://127.0.0.1:1/any/x?id%5B0%5D=1&id%5B1%5D=2',
		);
		expect(await sign({})).toBe('http://127.0.0.1:1/any/x?id%5B%5D=1&id%5B%5D=2');
		// The gateway signs a repeated key with its first value (the SDK cannot send one).
		expect(buildSignedUrl('/any/x?id=1&id=2&a=', undefined)).toBe('/any/x?a&id=1');
		expect(buildSignedUrl('/any/x?id=q', 'id=f1&id=f2')).toBe('/any/x?id=f1');
	});

	it('a multipart body is refused before anything is sent, saying what to use instead', async () => {
		for (const shape of [
			{ method: 'POST', uri: 'http://127.0.0.1:1/any/upload', formData: { file: 'x' } },
			{
				method: 'POST',
				uri: 'http://127.0.0.1:1/any/upload',
				body: 'x',
				headers: { 'content-type': 'multipart/form-data; boundary=b' },
			},
		]) {
			await expect(
				new AliyunApiGatewayApi().authenticate(
					credentials,
					shape as unknown as IHttpRequestOptions,
				),
			).rejects.toThrow(MULTIPART_REFUSED);
		}
		expect(MULTIPART_REFUSED).toMatch(/Form Urlencoded/);
	});

	it('a stream body (a binary file in filesystem mode) is read and signed as its bytes', async () => {
		const { Readable } = await import('stream');
		const bytes = crypto.randomBytes(5000);
		const signed = await new AliyunApiGatewayApi().authenticate(credentials, {
			method: 'POST',
			uri: 'http://127.0.0.1:1/any/upload',
			body: Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
			headers: { 'content-type': 'image/png', 'content-length': 5000 },
		} as unknown as IHttpRequestOptions);
		expect(Buffer.compare(signed.body as Buffer, bytes)).toBe(0);
		expect(header(signed.headers as Record<string, unknown>, 'content-md5')).toBe(
			contentMd5(bytes),
		);
	});

	it("signing again (n8n's retry paths) gives a fresh nonce and timestamp, and the same request", async () => {
		const legacy = {
			method: 'POST',
			uri: 'http://127.0.0.1:1/any/ocr',
			form: { a: 'b c' },
			json: true,
		} as unknown as IHttpRequestOptions;
		const first = await new AliyunApiGatewayApi().authenticate(credentials, legacy);
		const again = await new AliyunApiGatewayApi().authenticate(credentials, first);
		const h1 = first.headers as Record<string, string>;
		const h2 = again.headers as Record<string, string>;
		expect(h2['X-Ca-Nonce']).not.toBe(h1['X-Ca-Nonce']);
		expect([again.url, again.body, h2['Content-Type'], h2['X-Ca-Signature-Headers']]).toEqual([
			first.url,
			first.body,
			h1['Content-Type'],
			h1['X-Ca-Signature-Headers'],
		]);
	});
});
