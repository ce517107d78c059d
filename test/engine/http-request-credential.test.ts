/**
 * The credential used from n8n's HTTP Request node: requests in the node's legacy shape go
 * through n8n-core's real `requestWithAuthentication` (the credential's `authenticate`, then
 * n8n's legacy-to-axios adapter) to the stand-in gateway, which rebuilds the string-to-sign
 * from the raw request it received and refuses anything that does not verify.
 */
import crypto from 'crypto';
import type { IExecuteFunctions, IRequestOptions } from 'n8n-workflow';

import type { GatewayStandIn } from '../gateway/server';
import { type BinaryMode, runInNode, useBinaryMode, removeBinaryStorage } from '../helpers/engine';
import { appCodeCredentials, signatureCredentials, startGateway } from '../helpers/gateway';

let gateway: GatewayStandIn;
beforeAll(async () => {
	gateway = await startGateway();
	await useBinaryMode('memory' as BinaryMode);
});
afterAll(async () => {
	await gateway.close();
	removeBinaryStorage();
});

/** A legacy request, as the HTTP Request node (v4) builds it, sent the way that node sends it. */
async function viaHttpRequestNode(credentials: Record<string, string>, request: IRequestOptions) {
	return await runInNode(credentials, async (context: IExecuteFunctions) => {
		const response = (await context.helpers.requestWithAuthentication.call(
			context,
			'aliyunApiGatewayApi',
			{
				resolveWithFullResponse: true,
				simple: false,
				...request,
				uri: `${gateway.url}${request.uri ?? ''}`,
			},
		)) as { statusCode: number; headers: Record<string, string>; body: unknown };
		const body =
			typeof response.body === 'string' && response.body !== ''
				? JSON.parse(response.body)
				: response.body;
		return {
			status: response.statusCode,
			gatewayError: response.headers['x-ca-error-message'] ?? null,
			body,
		};
	});
}

const modes = [
	['AppCode', () => appCodeCredentials(gateway.url)],
	['AppKey & AppSecret', () => signatureCredentials(gateway.url)],
] as const;

describe.each(modes)('%s', (_mode, credentials) => {
	it('GET with query parameters: repeated keys, empty values, Unicode, + / = & %', async () => {
		const { result } = await viaHttpRequestNode(credentials(), {
			method: 'GET',
			uri: '/any/lookup?side=front',
			qs: { name: '张 三', symbols: '+/=&%', empty: '', tag: ['a', 'b'] },
			qsStringifyOptions: { arrayFormat: 'repeat' },
			json: true,
		});
		expect(result).toMatchObject({
			status: 200,
			gatewayError: null,
			body: {
				method: 'GET',
				path: '/any/lookup',
				query: { side: 'front', name: '张 三', symbols: '+/=&%', empty: '', tag: ['a', 'b'] },
			},
		});
	});

	it.each([
		['from `form`', { form: { img_url: 'http://a.cn/my card.jpg', side: 'front' } }],
		[
			'from an object body',
			{
				body: { img_url: 'http://a.cn/my card.jpg', side: 'front' },
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		],
		[
			'from a string body',
			{
				body: 'img_url=http%3A%2F%2Fa.cn%2Fmy%20card.jpg&side=front',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		],
	])('POST form %s', async (_name, shape) => {
		const { result } = await viaHttpRequestNode(credentials(), {
			method: 'POST',
			uri: '/any/ocr',
			json: true,
			...shape,
		} as IRequestOptions);
		expect(result).toMatchObject({
			status: 200,
			body: { method: 'POST', form: { img_url: 'http://a.cn/my card.jpg', side: 'front' } },
		});
	});

	it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)(
		'%s JSON, with Content-MD5',
		async (method) => {
			const { result } = await viaHttpRequestNode(credentials(), {
				method,
				uri: '/any/item',
				qs: { id: '7' },
				body: { a: 1, b: ' spaced ' },
				json: true,
			});
			expect(result).toMatchObject({
				status: 200,
				body: { method, query: { id: '7' }, json: { a: 1, b: ' spaced ' } },
			});
		},
	);

	it('POST raw text and binary bodies arrive byte for byte', async () => {
		const text = await viaHttpRequestNode(credentials(), {
			method: 'POST',
			uri: '/any/note',
			body: '  not json  \n',
			headers: { 'content-type': 'text/plain' },
			json: false,
		});
		expect(text.result).toMatchObject({ status: 200, body: { text: '  not json  \n' } });
		const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10]);
		const binary = await viaHttpRequestNode(credentials(), {
			method: 'POST',
			uri: '/any/upload',
			body: bytes,
			headers: { 'content-type': 'application/octet-stream' },
			json: false,
		});
		const md5 = crypto.createHash('md5').update(bytes).digest('base64');
		expect(binary.result).toMatchObject({ status: 200, body: { bodyBytes: 7, bodyMd5: md5 } });
	});

	it.each(['HEAD', 'OPTIONS'] as const)('%s', async (method) => {
		// n8n's method type lacks OPTIONS, but the HTTP Request node offers it and the adapter sends it.
		const { result } = await viaHttpRequestNode(credentials(), {
			method: method as IRequestOptions['method'],
			uri: '/any/item',
			qs: { id: '7' },
			json: false,
		});
		expect(result).toMatchObject({ status: 200, gatewayError: null });
	});

	it('a multipart body is refused with a clear error, and nothing is sent', async () => {
		const before = gateway.log.length;
		const { nodeError } = await viaHttpRequestNode(credentials(), {
			method: 'POST',
			uri: '/any/upload',
			formData: { file: 'x' },
		});
		expect(nodeError?.message).toMatch(/multipart\/form-data.*Form Urlencoded/s);
		expect(gateway.log.length).toBe(before);
	});
});

it('signed requests carry X-Ca-Stage from the credential, and user X-Ca-* headers are signed', async () => {
	const { result } = await viaHttpRequestNode(signatureCredentials(gateway.url), {
		method: 'GET',
		uri: '/any/lookup',
		qs: { a: '1' },
		headers: { 'x-ca-request-mode': 'debug' },
		json: true,
	});
	expect(result).toMatchObject({ status: 200, body: { method: 'GET', stage: 'RELEASE' } });
	const { signedHeaders } = (result as { body: { signedHeaders: string[] } }).body;
	expect(signedHeaders.map((name) => name.toLowerCase())).toEqual(
		expect.arrayContaining(['x-ca-request-mode', 'x-ca-stage']),
	);
	// The stand-in verifies every signature; a tampered one is refused (so the checks above can fail).
	const tampered = await runInNode(
		signatureCredentials(gateway.url, undefined, 'Wrong/Secret+Value='),
		async (context) =>
			await context.helpers.requestWithAuthentication
				.call(context, 'aliyunApiGatewayApi', {
					method: 'GET',
					uri: `${gateway.url}/any/lookup`,
					resolveWithFullResponse: true,
					simple: false,
				})
				.then((r: { statusCode: number; headers: Record<string, string> }) => [
					r.statusCode,
					r.headers['x-ca-error-message'],
				]),
	);
	expect(tampered.result).toEqual([400, expect.stringMatching(/^Invalid Signature/)]);
});
