/** The credential's Test button against the stand-in gateway, run the way n8n runs it. */
import { APP_CODE, APP_KEY, APP_SECRET } from '../helpers/cards';
import { runCredentialTest } from '../helpers/engine';
import { startGateway } from '../helpers/gateway';
import type { GatewayStandIn } from '../gateway/server';

describe('credential test (the Test button)', () => {
	let gateway: GatewayStandIn;
	beforeAll(async () => {
		gateway = await startGateway();
	});
	afterAll(async () => await gateway.close());

	it('passes a working AppCode, with a free empty request (ret_code 10, fee 0)', async () => {
		const before = gateway.log.length;
		expect(
			await runCredentialTest({ authType: 'appCode', appCode: APP_CODE, baseUrl: gateway.url }),
		).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(gateway.log.slice(before)).toEqual([
			expect.objectContaining({ status: 200, retCode: 10, auth: 'appCode' }),
		]);
	});

	it('passes a working AppKey and AppSecret', async () => {
		const result = await runCredentialTest({
			authType: 'signature',
			appKey: APP_KEY,
			appSecret: APP_SECRET,
			baseUrl: gateway.url,
		});
		expect(result.status).toBe('OK');
	});

	it.each([
		['a wrong AppCode', { authType: 'appCode', appCode: 'wrong-code-0000' }, /check the AppCode/],
		[
			'a wrong AppKey',
			{ authType: 'signature', appKey: '12345', appSecret: APP_SECRET },
			/AppKey and AppSecret/,
		],
		[
			'a wrong AppSecret',
			{ authType: 'signature', appKey: APP_KEY, appSecret: 'not-the-secret' },
			/AppKey and AppSecret/,
		],
		[
			'a stage the API is not on',
			{ authType: 'appCode', appCode: APP_CODE, stage: 'TEST' },
			/Stage/,
		],
	])('fails %s with a message that says what to check', async (_name, data, message) => {
		const result = await runCredentialTest({ ...data, baseUrl: gateway.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('wrong-code-0000');
		expect(result.message).not.toContain('not-the-secret');
	});

	it('fails an account whose quota is used up', async () => {
		const local = await startGateway({
			accounts: { appCodes: { [APP_CODE]: 'quotaExhausted' }, apps: {}, stages: ['RELEASE'] },
		});
		try {
			const result = await runCredentialTest({
				authType: 'appCode',
				appCode: APP_CODE,
				baseUrl: local.url,
			});
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(/quota is used up/),
			});
		} finally {
			await local.close();
		}
	});
});
