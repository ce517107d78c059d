/**
 * The node inside n8n's real execution engine, against the stand-in gateway: every source,
 * every ret_code, every local check and gateway refusal, and the shape of both outputs.
 */
import { type INodeExecutionData, LoggerProxy } from 'n8n-workflow';

import type { GatewayStandIn } from '../gateway/server';
import {
	APP_CODE,
	APP_SECRET,
	cardJpeg,
	cardPng,
	PDF_BYTES,
	TEXT_BYTES,
	testCard,
} from '../helpers/cards';
import { type BinaryMode, removeBinaryStorage, runOcrNode, useBinaryMode } from '../helpers/engine';
import { appCodeCredentials, signatureCredentials, startGateway } from '../helpers/gateway';

const png = (bytes: Buffer, fileName = 'card.png') => ({ bytes, fileName, mimeType: 'image/png' });
const jpg = (bytes: Buffer, fileName = 'card.jpg') => ({ bytes, fileName, mimeType: 'image/jpeg' });

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
const paired = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

let gateway: GatewayStandIn;

beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => {
	await gateway.close();
	removeBinaryStorage();
});

type AuthMode = 'appCode' | 'signature';
const credentialsFor = (mode: AuthMode) =>
	mode === 'appCode' ? appCodeCredentials(gateway.url) : signatureCredentials(gateway.url);

describe.each<[BinaryMode, AuthMode]>([
	['filesystem', 'appCode'],
	['filesystem', 'signature'],
	['memory', 'appCode'],
	['memory', 'signature'],
])('binary files in %s mode, %s auth', (binaryMode, authMode) => {
	beforeAll(async () => await useBinaryMode(binaryMode));

	it('reads every attachment with *, one item per image, in order, PDF and empty file on Error', async () => {
		const cards = [testCard(1), testCard(2), testCard(3)];
		const result = await runOcrNode({
			parameters: { source: 'binary', binaryPropertyName: '*' },
			credentials: credentialsFor(authMode),
			items: [
				{
					json: { subject: 'first mail' },
					binary: {
						attachment_0: jpg(cardJpeg(cards[0]), 'front.jpg'),
						attachment_1: {
							bytes: PDF_BYTES,
							fileName: 'statement.pdf',
							mimeType: 'application/pdf',
						},
						attachment_2: png(cardPng(cards[1]), 'second.png'),
					},
				},
				{ json: { subject: 'no attachments' } },
				{
					json: { subject: 'third mail' },
					binary: {
						attachment_0: { bytes: Buffer.alloc(0), fileName: 'empty.jpg', mimeType: 'image/jpeg' },
						attachment_1: png(cardPng(cards[2]), 'third.png'),
					},
				},
			],
		});

		expect(result.nodeError).toBeUndefined();
		expect(json(result.success).map((j) => [j.card_num, j.binary_field, j.file_name])).toEqual([
			[cards[0].card_num, 'attachment_0', 'front.jpg'],
			[cards[1].card_num, 'attachment_2', 'second.png'],
			[cards[2].card_num, 'attachment_1', 'third.png'],
		]);
		expect(paired(result.success)).toEqual([{ item: 0 }, { item: 0 }, { item: 2 }]);
		expect(
			json(result.error).map((j) => [j.ret_code, j.error_source, j.binary_field ?? null]),
		).toEqual([
			[20, 'local', 'attachment_1'],
			[10, 'local', null],
			[10, 'local', 'attachment_0'],
		]);
		expect(paired(result.error)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.error[0].json.error).toMatch(
			/"statement\.pdf" in binary field "attachment_1" is a PDF document, and the API reads only JPEG, PNG or BMP images/,
		);
		expect(result.error[2].json.error).toMatch(/"empty\.jpg".*is empty/);
		expect(result.success[0].json).toMatchObject({
			card_type: '借记卡',
			bank_name: '测试银行',
			card_num_valid: true,
			card_network: 'UnionPay',
			fee: 1,
		});
		expect(typeof result.success[0].json.request_id).toBe('string');
	});

	it('reads a comma-separated list of fields and reports a missing one', async () => {
		const card = testCard(4);
		const result = await runOcrNode({
			parameters: { source: 'binary', binaryPropertyName: 'back, front' },
			credentials: credentialsFor(authMode),
			items: [{ binary: { front: png(cardPng(card)) } }],
		});
		expect(json(result.error)).toEqual([
			expect.objectContaining({ ret_code: 10, error_source: 'local', binary_field: 'back' }),
		]);
		expect(result.error[0].json.error).toMatch(
			/no binary field "back" \(its binary fields: front\)/,
		);
		expect(json(result.success).map((j) => j.card_num)).toEqual([card.card_num]);
	});
});

