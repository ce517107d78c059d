/**
 * The example workflows in real n8n processes: n8n 2.41.1 on Node 24 and n8n 1.123 on Node 20,
 * each with this package installed from its packed tarball. Checks every item on each output,
 * the pairedItem lineage n8n recorded, and that the installed tarball is the one that ran.
 */
import path from 'path';

import { DEMO_CARDS } from '../gateway/demo-data';
import { NODE_TYPE, nodeOutputs, packPackage } from '../n8n/instance';
import { type ExamplesRun, runExamples, sha256 } from '../n8n/run-examples';

const ROOT = path.resolve(__dirname, '..', '..');
const packed = packPackage();
const builtNodeFileSha = sha256(
	path.join(ROOT, 'dist', 'nodes', 'AliyunBankCardOcr', 'AliyunBankCardOcr.node.js'),
);

type Item = { json: Record<string, unknown>; pairedItem?: unknown };

const requestId = expect.stringMatching(/^[0-9a-f]{24}$/);
const success = (card: (typeof DEMO_CARDS)[keyof typeof DEMO_CARDS], network: string) => ({
	ret_code: 0,
	card_num: card.card_num,
	card_type: card.card_type,
	bank_name: card.bank_name,
	card_num_valid: true,
	card_network: network,
	request_id: requestId,
	fee: 1,
});
const masked = (cardNum: string) =>
	`${cardNum.slice(0, 6)}${'*'.repeat(cardNum.length - 10)}${cardNum.slice(-4)}`;

