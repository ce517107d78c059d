/**
 * The package in n8n's queue mode, as users scale out: main takes the production webhooks and
 * enqueues, two workers run the executions, jobs pass over Redis, executions and binary data
 * live in PostgreSQL. Many calls at once, of three kinds (files uploaded to the webhook, files
 * n8n downloads, image URLs) and both auth modes. Then the case that must fail: a worker
 * without the package.
 */
import fs from 'fs';
import path from 'path';

import { packPackage } from '../n8n/instance';
import {
	callImages,
	callWebhook,
	SECRETS,
	serveImages,
	startQueueStack,
	uploadForm,
} from './stack';

const ROOT = path.resolve(__dirname, '..', '..');
const LOG_COPY = path.join(ROOT, '.tmp', 'queue-logs');

type Stack = Awaited<ReturnType<typeof startQueueStack>>;
type Kind = 'upload' | 'download' | 'urls';
type Call = {
	kind: Kind;
	index: number;
	cards: string[];
	images: ReturnType<typeof callImages>;
	/** where the stand-in serves the images (for the download and URL calls) */
	urls: string[];
	/** what each Success item names as its source: the file name or the image URL */
	sources: string[];
	status?: number;
	items?: Array<Record<string, unknown>>;
	text?: string;
};

const CALLS_PER_KIND = { upload: 10, download: 10, urls: 10 };
const IMAGES_PER_CALL = { upload: 2, download: 2, urls: 3 };
const AUTH_OF: Record<Kind, 'appCode' | 'signature'> = {
	upload: 'appCode',
	download: 'signature',
	urls: 'appCode',
};
const WEBHOOK_OF: Record<Kind, string> = {
	upload: 'ocr-upload',
	download: 'ocr-download',
	urls: 'ocr-urls',
};

