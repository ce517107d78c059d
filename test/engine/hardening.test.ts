/**
 * Bad input, odd replies, faults and Stop, in n8n's real engine: nothing hangs, nothing
 * crashes the node, nothing is lost, and no secret or card number leaks (issue 18, point by
 * point). Replies that no gateway sends on purpose come from a scripted server.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GatewayStandIn } from '../gateway/server';
import { APP_CODE, APP_KEY, APP_SECRET, cardPng, testCard } from '../helpers/cards';
import {
	removeBinaryStorage,
	runCredentialTest,
	runInNode,
	runOcrNode,
	useBinaryMode,
} from '../helpers/engine';
import { appCodeCredentials, signatureCredentials, startGateway } from '../helpers/gateway';
import { envelope, type ScriptedServer, startScriptedServer } from '../helpers/scriptedServer';

const png = (bytes: Buffer, fileName = 'card.png') => ({ bytes, fileName, mimeType: 'image/png' });
const cardItems = (count: number, seed = 100) =>
	Array.from({ length: count }, (_, i) => ({
		json: { i },
		binary: { data: png(cardPng(testCard(seed + i), seed + i)) },
	}));
const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

let gateway: GatewayStandIn;
const scripted: ScriptedServer[] = [];
async function script(...args: Parameters<typeof startScriptedServer>): Promise<ScriptedServer> {
	const server = await startScriptedServer(...args);
	scripted.push(server);
	return server;
}

beforeAll(async () => {
	gateway = await startGateway();
	await useBinaryMode('memory');
});
afterAll(async () => {
	await gateway.close();
	for (const server of scripted) await server.close();
	removeBinaryStorage();
});

describe('hangs', () => {
	it('1. the Timeout is a total deadline: a reply that drips, or never ends, times out', async () => {
		const drip = await script((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			const timer = setInterval(() => response.write(' '), 200);
			response.on('close', () => clearInterval(timer));
		});
		const started = Date.now();
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { timeout: 1000, retries: 1, retryBaseWait: 1 } },
			credentials: appCodeCredentials(drip.url),
			items: cardItems(2),
		});
		// Two images, two attempts each, in parallel: about 2 s; the drip alone would run forever.
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(json(result.error)).toEqual([
			expect.objectContaining({ ret_code: 80, attempts: 2, error_source: 'network' }),
			expect.objectContaining({ ret_code: 80, attempts: 2, error_source: 'network' }),
		]);
		expect(result.error[0].json.error).toContain('within 1000 ms');
	});

	it('2. Stop ends the node at once: requests in flight are aborted, nothing is retried or sent after', async () => {
		const slow = await startGateway({ latencyMs: 3000 });
		try {
			const started = Date.now();
			const result = await runOcrNode({
				parameters: { source: 'binary', options: { concurrency: 2, retries: 5 } },
				credentials: appCodeCredentials(slow.url),
				items: cardItems(40),
				cancelAfterMs: 500,
			});
			const elapsed = Date.now() - started;
			// Before: each aborted request counted as a timeout and every image was retried.
			expect(elapsed).toBeLessThan(8000);
			const requestsAtStop = slow.log.length;
			expect(requestsAtStop).toBeLessThanOrEqual(2);
			await new Promise((resolve) => setTimeout(resolve, 1500));
			expect(slow.log.length).toBe(requestsAtStop);
			const items = [...result.success, ...result.error];
			for (const item of items) expect(item.json.error).toMatch(/stopped/);
		} finally {
			await slow.close();
		}
	});

	it('3. the credential Test gives up on a gateway that never answers, and trims the Base URL', async () => {
		const silent = await script(() => undefined);
		const started = Date.now();
		const test = await runCredentialTest({ ...appCodeCredentials(silent.url) });
		expect(test.status).toBe('Error');
		expect(Date.now() - started).toBeLessThan(30_000);
		const spaced = await runCredentialTest({ ...appCodeCredentials(`  ${gateway.url}  `) });
		expect(spaced).toEqual({ status: 'OK', message: 'Connection successful!' });
	}, 60_000);
});

describe('crash and lost results', () => {
	it('4. a URL with half an emoji fails its own item; the cards already read are kept', async () => {
		const good = gateway.addImage('half-emoji-ok.png', cardPng(testCard(41), 41), 'image/png');
		const broken = `${gateway.url}/images/card-\uD83D.png`;
		for (const onError of ['continueRegularOutput', 'continueErrorOutput', undefined] as const) {
			const result = await runOcrNode({
				parameters: { source: 'url', imageUrl: '={{ $json.url }}' },
				credentials: appCodeCredentials(gateway.url),
				items: [{ json: { url: good } }, { json: { url: broken } }, { json: { url: good } }],
				onError,
			});
			expect(result.nodeError).toBeUndefined();
			expect(result.success.map((item) => item.json.card_num)).toEqual([
				testCard(41).card_num,
				testCard(41).card_num,
			]);
			expect(json(result.error)).toEqual([
				expect.objectContaining({ ret_code: 10, error_source: 'local' }),
			]);
			expect(result.error[0].json.error).toMatch(/broken character/);
		}
	});
});

describe('secrets and card numbers', () => {
	it('5. from the HTTP Request node, a cross-origin redirect does not carry the AppCode along', async () => {
		const elsewhere = await script((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{}');
		});
		const redirecting = await script((_request, response) => {
			response.writeHead(302, { Location: `${elsewhere.url}/landing` });
			response.end();
		});
		await runInNode(appCodeCredentials(redirecting.url), async (context: IExecuteFunctions) => {
			return await context.helpers.requestWithAuthentication.call(context, 'aliyunApiGatewayApi', {
				method: 'GET',
				uri: `${redirecting.url}/any/start`,
				json: true,
				followRedirect: true,
				followAllRedirects: true,
			});
		});
		expect(redirecting.requests[0].headers.authorization).toBe(`APPCODE ${APP_CODE}`);
		expect(elsewhere.requests).toHaveLength(1);
		expect(elsewhere.requests[0].headers.authorization).toBeUndefined();
	});

	it.each([
		['an absolute URL', (url: string) => `${url}/steal`],
		['a protocol-relative URL', (url: string) => `//${url.replace(/^http:\/\//, '')}/steal`],
	])('6. an Endpoint Path that is %s is refused: nothing goes to another host', async (_, path) => {
		const thief = await script((_request, response) => response.end('{}'));
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { endpointPath: '={{ $json.path }}' } },
			credentials: appCodeCredentials(gateway.url),
			items: [{ json: { path: path(thief.url) }, binary: { data: png(cardPng(testCard(6))) } }],
		});
		expect(result.nodeError?.message).toMatch(/Endpoint Path .* is not a path/);
		expect(thief.requests).toHaveLength(0);
	});

	it('7. Mask Card Number holds on every path: Error items, Full Response, numbers sent as JSON numbers, the remark, a whole-node error', async () => {
		const card = '6222020200112233445';
		const vendor = await script((request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			if (request.body.includes('remark'))
				response.end(envelope({ ret_code: 70, remark: `识别失败 ${card} 请重试` }));
			// A JSON number, written by hand: JSON.stringify would round it.
			else
				response.end(
					`{"showapi_res_code":0,"showapi_res_id":"n1","showapi_res_body":{"ret_code":0,"card_num":${card},"card_type":"借记卡","bank_name":"Bank"}}`,
				);
		});
		const result = await runOcrNode({
			parameters: {
				source: 'url',
				imageUrl: '={{ $json.url }}',
				options: { maskCardNumber: true, fullResponse: true },
			},
			credentials: appCodeCredentials(vendor.url),
			items: [
				{ json: { url: 'https://example.com/a.jpg' } },
				{ json: { url: 'https://example.com/remark.jpg' } },
			],
		});
		expect(result.success[0].json.card_num).toBe('622202*********3445');
		expect(result.error[0].json.remark).toBe('识别失败 622202*********3445 请重试');
		const everything = JSON.stringify([result.success, result.error]);
		expect(everything).not.toContain(card);
		expect(everything).not.toContain('6222020200112233');

		const refusing = await script((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(
				JSON.stringify({
					showapi_res_code: -2,
					showapi_res_error: `no balance for ${card}`,
					showapi_res_body: { card_num: card },
				}),
			);
		});
		const refused = await runOcrNode({
			parameters: {
				source: 'url',
				imageUrl: 'https://example.com/a.jpg',
				options: { maskCardNumber: true },
			},
			credentials: appCodeCredentials(refusing.url),
			items: [{ json: {} }],
		});
		expect(refused.nodeError?.message).toMatch(/no calls or balance left/);
		expect(JSON.stringify(refused.run)).not.toContain(card);
	});

	it('8. secrets are redacted before the cut, in any case and spacing, in the message, the envelope, the remark and the request id', async () => {
		const spelled = APP_CODE.toUpperCase().split('').join(' ');
		const leaky = await script((request, response) => {
			if (request.body.includes('gateway')) {
				response.writeHead(400, {
					'X-Ca-Error-Message': `${'x'.repeat(190)}${APP_CODE.toUpperCase()}`,
					'X-Ca-Request-Id': `id-${APP_CODE}`,
				});
				response.end();
				return;
			}
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(
				envelope(
					{ ret_code: 70, remark: `bad ${spelled}` },
					{ showapi_res_id: `r-${APP_CODE}`, extra: APP_CODE },
				),
			);
		});
		const result = await runOcrNode({
			parameters: { source: 'url', imageUrl: '={{ $json.url }}', options: { fullResponse: true } },
			credentials: appCodeCredentials(leaky.url),
			items: [
				{ json: { url: 'https://example.com/vendor.jpg' } },
				{ json: { url: 'https://example.com/gateway.jpg' } },
			],
			onError: 'continueRegularOutput',
		});
		const everything = JSON.stringify(result.run);
		const start = APP_CODE.slice(0, 6);
		expect(everything.toLowerCase()).not.toContain(start.toLowerCase());
		expect(everything).not.toContain(spelled);
		expect(result.error.length).toBe(2);
	});
});

describe('requests that cannot succeed', () => {
	it('9. an AppKey and AppSecret pasted with spaces and a line break still sign correctly', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary' },
			credentials: signatureCredentials(gateway.url, ` ${APP_KEY}\n`, `${APP_SECRET} \n`),
			items: cardItems(1, 300),
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.success).toHaveLength(1);
	});

	it('10. one header written twice in different case is signed as it is sent', async () => {
		const { result } = await runInNode(signatureCredentials(gateway.url), async (context) => {
			const response = (await context.helpers.requestWithAuthentication.call(
				context,
				'aliyunApiGatewayApi',
				{
					method: 'POST',
					uri: `${gateway.url}/any/headers`,
					headers: {
						'content-type': 'text/plain',
						'Content-Type': 'application/json',
						'X-Ca-Foo': ' first ',
						'x-ca-foo': 'second',
					},
					body: '{"a":1}',
					resolveWithFullResponse: true,
					simple: false,
				},
			)) as { statusCode: number; headers: Record<string, string>; body: string };
			return {
				status: response.statusCode,
				gatewayError: response.headers['x-ca-error-message'] ?? null,
				body: JSON.parse(response.body || '{}'),
			};
		});
		expect(result).toMatchObject({ status: 200, gatewayError: null, body: { json: { a: 1 } } });
	});

	it.each([
		['a Base URL without a scheme', (url: string) => url.replace('http://', ''), {}, /Base URL/],
		[
			'an Endpoint Path beginning with //',
			(url: string) => url,
			{ endpointPath: '//ocrBankCardGeneral' },
			/Endpoint Path/,
		],
	])(
		'11. %s fails the node once, before anything is sent, naming the field',
		async (_, base, options, message) => {
			const before = gateway.log.length;
			const started = Date.now();
			const result = await runOcrNode({
				parameters: { source: 'binary', options },
				credentials: appCodeCredentials(base(gateway.url)),
				items: cardItems(20),
			});
			expect(result.nodeError?.message).toMatch(message);
			expect(gateway.log.length).toBe(before);
			expect(Date.now() - started).toBeLessThan(15_000);
		},
	);

	it('12. a Timeout of 2^31 ms or more waits as long as it can, not not at all', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { timeout: 2 ** 31 + 5 } },
			credentials: appCodeCredentials(gateway.url),
			items: cardItems(1, 400),
		});
		expect(result.success).toHaveLength(1);
	});
});

describe('wrong results', () => {
	it('13. Put Output in Field = error under "Continue (using error output)" is refused, not sent to the error output', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { putResultInField: 'error' } },
			credentials: appCodeCredentials(gateway.url),
			items: cardItems(1, 500),
			onError: 'continueErrorOutput',
		});
		expect(result.errorOutput).toHaveLength(0);
		expect(result.error[0].json.error).toMatch(/Put Output in Field cannot be "error"/);
	});

	it('14. ret_code 0 without a card number is an Error, not a Success with an empty number', async () => {
		const vendor = await script((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(envelope({ ret_code: 0, card_num: '', card_type: '', bank_name: '' }));
		});
		const result = await runOcrNode({
			parameters: { source: 'url', imageUrl: 'https://example.com/a.jpg' },
			credentials: appCodeCredentials(vendor.url),
			items: [{ json: {} }],
		});
		expect(result.success).toHaveLength(0);
		expect(result.error[0].json).toMatchObject({ ret_code: 70, error_source: 'vendor' });
	});

	it('15. after a whole-node refusal, requests waiting on the rate cap or in backoff are not sent', async () => {
		const before = gateway.log.length;
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { concurrency: 5, maxRequestsPerSecond: 1 } },
			credentials: appCodeCredentials(gateway.url, 'wrong-app-code-999'),
			items: cardItems(10, 600),
		});
		expect(result.nodeError?.message).toMatch(/AppCode/);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(gateway.log.length - before).toBe(1);
	});

	it('16. messages say what happened: an array for a URL, a binary field named like a method, a reply that lies about gzip', async () => {
		const lying = await script((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
			response.end(Buffer.from('not gzip at all'));
		});
		const urls = await runOcrNode({
			parameters: { source: 'url', imageUrl: '={{ $json.urls }}' },
			credentials: appCodeCredentials(lying.url),
			items: [
				{ json: { urls: ['https://example.com/a.jpg', 'https://example.com/b.jpg'] } },
				{ json: { urls: 'https://example.com/c.jpg' } },
			],
			onError: 'continueRegularOutput',
		});
		expect(urls.error[0].json.error).toMatch(/gave a list of 2 values/);
		expect(urls.error[1].json.error).toMatch(/could not be decompressed/);

		for (const field of ['constructor', 'toString', '__proto__']) {
			const result = await runOcrNode({
				parameters: { source: 'binary', binaryPropertyName: field },
				credentials: appCodeCredentials(gateway.url),
				items: cardItems(1, 700),
				onError: 'continueRegularOutput',
			});
			expect(result.error[0].json.error).toMatch(`no binary field "${field}"`);
		}
	});
});
