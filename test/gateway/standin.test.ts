/**
 * The stand-in must be as strict as Aliyun's gateway: the official SDK's requests get
 * through, and each kind of bad request is refused with the gateway's own message.
 */
import { Client as SdkClient } from 'aliyun-api-gateway';
import http from 'http';

import { AliyunApiGatewayApi } from '../../credentials/AliyunApiGatewayApi.credentials';
import { APP_CODE, APP_KEY, APP_SECRET, cardPng, testCard } from '../helpers/cards';
import { startGateway } from '../helpers/gateway';
import type { GatewayStandIn } from './server';

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

function send(
	url: string,
	options: { method?: string; headers: Record<string, string>; body?: string },
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{ method: options.method ?? 'POST', headers: options.headers },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		request.on('error', reject);
		request.end(options.body ?? '');
	});
}

/** Signs with the package's own credential, then lets a test tamper with the result. */
async function signed(gatewayUrl: string, body: string, secret = APP_SECRET, key = APP_KEY) {
	const options = await new AliyunApiGatewayApi().authenticate(
		{
			authType: 'signature',
			appKey: key,
			appSecret: secret,
			baseUrl: gatewayUrl,
			stage: 'RELEASE',
		},
		{ method: 'POST', url: `${gatewayUrl}/ocrBankCardGeneral`, body },
	);
	return {
		url: options.url,
		headers: { ...(options.headers as Record<string, string>) },
		body: options.body as string,
	};
}

const imageBody = () => `img_base64=${encodeURIComponent(cardPng(testCard(7)).toString('base64'))}`;