describe('image URL and base64 sources', () => {
	beforeAll(async () => await useBinaryMode('filesystem'));

	it('reads URLs from spreadsheet rows, keeping the row with Include Input Fields', async () => {
		const card = testCard(11);
		const good = gateway.addImage('row1.png', cardPng(card), 'image/png');
		const result = await runOcrNode({
			parameters: {
				source: 'url',
				imageUrl: '={{ $json.image_url }}',
				options: { includeInputFields: true },
			},
			credentials: appCodeCredentials(gateway.url),
			items: [
				{ json: { row: 1, image_url: good } },
				{ json: { row: 2, image_url: `${gateway.url}/images/missing.png` } },
				{ json: { row: 3, image_url: 'card.png' } },
				{ json: { row: 4, image_url: '' } },
			],
		});
		expect(json(result.success)).toEqual([
			expect.objectContaining({
				row: 1,
				image_url: good,
				card_num: card.card_num,
				card_network: 'UnionPay',
			}),
		]);
		expect(json(result.error).map((j) => [j.row, j.ret_code, j.error_source])).toEqual([
			[2, 40, 'vendor'],
			[3, 10, 'local'],
			[4, 10, 'local'],
		]);
		expect(result.error[0].json.remark).toBe('图片下载失败，请检查图片链接是否正常!');
		expect(paired(result.error)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
	});

	it('reads base64 with and without a data: prefix; bad strings fail locally', async () => {
		const card = testCard(12);
		const base64 = cardPng(card).toString('base64');
		const result = await runOcrNode({
			parameters: { source: 'base64', base64String: '={{ $json.b64 }}' },
			credentials: signatureCredentials(gateway.url),
			items: [
				{ json: { b64: base64 } },
				{ json: { b64: `data:image/png;base64,${base64}` } },
				{ json: { b64: 'this is not base64!' } },
				{ json: { b64: PDF_BYTES.toString('base64') } },
				{ json: { b64: '' } },
			],
		});
		expect(json(result.success).map((j) => [j.card_num, j.image_source])).toEqual([
			[card.card_num, 'base64'],
			[card.card_num, 'base64'],
		]);
		expect(json(result.error).map((j) => [j.ret_code, j.error_source])).toEqual([
			[20, 'local'],
			[20, 'local'],
			[10, 'local'],
		]);
	});
});

describe('vendor ret_codes', () => {
	beforeAll(async () => await useBinaryMode('memory'));

	it('routes every ret_code other than 0 to Error with its own message and the vendor remark', async () => {
		const codes = [10, 20, 30, 40, 50, 60, 70, 80, 90];
		const result = await runOcrNode({
			parameters: { source: 'binary', binaryPropertyName: 'data', options: { retries: 0 } },
			credentials: appCodeCredentials(gateway.url),
			items: [
				{ binary: { data: png(cardPng(testCard(5))) } },
				...codes.map((retCode) => ({
					json: { retCode },
					binary: { data: png(cardPng({ ret_code: retCode })) },
				})),
			],
		});
		expect(result.success).toHaveLength(1);
		expect(json(result.error).map((j) => j.ret_code)).toEqual(codes);
		expect(
			json(result.error).every((j) => j.error_source === 'vendor' && typeof j.remark === 'string'),
		).toBe(true);
		expect(new Set(json(result.error).map((j) => j.error)).size).toBe(codes.length);
		expect(paired(result.error)).toEqual(codes.map((_, i) => ({ item: i + 1 })));
	});

	it('an image without a readable card is ret_code 70', async () => {
		const result = await runOcrNode({
			parameters: {
				source: 'base64',
				base64String: cardPng({ note: 'no card here' } as never).toString('base64'),
			},
			credentials: appCodeCredentials(gateway.url),
			items: [{ json: {} }],
		});
		expect(result.error[0].json).toMatchObject({ ret_code: 70, error_source: 'vendor' });
	});
});

describe('local checks send nothing', () => {
	beforeAll(async () => await useBinaryMode('filesystem'));

	it('empty, PDF, text and oversized files fail before any request', async () => {
		const before = gateway.log.length;
		const result = await runOcrNode({
			parameters: { source: 'binary', binaryPropertyName: 'data', options: { maxImageSize: 0.01 } },
			credentials: appCodeCredentials(gateway.url),
			items: [
				{
					binary: {
						data: { bytes: Buffer.alloc(0), fileName: 'empty.png', mimeType: 'image/png' },
					},
				},
				{
					binary: { data: { bytes: PDF_BYTES, fileName: 'scan.pdf', mimeType: 'application/pdf' } },
				},
				{ binary: { data: { bytes: TEXT_BYTES, fileName: 'notes.txt', mimeType: 'text/plain' } } },
				{ binary: { data: png(cardPng(testCard(6), 1, 50_000), 'huge.png') } },
				{ json: { note: 'no binary at all' } },
			],
		});
		expect(json(result.error).map((j) => [j.ret_code, j.error_source, j.attempts])).toEqual([
			[10, 'local', 0],
			[20, 'local', 0],
			[20, 'local', 0],
			[50, 'local', 0],
			[10, 'local', 0],
		]);
		expect(result.error[3].json.error).toMatch(/more than Max Image Size/);
		expect(gateway.log.length).toBe(before);
	});
});

describe('failures before the request say what went wrong', () => {
	beforeAll(async () => await useBinaryMode('filesystem'));

	it('a stored file that cannot be read keeps the storage error in its message', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary' },
			credentials: appCodeCredentials(gateway.url),
			items: [
				{ binary: { data: { ...png(cardPng(testCard(41)), 'gone.png'), removeStoredFile: true } } },
			],
		});
		expect(json(result.error)).toEqual([
			expect.objectContaining({ ret_code: 10, error_source: 'local', binary_field: 'data' }),
		]);
		expect(result.error[0].json.error).toMatch(
			/"gone\.png" in binary field "data" could not be read from n8n's binary data storage \(.*(ENOENT|no such file|File not found).*\)/,
		);
	});

	it.each([
		['url', { imageUrl: '={{ $json.row.link }}' }, 'image_url', 'binary_field'],
		['base64', { base64String: '={{ $json.row.data }}' }, 'image_source', 'binary_field'],
		['binary', {}, 'binary_field', 'image_url'],
	])(
		'an item whose parameters cannot be read is tagged with its real source (%s)',
		async (source, parameters, present, absent) => {
			const result = await runOcrNode({
				// An expression that fails: it names a node the workflow does not have.
				parameters: {
					source,
					...parameters,
					options: { timeout: "={{ $('No Such Node').item.json.timeout }}" },
				},
				credentials: appCodeCredentials(gateway.url),
				items: [{ json: { row: null } }],
				onError: 'continueRegularOutput',
			});
			expect(result.error).toHaveLength(1);
			expect(result.error[0].json.error).toMatch(/parameters could not be read/);
			expect(result.error[0].json).toHaveProperty(present);
			expect(result.error[0].json).not.toHaveProperty(absent);
			expect(result.success).toHaveLength(0);
		},
	);

	it('without continue-on-fail, the same item stops the node with the expression error', async () => {
		const result = await runOcrNode({
			parameters: {
				source: 'url',
				imageUrl: 'https://x/1.jpg',
				options: { timeout: "={{ $('No Such Node').item.json.timeout }}" },
			},
			credentials: appCodeCredentials(gateway.url),
			items: [{ json: {} }],
		});
		expect(result.nodeError?.message).toMatch(/Referenced node doesn't exist/);
		expect(result.success).toHaveLength(0);
	});
});

