/**
 * The recorded requests of Aliyun's official Node SDK, replayed through the credential's own
 * `authenticate`: the string-to-sign and the signature must match byte for byte.
 */
import crypto from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { AliyunApiGatewayApi } from '../../credentials/AliyunApiGatewayApi.credentials';
import { buildStringToSign } from '../../credentials/common/aliyunSignature';
import { signatureVectors, type SignatureVector } from '../helpers/vectors';

function headerValue(headers: IHttpRequestOptions['headers'], name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : String(headers?.[key]);
}

async function signLikeTheVector(vector: SignatureVector): Promise<IHttpRequestOptions> {
	jest.spyOn(Date, 'now').mockReturnValue(Number(vector.xCaTimestamp));
	jest
		.spyOn(crypto, 'randomUUID')
		.mockReturnValue(vector.xCaNonce as `${string}-${string}-${string}-${string}-${string}`);
	const credential = new AliyunApiGatewayApi();
	return await credential.authenticate(
		{
			authType: 'signature',
			appKey: vector.appKey,
			appSecret: vector.appSecret,
			baseUrl: 'http://127.0.0.1:38527',
			stage: 'RELEASE',
		},
		{
			method: 'POST',
			url: vector.request.target,
			baseURL: 'http://127.0.0.1:38527',
			headers: {
				Accept: vector.request.headers['accept'],
				'Content-Type': vector.request.headers['content-type'],
			},
			body: vector.request.body,
		},
	);
}

describe('signature vectors of the official SDK', () => {
	afterEach(() => jest.restoreAllMocks());

	it('has the five recorded vectors', () => {
		expect(signatureVectors.map((v) => v.name)).toEqual([
			'short_form_body',
			'img_base64_with_plus_slash_equals',
			'chinese_characters',
			'empty_body',
			'json_body_has_content_md5',
		]);
	});

	it.each(signatureVectors.map((v) => [v.name, v] as const))(
		'%s: same string-to-sign, signature and headers',
		async (_name, vector) => {
			const signed = await signLikeTheVector(vector);
			const headers = signed.headers as Record<string, string>;

			const wire = {
				method: 'POST',
				pathAndQuery: new URL(signed.url).pathname + new URL(signed.url).search,
				headers,
				body: signed.body as string,
			};
			expect(buildStringToSign(wire).stringToSign).toBe(vector.stringToSign);
			expect(headerValue(headers, 'X-Ca-Signature')).toBe(vector.signature);

			for (const name of [
				'x-ca-key',
				'x-ca-timestamp',
				'x-ca-nonce',
				'x-ca-stage',
				'x-ca-signature-headers',
				'accept',
				'content-type',
			]) {
				expect(headerValue(headers, name)).toBe(vector.request.headers[name]);
			}
			expect(headerValue(headers, 'content-md5')).toBe(vector.request.headers['content-md5']);
			// Non-form bodies leave as bytes (so nothing re-serializes them): compare the bytes.
			const sent = Buffer.isBuffer(signed.body) ? signed.body.toString('utf8') : signed.body;
			expect(sent).toBe(vector.request.body);
		},
	);

	it('a changed secret gives a different signature (the check can fail)', async () => {
		const vector = { ...signatureVectors[0], appSecret: 'another-secret' };
		const signed = await signLikeTheVector(vector);
		expect(headerValue(signed.headers, 'X-Ca-Signature')).not.toBe(vector.signature);
	});
});