describe('stand-in gateway', () => {
	let gateway: GatewayStandIn;
	beforeAll(async () => {
		gateway = await startGateway();
	});
	afterAll(async () => await gateway.close());
	afterEach(() => jest.restoreAllMocks());

	it('lets the official SDK through, in the showapi envelope, with a request id', async () => {
		const client = new SdkClient(APP_KEY, APP_SECRET);
		const reply = (await client.post(`${gateway.url}/ocrBankCardGeneral`, {
			data: { img_base64: cardPng(testCard(7)).toString('base64') },
			headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
		})) as { showapi_res_code: number; showapi_res_body: { ret_code: number; card_num: string } };
		expect(reply.showapi_res_code).toBe(0);
		expect(reply.showapi_res_body).toMatchObject({ ret_code: 0, card_num: testCard(7).card_num });
	});

	it('lets the package signer through, and the AppCode', async () => {
		const request = await signed(gateway.url, imageBody());
		expect((await send(request.url, request)).status).toBe(200);
		const byCode = await send(`${gateway.url}/ocrBankCardGeneral`, {
			headers: {
				Authorization: `APPCODE ${APP_CODE}`,
				'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
			},
			body: imageBody(),
		});
		expect(byCode.status).toBe(200);
		expect(byCode.headers['x-ca-request-id']).toBeTruthy();
	});

	it.each([
		[
			'a changed body',
			(r: { body: string }) => {
				r.body = r.body.replace('img_base64=', 'img_base64=A');
			},
			400,
			/^Invalid Signature, Server StringToSign:POST#/,
		],
		[
			'a changed path',
			(r: { url: string }) => {
				r.url = r.url.replace('/ocrBankCardGeneral', '/ocrBankCardGeneral?x=1');
			},
			400,
			/^Invalid Signature/,
		],
		[
			'a changed stage header',
			(r: { headers: Record<string, string> }) => {
				r.headers['X-Ca-Stage'] = 'TEST';
			},
			400,
			/^Invalid Url$/,
		],
		[
			'no signature',
			(r: { headers: Record<string, string> }) => {
				delete r.headers['X-Ca-Signature'];
			},
			404,
			/^Empty Signature$/,
		],
		[
			'an unknown AppKey',
			(r: { headers: Record<string, string> }) => {
				r.headers['X-Ca-Key'] = '999';
			},
			400,
			/^Invalid AppKey$/,
		],
		[
			'a malformed timestamp',
			(r: { headers: Record<string, string> }) => {
				r.headers['X-Ca-Timestamp'] = 'yesterday';
			},
			400,
			/^Invalid Timestamp$/,
		],
		[
			'a wrong Content-MD5',
			(r: { headers: Record<string, string> }) => {
				r.headers['Content-MD5'] = 'AAAAAAAAAAAAAAAAAAAAAA==';
			},
			400,
			/^Invalid Content-MD5$/,
		],
		[
			'a multipart body',
			(r: { headers: Record<string, string> }) => {
				r.headers['Content-Type'] = 'multipart/form-data; boundary=x';
			},
			400,
			/^Unsupported Multipart$/,
		],
	])('refuses %s', async (_name, tamper, status, message) => {
		const request = await signed(gateway.url, imageBody());
		tamper(request as never);
		const reply = await send(request.url, request);
		expect(reply.status).toBe(status);
		expect(reply.headers['x-ca-error-message']).toMatch(message);
		expect(reply.headers['x-ca-request-id']).toBeTruthy();
	});

	it('refuses a wrong AppSecret as a bad signature', async () => {
		const request = await signed(gateway.url, imageBody(), 'wrong-secret');
		expect((await send(request.url, request)).headers['x-ca-error-message']).toMatch(
			/^Invalid Signature/,
		);
	});

	it('refuses a timestamp more than 15 minutes off, and accepts 14 minutes', async () => {
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now - 16 * 60 * 1000);
		const stale = await signed(gateway.url, imageBody());
		jest.spyOn(Date, 'now').mockReturnValue(now - 14 * 60 * 1000);
		const late = await signed(gateway.url, imageBody());
		jest.restoreAllMocks();
		expect((await send(stale.url, stale)).headers['x-ca-error-message']).toBe('Timestamp Expired');
		expect((await send(late.url, late)).status).toBe(200);
	});

	it('refuses a reused nonce', async () => {
		const request = await signed(gateway.url, imageBody());
		expect((await send(request.url, request)).status).toBe(200);
		const replay = await send(request.url, request);
		expect(replay.status).toBe(400);
		expect(replay.headers['x-ca-error-message']).toBe('Nonce Used');
	});

	it('refuses a wrong AppCode and a request with no credential', async () => {
		const wrong = await send(`${gateway.url}/ocrBankCardGeneral`, {
			headers: { Authorization: 'APPCODE nope' },
			body: '',
		});
		expect([wrong.status, wrong.headers['x-ca-error-message']]).toEqual([
			400,
			'Invalid AppCode `not exists`',
		]);
		const none = await send(`${gateway.url}/ocrBankCardGeneral`, { headers: {}, body: '' });
		expect(none.status).toBe(401);
	});

	it.each([
		['quotaExhausted', 'Quota Exhausted'],
		['arrears', 'User Arrears'],
		['unauthorized', 'Unauthorized'],
	] as const)('answers 403 for an app in state %s', async (state, message) => {
		const local = await startGateway({
			accounts: { appCodes: { [APP_CODE]: state }, apps: {}, stages: ['RELEASE'] },
		});
		try {
			const reply = await send(`${local.url}/ocrBankCardGeneral`, {
				headers: { Authorization: `APPCODE ${APP_CODE}` },
				body: '',
			});
			expect([reply.status, reply.headers['x-ca-error-message']]).toEqual([403, message]);
		} finally {
			await local.close();
		}
	});

	it('answers each vendor ret_code the image asks for, and 10 for an empty request (free)', async () => {
		const empty = await send(`${gateway.url}/ocrBankCardGeneral`, {
			headers: { Authorization: `APPCODE ${APP_CODE}` },
			body: '',
		});
		expect(JSON.parse(empty.body)).toMatchObject({
			showapi_fee_num: 0,
			showapi_res_body: { ret_code: 10 },
		});
		for (const retCode of [20, 30, 40, 50, 60, 70, 80, 90]) {
			const body = `img_base64=${encodeURIComponent(cardPng({ ret_code: retCode }).toString('base64'))}`;
			const reply = await send(`${gateway.url}/ocrBankCardGeneral`, {
				headers: {
					Authorization: `APPCODE ${APP_CODE}`,
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body,
			});
			expect(JSON.parse(reply.body).showapi_res_body.ret_code).toBe(retCode);
		}
	});

	it('throttles over its QPS limit with the gateway message', async () => {
		const local = await startGateway({ qps: 3 });
		try {
			const replies = await Promise.all(
				Array.from({ length: 6 }, () =>
					send(`${local.url}/ocrBankCardGeneral`, {
						headers: { Authorization: `APPCODE ${APP_CODE}` },
						body: '',
					}),
				),
			);
			const throttled = replies.filter(
				(r) => r.headers['x-ca-error-message'] === 'Throttled by APP Flow Control',
			);
			expect(throttled).toHaveLength(3);
			expect(throttled.every((r) => r.status === 403)).toBe(true);
		} finally {
			await local.close();
		}
	});

	it('replays the same fault pattern from the same seed', async () => {
		const pattern = async () => {
			const local = await startGateway({ faults: { http503: 0.3, notJson: 0.2 }, seed: 7 });
			try {
				for (let i = 0; i < 20; i++) {
					await send(`${local.url}/ocrBankCardGeneral`, {
						headers: { Authorization: `APPCODE ${APP_CODE}` },
						body: 'img_url=x',
					});
				}
				return local.log.map((e) => e.fault ?? '-').join(',');
			} finally {
				await local.close();
			}
		};
		const first = await pattern();
		expect(first).toMatch(/http503/);
		expect(await pattern()).toBe(first);
	});

	it('serves registered images and 404s the rest', async () => {
		const url = gateway.addImage('card.png', cardPng(testCard(3)), 'image/png');
		expect((await send(url, { method: 'GET', headers: {} })).status).toBe(200);
		expect(
			(await send(`${gateway.url}/images/none.png`, { method: 'GET', headers: {} })).status,
		).toBe(404);
	});
});