describe('gateway refusals', () => {
	beforeAll(async () => await useBinaryMode('memory'));

	const twoCards = () => [
		{ binary: { data: png(cardPng(testCard(8))) } },
		{ binary: { data: png(cardPng(testCard(9))) } },
	];

	it.each([
		[
			'a wrong AppCode',
			() => appCodeCredentials(gateway.url, 'wrong-app-code-123'),
			/rejected the AppCode|AppCode/,
			'400',
		],
		[
			'a wrong AppKey',
			() => signatureCredentials(gateway.url, '111111'),
			/AppKey and AppSecret/,
			'400',
		],
		[
			'a wrong AppSecret',
			() => signatureCredentials(gateway.url, undefined, 'Wrong/Secret+Value='),
			/signature was refused/,
			'400',
		],
	])(
		'%s stops the node with a NodeApiError that says what to fix',
		async (_name, credentials, message, httpCode) => {
			const result = await runOcrNode({
				parameters: { source: 'binary' },
				credentials: credentials(),
				items: twoCards(),
			});
			expect(result.nodeError?.message).toMatch(message);
			expect(result.nodeError?.httpCode).toBe(httpCode);
			expect(result.nodeError?.description).toMatch(/^X-Ca-Request-Id: /);
			// The error keeps the gateway's reply as it came, as n8n's own nodes do.
			const reply = result.nodeError?.errorResponse as {
				httpCode: string;
				headers: Record<string, string>;
			};
			expect(reply.httpCode).toBe(httpCode);
			expect(reply.headers['x-ca-error-message']).toMatch(/^Invalid (AppCode|AppKey|Signature)/);
			expect(result.nodeError?.description).toBe(
				`X-Ca-Request-Id: ${reply.headers['x-ca-request-id']}`,
			);
			expect(result.run.data.resultData.error).toBeDefined();
			expect(JSON.stringify(result.run)).not.toContain('wrong-app-code-123');
			expect(JSON.stringify(result.run)).not.toContain('Wrong/Secret+Value=');
		},
	);

	it('with On Error = continueRegularOutput, a refusal becomes an Error item for every image', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary' },
			credentials: appCodeCredentials(gateway.url, 'wrong-app-code-123'),
			items: twoCards(),
			onError: 'continueRegularOutput',
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.success).toHaveLength(0);
		expect(json(result.error).map((j) => [j.error_source, j.http_status, j.gateway_error])).toEqual(
			[
				['gateway', 400, 'Invalid AppCode `not exists`'],
				['gateway', 400, 'Invalid AppCode `not exists`'],
			],
		);
		expect(paired(result.error)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.errorOutput).toHaveLength(0);
	});

	it("with On Error = continueErrorOutput, a refusal goes to n8n's error output; per-image failures stay on Error", async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { concurrency: 1 } },
			credentials: appCodeCredentials(gateway.url, 'wrong-app-code-123'),
			items: [
				{
					json: { mail: 'a' },
					binary: { data: { bytes: PDF_BYTES, fileName: 'x.pdf', mimeType: 'application/pdf' } },
				},
				{ json: { mail: 'b' }, binary: { data: png(cardPng(testCard(8))) } },
				{ json: { mail: 'c' }, binary: { data: png(cardPng(testCard(9))) } },
			],
			onError: 'continueErrorOutput',
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.success).toHaveLength(0);
		expect(json(result.error).map((j) => [j.ret_code, j.error_source])).toEqual([[20, 'local']]);
		expect(paired(result.error)).toEqual([{ item: 0 }]);
		// n8n's error items: the input item's fields, and n8n's `error` with the details.
		const errors = json(result.errorOutput).map(
			(j): Record<string, unknown> => ({ mail: j.mail, ...(j.error as object) }),
		);
		expect(
			errors.map((e) => [e.mail, e.error_source, e.http_status, e.gateway_error, e.binary_field]),
		).toEqual([
			['b', 'gateway', 400, 'Invalid AppCode `not exists`', 'data'],
			['c', 'gateway', 400, 'Invalid AppCode `not exists`', 'data'],
		]);
		expect(errors[0].message).toMatch(/check the AppCode/);
		expect(errors[0].description).toMatch(/^X-Ca-Request-Id: /);
		expect(paired(result.errorOutput)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(JSON.stringify(result.run)).not.toContain('wrong-app-code-123');
	});

	it('after a refusal, images never sent keep their own local error', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { concurrency: 1 } },
			credentials: appCodeCredentials(gateway.url, 'wrong-app-code-123'),
			items: [...twoCards(), { json: { note: 'no binary' } }],
			onError: 'continueRegularOutput',
		});
		expect(json(result.error).map((j) => [j.error_source, j.ret_code, j.attempts])).toEqual([
			['gateway', 90, 1],
			['gateway', 90, 0],
			['local', 10, 0],
		]);
	});

	it.each([
		['quotaExhausted', 'Quota Exhausted', /quota/],
		['arrears', 'User Arrears', /arrears/],
		['unauthorized', 'Unauthorized', /subscribe/],
	] as const)('an app in state %s stops the node (%s)', async (state, gatewayMessage, advice) => {
		const local = await startGateway({
			accounts: { appCodes: { [APP_CODE]: state }, apps: {}, stages: ['RELEASE'] },
		});
		try {
			const result = await runOcrNode({
				parameters: { source: 'binary', options: { concurrency: 1 } },
				credentials: appCodeCredentials(local.url),
				items: twoCards(),
			});
			expect(result.nodeError?.message).toContain(gatewayMessage);
			expect(result.nodeError?.message).toMatch(advice);
			expect(result.nodeError?.httpCode).toBe('403');
			expect(local.log).toHaveLength(1);
		} finally {
			await local.close();
		}
	});

	it('a wrong Endpoint Path stops the node and names the option', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { endpointPath: '/ocrBankCard' } },
			credentials: appCodeCredentials(gateway.url),
			items: twoCards(),
		});
		expect(result.nodeError?.message).toMatch(/Endpoint Path/);
	});
});

