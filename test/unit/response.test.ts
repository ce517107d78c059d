import { VENDOR_MESSAGES } from '../../nodes/AliyunBankCardOcr/failureRules';
import {
	describeNetworkError,
	parseOcrResponse,
	retryAfterMs,
} from '../../nodes/AliyunBankCardOcr/response';
import { secretRedactor } from '../../nodes/AliyunBankCardOcr/redaction';
import type { OcrFailure, RawResponse } from '../../nodes/AliyunBankCardOcr/types';

const noSecrets = secretRedactor([]);
const parse = (response: RawResponse) => parseOcrResponse(response, noSecrets);

const ok = (body: object, extra: object = {}) => ({
	statusCode: 200,
	headers: { 'content-type': 'application/json', 'x-ca-request-id': 'GW-1' },
	body: JSON.stringify({
		showapi_res_error: '',
		showapi_fee_num: 1,
		showapi_res_code: 0,
		showapi_res_id: 'SHOWAPI-1',
		showapi_res_body: body,
		...extra,
	}),
});

const refused = (status: number, message: string) => ({
	statusCode: status,
	headers: { 'x-ca-error-message': message, 'x-ca-request-id': 'GW-REQ-9' },
	body: '',
});

function failure(outcome: ReturnType<typeof parseOcrResponse>): OcrFailure {
	if (outcome.ok) throw new Error('expected a failure');
	return outcome;
}

describe('parseOcrResponse', () => {
	it('reads a recognised card from the vendor example', () => {
		const outcome = parse(
			ok({
				ret_code: 0,
				bank_name: '邮政储蓄银行',
				card_type: '借记卡',
				card_num: '6217995550000590971',
			}),
		);
		expect(outcome).toMatchObject({
			ok: true,
			card: { card_num: '6217995550000590971', card_type: '借记卡', bank_name: '邮政储蓄银行' },
			requestId: 'SHOWAPI-1',
			fee: 1,
		});
	});

	it('accepts an already parsed body and a ret_code given as a string', () => {
		const response = ok({ ret_code: '0', card_num: '1', card_type: 't', bank_name: 'b' });
		const outcome = parse({ ...response, body: JSON.parse(response.body) });
		expect(outcome.ok).toBe(true);
	});

	it.each([10, 20, 30, 40, 50, 60, 70, 80, 90])(
		'vendor ret_code %i has its own message',
		(retCode) => {
			const outcome = failure(
				parse(ok({ ret_code: retCode, remark: '原文' }, { showapi_fee_num: 0 })),
			);
			expect(outcome).toMatchObject({
				retCode,
				source: 'vendor',
				remark: '原文',
				requestId: 'SHOWAPI-1',
				fatal: false,
			});
			expect(outcome.message).toBe(VENDOR_MESSAGES[retCode]);
			expect(outcome.message).toContain(`ret_code ${retCode}`);
			expect(outcome.transient).toBe(retCode === 80);
		},
	);

	it('every vendor message is distinct', () => {
		expect(new Set(Object.values(VENDOR_MESSAGES)).size).toBe(9);
	});

	it('an unknown ret_code still gets a sentence', () => {
		expect(failure(parse(ok({ ret_code: 99 }))).message).toContain('unknown ret_code 99');
	});

	it.each([
		[400, 'Invalid AppCode `not exists`', true, false, /AppCode/],
		[400, 'Invalid AppKey', true, false, /AppKey and AppSecret/],
		[400, 'Invalid Signature, Server StringToSign:POST#…', true, false, /signature/],
		[404, 'Empty Signature', true, false, /signature/],
		[400, 'Timestamp Expired', true, false, /clock/],
		[400, 'Nonce Used', false, true, /nonce/],
		[403, 'Quota Exhausted', true, false, /quota/],
		[403, 'Api Market Subscription quota exhausted', true, false, /quota/],
		[403, 'User Arrears', true, false, /arrears/],
		[403, 'Unauthorized', true, false, /subscribe/],
		[403, 'Throttled by APP Flow Control', false, true, /QPS/],
		[429, 'Throttled by USER Flow Control', false, true, /QPS/],
		[400, 'Invalid Url', true, false, /Endpoint Path/],
		[500, 'Internal Error', false, true, /passing problem/],
		[502, 'Failed To Invoke Backend Service', false, true, /passing problem/],
		[503, '', false, true, /passing problem/],
		[418, 'I am a teapot', false, false, /check the request/],
	])('HTTP %i "%s" → fatal %p, transient %p', (status, message, fatal, transient, advice) => {
		const outcome = failure(parse(refused(status, message)));
		expect(outcome).toMatchObject({
			source: 'gateway',
			httpStatus: status,
			fatal,
			transient,
			requestId: 'GW-REQ-9',
		});
		expect(outcome.message).toMatch(advice);
		expect(outcome.message).toContain(`HTTP ${status}`);
	});

	it('a 413 is an image-too-large error (50), not retried', () => {
		expect(failure(parse(refused(413, 'Request Body Too Large')))).toMatchObject({
			retCode: 50,
			transient: false,
			fatal: false,
		});
	});

	it('shortens a gateway message that quotes a whole request', () => {
		const outcome = failure(
			parse(refused(400, 'Invalid Signature, Server StringToSign:' + 'A'.repeat(5000))),
		);
		expect(outcome.gatewayMessage!.length).toBeLessThanOrEqual(201);
	});

	it('a reply that is not JSON is a transient gateway error (90)', () => {
		const outcome = failure(parse({ statusCode: 200, headers: {}, body: '<html>502</html>' }));
		expect(outcome).toMatchObject({ retCode: 90, source: 'gateway', transient: true });
	});

	it.each([
		[-1, 90, true, false],
		[-2, 90, false, true],
		[-3, 80, true, false],
		[-1009, 90, true, false],
		[-6, 90, false, false],
	])(
		'showapi_res_code %i → ret_code %i, transient %p, fatal %p',
		(code, retCode, transient, fatal) => {
			const outcome = failure(
				parse(ok({}, { showapi_res_code: code, showapi_res_error: '系统调用错误' })),
			);
			expect(outcome).toMatchObject({ retCode, transient, fatal, source: 'gateway' });
			expect(outcome.message).toContain('系统调用错误');
		},
	);

	it('a body without ret_code is an error, not a success', () => {
		expect(failure(parse(ok({ card_num: '1' }))).retCode).toBe(90);
	});
});