describe('n8n queue mode: main + 2 workers, Redis, PostgreSQL', () => {
	let stack: Stack;
	const calls: Call[] = [];
	let callsMs = 0;
	/** how many executions each worker ran, for the summary line */
	let split = '';
	const started = Date.now();

	const sql = (query: string) => stack.cluster.postgres!.psql(query).trim();
	const apiRequests = () =>
		stack.gateway.log.filter((entry) => entry.path === stack.gateway.settings.apiPath);

	beforeAll(async () => {
		const { tarball } = packPackage();
		stack = await startQueueStack({ tarball, workers: 2, workerConcurrency: 5 });

		let call = 0;
		for (const kind of ['upload', 'download', 'urls'] as Kind[]) {
			for (let index = 0; index < CALLS_PER_KIND[kind]; index++, call++) {
				const images = callImages(call, IMAGES_PER_CALL[kind]);
				const urls = kind === 'upload' ? [] : serveImages(stack.gateway, images);
				calls.push({
					kind,
					index: call,
					cards: images.map((image) => image.card.card_num),
					images,
					urls,
					// Uploaded and downloaded files keep their names; the URL source gives its URL.
					sources: kind === 'urls' ? urls : images.map((image) => image.fileName),
				});
			}
		}
		const callsStarted = Date.now();
		// All at once: main enqueues them all, the workers share them out.
		await Promise.all(
			calls.map(async (call) => {
				const body = call.kind === 'upload' ? uploadForm(call.images) : { urls: call.urls };
				const answer = await callWebhook(stack.cluster.mainUrl, WEBHOOK_OF[call.kind], body);
				Object.assign(call, answer);
			}),
		);
		callsMs = Date.now() - callsStarted;
		split = [...stack.cluster.executionsByProcess().ranBy]
			.map(([worker, ids]) => `${worker} ${ids.length}`)
			.join(', ');
	});

	afterAll(async () => {
		if (!stack) return;
		await stack.stop();
		// The logs of every process stay in .tmp/queue-logs (git-ignored) for a failed run.
		fs.rmSync(LOG_COPY, { recursive: true, force: true });
		fs.mkdirSync(LOG_COPY, { recursive: true });
		for (const file of fs.readdirSync(stack.cluster.workDir).filter((f) => f.endsWith('.log')))
			fs.copyFileSync(path.join(stack.cluster.workDir, file), path.join(LOG_COPY, file));
		stack.cluster.cleanup();
		const steps = Object.entries(stack.cluster.timings)
			.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
			.join(', ');
		process.stdout.write(
			`[queue] ${calls.length} webhook calls (${apiRequests().length} OCR requests) in ${(callsMs / 1000).toFixed(1)} s, executions run by ${split}; whole test ${((Date.now() - started) / 1000).toFixed(1)} s (${steps})\n`,
		);
	});

	it('every call answers with exactly its own cards', () => {
		expect(calls).toHaveLength(30);
		for (const call of calls) {
			const context = `${call.kind} call ${call.index}: ${call.status} ${call.text?.slice(0, 300)}`;
			expect({ context, status: call.status }).toEqual({ context, status: 200 });
			const items = call.items ?? [];
			expect(items.map((item) => item.ret_code)).toEqual(call.cards.map(() => 0));
			expect(items.map((item) => item.card_num).sort()).toEqual([...call.cards].sort());
			const source = (item: Record<string, unknown>) =>
				call.kind === 'urls' ? item.image_url : item.file_name;
			expect(items.map(source).sort()).toEqual([...call.sources].sort());
		}
	});

	it('main enqueued every execution and the workers ran them all, both of them some', () => {
		const { enqueued, ranBy } = stack.cluster.executionsByProcess();
		const byWorker = [...ranBy.values()];
		const ran = byWorker.flat();
		expect(enqueued).toHaveLength(calls.length);
		expect([...ran].sort()).toEqual([...enqueued].sort());
		expect(new Set(ran).size).toBe(ran.length); // none ran twice
		expect(byWorker).toHaveLength(2);
		for (const executions of byWorker) expect(executions.length).toBeGreaterThan(0);
		// Main runs none itself: its log never says it started one.
		expect(stack.cluster.main!.process.output).not.toMatch(/Worker started execution/);
	});

	it('PostgreSQL holds every execution, each a webhook execution with status success', () => {
		const rows = sql('SELECT id, status, mode FROM execution_entity ORDER BY id')
			.split('\n')
			.map((line) => line.split('|'));
		expect(rows).toHaveLength(calls.length);
		for (const [, status, mode] of rows)
			expect({ status, mode }).toEqual({ status: 'success', mode: 'webhook' });
		const { enqueued } = stack.cluster.executionsByProcess();
		expect(rows.map(([id]) => id).sort()).toEqual([...enqueued].sort());
	});

	it('the stand-in gateway saw exactly the paid requests: each image once, each with its auth', () => {
		const requests = apiRequests();
		const images = calls.reduce((sum, call) => sum + call.cards.length, 0);
		expect(images).toBe(70);
		expect(requests).toHaveLength(images);
		expect(requests.every((entry) => entry.status === 200 && entry.retCode === 0)).toBe(true);
		expect(new Set(requests.map((entry) => entry.imageKey)).size).toBe(images);
		const byAuth = (auth: string) => requests.filter((entry) => entry.auth === auth).length;
		const expectedByAuth = (auth: string) =>
			calls.filter((call) => AUTH_OF[call.kind] === auth).reduce((s, c) => s + c.cards.length, 0);
		expect(byAuth('signature')).toBe(expectedByAuth('signature'));
		expect(byAuth('appCode')).toBe(expectedByAuth('appCode'));
		expect(byAuth('signature')).toBeGreaterThan(0);
	});

	it("binary files live in n8n's database mode: in PostgreSQL, referenced as database:<id>", () => {
		const binaryFiles = calls
			.filter((call) => call.kind !== 'urls')
			.reduce((sum, call) => sum + call.cards.length, 0);
		expect(Number(sql('SELECT count(*) FROM binary_data'))).toBe(binaryFiles);
		const withDatabaseIds = Number(
			sql(`SELECT count(*) FROM execution_data WHERE data LIKE '%database:%'`),
		);
		const binaryCalls = calls.filter((call) => call.kind !== 'urls').length;
		expect(withDatabaseIds).toBe(binaryCalls);
		// No worker kept a file of its own: nothing under any user folder's binary data storage.
		for (const worker of stack.cluster.workers) {
			const storage = path.join(worker.instance.userFolder, '.n8n', 'binaryData');
			const files = fs.existsSync(storage) ? fs.readdirSync(storage, { recursive: true }) : [];
			expect(files.filter((file) => !String(file).endsWith('.json'))).toEqual([]);
		}
	});

	it('the credentials hold no secret in clear in PostgreSQL', () => {
		const stored = sql('SELECT data FROM credentials_entity');
		expect(stored).not.toContain(SECRETS.appCode);
		expect(stored).not.toContain(SECRETS.appSecret);
	});

	it('fails as n8n says it does when a worker lacks the package: the execution errors, nothing is sent', async () => {
		const before = apiRequests().length;
		for (const worker of [...stack.cluster.workers]) await stack.cluster.stopWorker(worker);
		const bare = await stack.cluster.startWorker({ withPackage: false });
		await stack.cluster.waitForReadiness(bare);

		const images = callImages(99, 1);
		const answer = await callWebhook(stack.cluster.mainUrl, 'ocr-upload', uploadForm(images));
		expect(answer.status).not.toBe(200);
		expect(answer.text).not.toContain(images[0].card.card_num);
		expect(bare.process.output).toMatch(/Worker started execution \d+/);
		expect(bare.process.output).toMatch(/Unrecognized node type: n8n-nodes-aliyun-bankcard-ocr/);
		const last = sql('SELECT status FROM execution_entity ORDER BY id DESC LIMIT 1');
		expect(last).toBe('error');
		expect(apiRequests().length).toBe(before);
	});
});