describe.each(['n8n2', 'n8n1'] as const)('examples in real %s', (line) => {
	let run: ExamplesRun;
	let started: number;

	beforeAll(async () => {
		started = Date.now();
		run = await runExamples(line, { tarball: packed });
	});

	afterAll(() => {
		if (run) {
			const steps = Object.entries(run.timings)
				.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
				.join(', ');
			process.stdout.write(
				`[e2e] n8n ${run.n8nVersion} on Node ${run.nodeVersion}: ${((Date.now() - started) / 1000).toFixed(1)} s (${steps})\n`,
			);
		}
	});

	const outputs = (file: string, node: string) => {
		const [ok = [], bad = []] = nodeOutputs(run.executions[file].execution, node) as Item[][];
		return { ok, bad };
	};

	it('runs the package installed from the packed tarball', () => {
		expect(run.n8nVersion).toMatch(line === 'n8n2' ? /^2\.41\./ : /^1\.123\./);
		expect(run.nodeLoaded).toBe(true);
		expect(run.installedIntegrity).toBe(packed.integrity);
		expect(run.installedNodeFileSha).toBe(builtNodeFileSha);
		for (const { workflow, execution } of Object.values(run.executions)) {
			expect(execution.status).toBe('success');
			const ocrNames = workflow.nodes
				.filter((node: { type: string }) => [NODE_TYPE, `${NODE_TYPE}Tool`].includes(node.type))
				.map((node: { name: string }) => node.name);
			for (const name of ocrNames)
				expect(execution.data.resultData.runData[name][0].executionStatus).toBe('success');
		}
	});

	it('email attachments: one item per attachment; PDF and empty file on Error', () => {
		const { ok, bad } = outputs('email-attachments.json', 'Read bank cards');
		const alice = { from: 'alice@example.com', subject: 'Card for the refund' };
		const carol = { from: 'carol@example.com', subject: 'My new card' };
		expect(ok.map((i) => i.json)).toEqual([
			{
				...alice,
				...success(DEMO_CARDS.alice, 'UnionPay'),
				card_num: masked(DEMO_CARDS.alice.card_num),
				binary_field: 'attachment_0',
				file_name: 'alice.jpg',
			},
			{
				...alice,
				...success(DEMO_CARDS.bob, 'UnionPay'),
				card_num: masked(DEMO_CARDS.bob.card_num),
				binary_field: 'attachment_2',
				file_name: 'bob.png',
			},
			{
				...carol,
				...success(DEMO_CARDS.carol, 'Visa'),
				card_num: masked(DEMO_CARDS.carol.card_num),
				binary_field: 'attachment_0',
				file_name: 'carol.jpg',
			},
		]);
		expect(bad.map((i) => i.json)).toEqual([
			{
				...alice,
				ret_code: 20,
				error_source: 'local',
				error: expect.stringMatching(
					/"statement\.pdf".*is a PDF document, and the API reads only JPEG, PNG or BMP images/,
				),
				remark: null,
				request_id: null,
				attempts: 0,
				binary_field: 'attachment_1',
				file_name: 'statement.pdf',
			},
			{
				...carol,
				ret_code: 10,
				error_source: 'local',
				error: expect.stringMatching(/"empty\.jpg".*is empty/),
				remark: null,
				request_id: null,
				attempts: 0,
				binary_field: 'attachment_1',
				file_name: 'empty.jpg',
			},
		]);
		expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
		expect(bad.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const register = nodeOutputs(
			run.executions['email-attachments.json'].execution,
			'Card register',
		)[0] as Item[];
		expect(register).toHaveLength(3);
	});

	it('spreadsheet: URL rows enriched, bad rows on Error with the reason, base64 row read', () => {
		const images = `${run.gatewayUrl}/images`;
		const row = (n: number, name: string, url: string) => ({
			row: n,
			name,
			image_url: url,
			image_base64: '',
		});
		const url = outputs('spreadsheet-urls.json', 'Read card from URL');
		expect(url.ok.map((i) => i.json)).toEqual([
			{ ...row(2, 'Dave', `${images}/dave.png`), ...success(DEMO_CARDS.dave, 'UnionPay') },
			{ ...row(3, 'Bob', `${images}/bob.png`), ...success(DEMO_CARDS.bob, 'UnionPay') },
		]);
		expect(url.bad.map((i) => i.json)).toEqual([
			{
				...row(4, 'Erin', `${images}/blurry.jpg`),
				ret_code: 70,
				error_source: 'vendor',
				error: expect.stringContaining('ret_code 70'),
				remark: 'OCR识别失败',
				request_id: requestId,
				attempts: 1,
			},
			{
				...row(5, 'Frank', `${images}/missing.jpg`),
				ret_code: 40,
				error_source: 'vendor',
				error: expect.stringContaining('ret_code 40'),
				remark: '图片下载失败，请检查图片链接是否正常!',
				request_id: requestId,
				attempts: 1,
			},
			{
				...row(6, 'Grace', ''),
				ret_code: 10,
				error_source: 'local',
				error: expect.stringContaining('image URL is empty'),
				remark: null,
				request_id: null,
				attempts: 0,
			},
		]);
		// The IF node's false branch holds rows 2–6, so pairedItem indexes into that branch.
		expect(url.ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(url.bad.map((i) => i.pairedItem)).toEqual([{ item: 2 }, { item: 3 }, { item: 4 }]);

		const base64 = outputs('spreadsheet-urls.json', 'Read card from base64');
		expect(base64.ok).toHaveLength(1);
		expect(base64.ok[0].json).toMatchObject({
			row: 7,
			name: 'Carol',
			...success(DEMO_CARDS.carol, 'Visa'),
			image_source: 'base64',
		});
		expect(base64.ok[0].pairedItem).toEqual({ item: 0 });
		expect(base64.bad).toHaveLength(0);
	});

	it('AppKey & AppSecret signing works in n8n, result nested under "card"', () => {
		const images = `${run.gatewayUrl}/images`;
		const { ok, bad } = outputs('appkey-signature.json', 'Read card (signed request)');
		expect(ok.map((i) => i.json)).toEqual([
			{
				row: 2,
				name: 'Alice',
				image_url: `${images}/alice.jpg`,
				card: { ...success(DEMO_CARDS.alice, 'UnionPay'), image_url: `${images}/alice.jpg` },
			},
			{
				row: 3,
				name: 'Dave',
				image_url: `${images}/dave.png`,
				card: { ...success(DEMO_CARDS.dave, 'UnionPay'), image_url: `${images}/dave.png` },
			},
		]);
		expect(bad.map((i) => i.json)).toEqual([
			{
				row: 4,
				name: 'Heidi',
				image_url: 'card-photo.jpg',
				card: {
					ret_code: 10,
					error_source: 'local',
					error: expect.stringContaining('not an http(s) URL'),
					remark: null,
					request_id: null,
					attempts: 0,
					image_url: 'card-photo.jpg',
				},
			},
		]);
		expect([...ok, ...bad].map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it("quota used up, On Error = continue (using error output): n8n's error output takes the refused images", () => {
		const images = `${run.gatewayUrl}/images`;
		const execution = run.executions['error-output.json'].execution;
		const [ok = [], bad = [], nodeErrors = []] = nodeOutputs(execution, 'Read card') as Item[][];
		expect(ok).toHaveLength(0);
		// A per-image failure stays on the node's own Error output.
		expect(bad.map((i) => [i.json.name, i.json.ret_code, i.json.error_source])).toEqual([
			['Heidi', 10, 'local'],
		]);
		// n8n's error items: the row's fields and n8n's `error`, with the gateway's reply.
		const refused = (name: string, file: string) => ({
			row: expect.any(Number),
			name,
			image_url: `${images}/${file}`,
			error: expect.objectContaining({
				message: expect.stringMatching(/HTTP 403 "Quota Exhausted".*buy more calls/),
				description: expect.stringMatching(/^X-Ca-Request-Id: /),
				http_status: 403,
				gateway_error: 'Quota Exhausted',
				error_source: 'gateway',
			}),
		});
		expect(nodeErrors.map((i) => i.json)).toEqual([
			refused('Alice', 'alice.jpg'),
			refused('Dave', 'dave.png'),
		]);
		expect(nodeErrors.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		// The workflow went on: the alert node ran with those two items.
		expect(nodeOutputs(execution, 'Alert the team')[0]).toHaveLength(2);
		expect(execution.status).toBe('success');
	});

	it("n8n's HTTP Request node with this credential: any gateway API, AppCode and signed, verified at the gateway", () => {
		const execution = run.executions['http-request-any-api.json'].execution;
		const reply = (node: string) => {
			const [items = []] = nodeOutputs(execution, node) as Item[][];
			expect(items).toHaveLength(1);
			return items[0].json;
		};
		expect(execution.status).toBe('success');
		expect(reply('AppCode GET with query')).toMatchObject({
			method: 'GET',
			path: '/any/weather',
			signed: false,
			query: { city: '杭州 西湖', units: 'metric', tags: '+/=&%' },
		});
		expect(reply('Signed form POST')).toMatchObject({
			method: 'POST',
			path: '/any/ocr/idcard',
			signed: true,
			contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
			form: { img_url: 'https://example.com/my card.jpg', side: 'face' },
		});
		expect(reply('Signed JSON POST')).toMatchObject({
			method: 'POST',
			path: '/any/sms/send',
			signed: true,
			contentType: 'application/json',
			json: { phone: '13800000000', template: 'SMS_0001', params: { code: '1234' } },
		});
		expect(reply('Signed GET with query')).toMatchObject({
			method: 'GET',
			path: '/any/express/track',
			signed: true,
			query: { no: 'YT 1234567890', company: '圆通' },
		});
	});

	it('AI Agent: the model gets the card, and for an unreadable photo the error and what to do', () => {
		const { workflow, execution } = run.executions['ai-agent-tool.json'];
		const answers = nodeOutputs(execution, 'AI Agent')[0].map((item) => item.json.output);
		expect(answers).toHaveLength(2);
		// What the model was given (the stand-in quotes the tool's result in its answer).
		const [read, unreadable] = answers.map((answer) =>
			JSON.parse(String(answer).replace(/^Tool result: /, '')),
		);
		expect(read).toEqual([
			{
				...success(DEMO_CARDS.alice, 'UnionPay'),
				image_url: `${run.gatewayUrl}/images/alice.jpg`,
			},
		]);
		expect(unreadable).toEqual([
			expect.objectContaining({
				ret_code: 70,
				error: expect.stringMatching(/could not recognise a bank card.*sharp, well-lit photo/),
				image_url: `${run.gatewayUrl}/images/blurry.jpg`,
			}),
		]);
		const tool = workflow.nodes.find((node: { name: string }) => node.name === 'Read bank card');
		const offered = run.modelLog[0].tools.find((t) => t.name === 'Read_bank_card');
		expect(offered?.description).toMatch(/^Reads a bank card from a photo/);
		expect(offered?.parameters.properties.imageUrl.description).toMatch(/http\(s\) link/);
		expect(tool.parameters.imageUrl).toMatch(/^=\{\{ \$fromAI\('imageUrl'/);
	});

	it('sent exactly the paid-for requests: nothing for locally rejected inputs', () => {
		// email: alice, bob, carol; sheet: dave, bob, blurry, missing, carol (base64); signed: alice,
		// dave; quota: alice, and dave when his request left before alice's refusal came back (a
		// node-wide refusal aborts requests that have not left yet); the HTTP Request node: 4
		// calls; the agent: alice, blurry
		expect(run.gatewayRequests).toBeGreaterThanOrEqual(17);
		expect(run.gatewayRequests).toBeLessThanOrEqual(18);
	});
});