describe('describeNetworkError', () => {
	it.each([
		[{ code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' }, 80],
		[{ message: 'wrapped', cause: { code: 'ETIMEDOUT' } }, 80],
		[new Error('socket timed out'), 80],
		[{ message: 'x', cause: { cause: { code: 'ECONNRESET' } } }, 90],
		[{ code: 'ECONNREFUSED' }, 90],
		['weird', 90],
	])('%p → ret_code %i, transient, network', (error, retCode) => {
		const outcome = describeNetworkError(error, 100);
		expect(outcome).toMatchObject({ retCode, source: 'network', transient: true, fatal: false });
	});

	it('names the connection error code', () => {
		expect(describeNetworkError({ code: 'ECONNREFUSED' }, 100).message).toContain('ECONNREFUSED');
		expect(describeNetworkError({ code: 'ECONNABORTED' }, 1234).message).toContain('1234 ms');
	});
});

describe('what the parser guards against', () => {
	const SECRET = 'test-app-code-0001';
	const withSecret = secretRedactor([SECRET]);

	it('redacts a secret the gateway quotes before cutting its message, and in the request id', () => {
		const outcome = parseOcrResponse(
			{
				statusCode: 400,
				headers: {
					'x-ca-error-message': `${'x'.repeat(195)}${SECRET.toUpperCase()}`,
					'x-ca-request-id': `r-${SECRET}`,
				},
				body: '',
			},
			withSecret,
		);
		const text = JSON.stringify(outcome).toLowerCase();
		expect(text).not.toContain('test-a');
		expect(failure(outcome).requestId).toBe('r-***');
	});

	it('keeps every digit of a card number sent as a JSON number', () => {
		const outcome = parse({
			statusCode: 200,
			headers: {},
			body: '{"showapi_res_code":0,"showapi_res_body":{"ret_code":0,"card_num":6222020200112233445,"bank_name":"B"}}',
		});
		expect(outcome.ok && outcome.card.card_num).toBe('6222020200112233445');
	});

	it('ret_code 0 without a card number is ret_code 70, not a Success', () => {
		const outcome = failure(parse(ok({ ret_code: 0, card_num: '  ' })));
		expect(outcome).toMatchObject({ retCode: 70, source: 'vendor', transient: false });
	});

	it('a throttling reply is marked so, with its Retry-After', () => {
		const outcome = failure(
			parse({
				statusCode: 429,
				headers: { 'retry-after': '2', 'x-ca-error-message': 'Throttled by USER Flow Control' },
				body: '',
			}),
		);
		expect(outcome).toMatchObject({ throttled: true, retryAfterMs: 2000, transient: true });
		expect(outcome.message).toMatch(/Max Requests per Second/);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(retryAfterMs('1.5', 0)).toBe(1500);
		expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
		expect(retryAfterMs('soon', 0)).toBeUndefined();
		expect(retryAfterMs(undefined, 0)).toBeUndefined();
	});

	it('a reply that is not the gzip it claims to be says so, and is not retried', () => {
		const outcome = describeNetworkError(
			{ code: 'Z_DATA_ERROR', message: 'incorrect header check' },
			100,
		);
		expect(outcome.message).toMatch(/could not be decompressed \(Z_DATA_ERROR/);
		expect(outcome.transient).toBe(false);
	});
});