describe('network failures', () => {
	beforeAll(async () => await useBinaryMode('memory'));

	it('a dead gateway gives an Error item per image, not a crash', async () => {
		const dead = await startGateway();
		const url = dead.url;
		await dead.close();
		const result = await runOcrNode({
			parameters: { source: 'binary', options: { retries: 1 } },
			credentials: appCodeCredentials(url),
			items: [
				{ binary: { data: png(cardPng(testCard(1))) } },
				{ binary: { data: png(cardPng(testCard(2))) } },
			],
		});
		expect(json(result.error).map((j) => [j.ret_code, j.error_source, j.attempts])).toEqual([
			[90, 'network', 2],
			[90, 'network', 2],
		]);
		expect(result.error[0].json.error).toMatch(/ECONNREFUSED/);
	});

	it('a gateway that never answers times out as ret_code 80', async () => {
		const slow = await startGateway({ faults: { timeout: 1 } });
		try {
			const result = await runOcrNode({
				parameters: { source: 'binary', options: { timeout: 300, retries: 0 } },
				credentials: appCodeCredentials(slow.url),
				items: [{ binary: { data: png(cardPng(testCard(1))) } }],
			});
			expect(result.error[0].json).toMatchObject({
				ret_code: 80,
				error_source: 'network',
				attempts: 1,
			});
			expect(result.error[0].json.error).toMatch(/within 300 ms/);
		} finally {
			await slow.close();
		}
	});

	it('a reply that is not JSON, and a platform error, are gateway errors', async () => {
		for (const fault of ['notJson', 'platformError'] as const) {
			const odd = await startGateway({ faults: { [fault]: 1 } });
			try {
				const result = await runOcrNode({
					parameters: { source: 'binary', options: { retries: 0 } },
					credentials: appCodeCredentials(odd.url),
					items: [{ binary: { data: png(cardPng(testCard(1))) } }],
				});
				expect(result.error[0].json).toMatchObject({ ret_code: 90, error_source: 'gateway' });
			} finally {
				await odd.close();
			}
		}
	});
});

