/**
 * Aliyun's official Node SDK as the oracle: it signs generated requests, a loopback server
 * records them, and the credential's `authenticate`, given the same timestamp and nonce,
 * must produce the same signature and signed headers.
 */
import { Client as SdkClient } from 'aliyun-api-gateway';
import crypto from 'crypto';

import { AliyunApiGatewayApi } from '../../credentials/AliyunApiGatewayApi.credentials';
import { encodeForm } from '../../credentials/common/formEncoding';
import { startCaptureServer, type CapturedRequest } from '../helpers/capture';

const APP_KEY = '203760001';
const APP_SECRET = 'Fake0nly+Test/Secret=0123456789ab';

interface OracleCase {
	name: string;
	query?: string;
	form: Record<string, string>;
	stage?: 'RELEASE' | 'TEST' | 'PRE';
}

function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

const ALPHABET = 'abcXYZ019+/=?&%#:; ~-_.*!@$^()[]{}|\\"\'<>,银行卡号码测试';

function randomText(next: () => number, maxLength: number): string {
	const length = Math.floor(next() * maxLength);
	let text = '';
	for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
	return text;
}

function generatedCases(count: number): OracleCase[] {
	const next = seededRandom(20261128);
	return Array.from({ length: count }, (_, index) => {
		const form: Record<string, string> = {};
		const fields = 1 + Math.floor(next() * 3);
		for (let f = 0; f < fields; f++) form[`k${Math.floor(next() * 5)}_${f}`] = randomText(next, 24);
		return { name: `random #${index}`, form };
	});
}

const base64Image = crypto.randomBytes(3000).toString('base64');

const cases: OracleCase[] = [
	{ name: 'base64 image with + / =', form: { img_base64: base64Image + '==' } },
	{ name: 'url with ? & = % #', form: { img_url: 'http://a.cn/x.jpg?a=1&b=%20c#frag=2' } },
	{ name: 'chinese text', form: { img_url: 'https://例子.测试/卡.jpg', remark: '招商 银行' } },
	{ name: 'empty value stands bare', form: { img_base64: '', img_url: 'http://a.cn/1.jpg' } },
	{ name: 'no form fields', form: {} },
	{ name: 'query parameters', query: 'side=front&z=1&a=', form: { img_url: 'http://a.cn/1.jpg' } },
	{ name: 'query and form share a key', query: 'img_url=q', form: { img_url: 'http://f/1.jpg' } },
	{ name: 'TEST stage', form: { img_url: 'http://a.cn/1.jpg' }, stage: 'TEST' },
	...generatedCases(40),
];

describe('signatures agree with the official SDK', () => {
	let capture: Awaited<ReturnType<typeof startCaptureServer>>;

	beforeAll(async () => {
		capture = await startCaptureServer();
	});
	afterAll(async () => await capture.close());
	afterEach(() => jest.restoreAllMocks());

	async function signWithSdk(testCase: OracleCase): Promise<CapturedRequest> {
		const client = new SdkClient(APP_KEY, APP_SECRET, testCase.stage ?? 'RELEASE');
		const path = '/ocrBankCardGeneral' + (testCase.query ? `?${testCase.query}` : '');
		await client.post(capture.url + path, {
			data: testCase.form,
			headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
		});
		return capture.requests[capture.requests.length - 1];
	}

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const sdk = await signWithSdk(testCase);
		jest.spyOn(Date, 'now').mockReturnValue(Number(sdk.headers['x-ca-timestamp']));
		jest
			.spyOn(crypto, 'randomUUID')
			.mockReturnValue(
				sdk.headers['x-ca-nonce'] as `${string}-${string}-${string}-${string}-${string}`,
			);

		const signed = await new AliyunApiGatewayApi().authenticate(
			{
				authType: 'signature',
				appKey: APP_KEY,
				appSecret: APP_SECRET,
				baseUrl: capture.url,
				stage: testCase.stage ?? 'RELEASE',
			},
			{
				method: 'POST',
				baseURL: capture.url,
				url: sdk.target,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
				body: sdk.body,
			},
		);
		const headers = signed.headers as Record<string, string>;
		expect(headers['X-Ca-Signature']).toBe(sdk.headers['x-ca-signature']);
		expect(headers['X-Ca-Signature-Headers']).toBe(sdk.headers['x-ca-signature-headers']);
		expect(headers['X-Ca-Stage']).toBe(sdk.headers['x-ca-stage']);
	});

	it('form bodies: the package encodes exactly what the SDK sends (a space is %20, not +)', async () => {
		const fields = {
			img_url: 'http://a.cn/my card.jpg?x=1+2',
			remark: "招商 银行 *!'()~",
			img_base64: 'ab+/cd==',
		};
		const sdk = await signWithSdk({ name: 'spaces', form: fields });
		expect(encodeForm(fields)).toBe(sdk.body);
		// URLSearchParams (the other encoder the package once had) writes a space as +.
		expect(new URLSearchParams(fields).toString()).not.toBe(sdk.body);

		// And the credential, given the same fields as an object body of a form, sends those bytes.
		const signed = await new AliyunApiGatewayApi().authenticate(
			{
				authType: 'signature',
				appKey: APP_KEY,
				appSecret: APP_SECRET,
				baseUrl: capture.url,
				stage: 'RELEASE',
			},
			{
				method: 'POST',
				url: `${capture.url}/ocrBankCardGeneral`,
				body: fields,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
			},
		);
		expect(signed.body).toBe(sdk.body);
	});
});