describe('output options', () => {
	beforeAll(async () => await useBinaryMode('filesystem'));

	it('masks, nests under a field, keeps the binary and adds the raw response', async () => {
		const card = testCard(21);
		const result = await runOcrNode({
			parameters: {
				source: 'binary',
				options: {
					maskCardNumber: true,
					putResultInField: 'card',
					includeInputFields: true,
					keepBinary: true,
					fullResponse: true,
				},
			},
			credentials: signatureCredentials(gateway.url),
			items: [{ json: { from: 'ann@example.com' }, binary: { data: png(cardPng(card)) } }],
		});
		const [item] = result.success;
		expect(item.json.from).toBe('ann@example.com');
		const nested = item.json.card as Record<string, unknown>;
		expect(nested.card_num).toBe(
			`${card.card_num.slice(0, 6)}${'*'.repeat(9)}${card.card_num.slice(-4)}`,
		);
		expect(nested.card_num_valid).toBe(true);
		expect((nested.response as { showapi_res_code: number }).showapi_res_code).toBe(0);
		expect(JSON.stringify(result.run.data.resultData.runData['Bank Card OCR'])).not.toContain(
			card.card_num,
		);
		expect(Object.keys(item.binary ?? {})).toEqual(['data']);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('without options: no binary, no input fields, result at the top level', async () => {
		const result = await runOcrNode({
			parameters: { source: 'binary' },
			credentials: appCodeCredentials(gateway.url),
			items: [{ json: { from: 'x' }, binary: { data: png(cardPng(testCard(22))) } }],
		});
		expect(result.success[0].binary).toBeUndefined();
		expect(result.success[0].json.from).toBeUndefined();
		expect(Object.keys(result.success[0].json).sort()).toEqual(
			[
				'bank_name',
				'binary_field',
				'card_network',
				'card_num',
				'card_num_valid',
				'card_type',
				'fee',
				'file_name',
				'request_id',
				'ret_code',
			].sort(),
		);
	});
});

const silentLogger = {
	error() {},
	warn() {},
	info() {},
	debug() {},
	scoped: () => silentLogger,
} as never;

describe('secrets and card numbers stay out of logs and errors', () => {
	beforeAll(async () => await useBinaryMode('memory'));

	it('nothing is printed or logged with a secret or a card number, and no secret reaches an item or an error', async () => {
		const printed: string[] = [];
		const capture = (...args: unknown[]) =>
			void printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
			jest.spyOn(console, level).mockImplementation(capture),
		);
		// n8n's logger is silent in tests: here every level it logs at is recorded instead.
		LoggerProxy.init({
			error: capture,
			warn: capture,
			info: capture,
			debug: capture,
			scoped: () => LoggerProxy,
		} as never);
		const card = testCard(31);
		try {
			const good = await runOcrNode({
				parameters: { source: 'binary', options: { fullResponse: true } },
				credentials: signatureCredentials(gateway.url),
				items: [{ binary: { data: png(cardPng(card)) } }],
			});
			const bad = await runOcrNode({
				parameters: { source: 'binary' },
				credentials: appCodeCredentials(gateway.url, 'secret-app-code-987'),
				items: [{ binary: { data: png(cardPng(card)) } }],
				onError: 'continueRegularOutput',
			});
			expect(good.success).toHaveLength(1);
			expect(bad.error).toHaveLength(1);
			const everything = JSON.stringify([good.run, bad.run]);
			expect(everything).not.toContain(APP_SECRET);
			expect(everything).not.toContain('secret-app-code-987');
			const failed = await runOcrNode({
				parameters: { source: 'binary' },
				credentials: appCodeCredentials(gateway.url, 'secret-app-code-987'),
				items: [{ binary: { data: png(cardPng(card)) } }],
			});
			expect(failed.nodeError).toBeDefined();
		} finally {
			spies.forEach((spy) => spy.mockRestore());
			LoggerProxy.init(silentLogger);
		}
		// The capture works: n8n logged the node's failure it stopped on.
		expect(printed.join('\n')).toMatch(/check the AppCode/);
		expect(printed.join('\n')).not.toContain(card.card_num);
		expect(printed.join('\n')).not.toContain(APP_SECRET);
		expect(printed.join('\n')).not.toContain('secret-app-code-987');
	});
});
