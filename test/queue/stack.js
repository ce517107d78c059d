// @ts-check
/**
 * The whole queue-mode stack for `npm run test:queue` and `npm run bench:queue`: the stand-in
 * gateway, Redis, PostgreSQL, n8n main and workers with this package installed from its packed
 * tarball, the credentials and webhook workflows imported and published. Plus a client for the
 * webhooks and per-call card images with made-up numbers of their own.
 */
const http = require('http');

const { GatewayStandIn } = require('../gateway/server');
const { makeJpeg, makePng, withLuhnDigit } = require('../gateway/images');
const { QueueCluster } = require('./cluster');
const { say } = require('./services');
const { queueCredentials, queueWorkflows } = require('./workflows');

const SECRETS = {
	appCode: 'queue-app-code-0001',
	appKey: '204100001',
	appSecret: 'Queue0nly+Test/Secret=abcdef0123',
};

/** @typedef {{ card_num: string, card_type: string, bank_name: string }} Card */

/**
 * @typedef {{
 *   card: Card, bytes: Buffer, contentType: string, fileName: string,
 * }} CardImage
 */

/**
 * The card images of one webhook call, numbered `call` (unique across a run): made-up card
 * numbers with a valid Luhn digit; every fourth image a JPEG, the rest PNG (cheaper to draw).
 * @param {number} call @param {number} count @returns {CardImage[]}
 */
function callImages(call, count) {
	return Array.from({ length: count }, (_, index) => {
		const serial = call * 10 + index;
		/** @type {Card} */
		const card = {
			card_num: withLuhnDigit(`62170099${String(serial).padStart(10, '0')}`),
			card_type: '借记卡',
			bank_name: '中国建设银行',
		};
		const seed = serial + 1;
		const jpeg = seed % 4 === 0;
		return {
			card,
			bytes: jpeg ? makeJpeg(card, { seed }) : makePng(card, { seed }),
			contentType: jpeg ? 'image/jpeg' : 'image/png',
			fileName: `call-${call}-${index}.${jpeg ? 'jpg' : 'png'}`,
		};
	});
}

/**
 * Serves images from the stand-in (the URL source and n8n's downloads): their URLs, in order.
 * @param {GatewayStandIn} gateway @param {CardImage[]} images
 */
function serveImages(gateway, images) {
	return images.map((image) => gateway.addImage(image.fileName, image.bytes, image.contentType));
}

/**
 * @param {{ tarball: string, workers?: number, workerConcurrency?: number, nodeConcurrency?: number, latencyMs?: number, mode?: 'queue' | 'regular' }} options
 * `mode: 'regular'`: one n8n process that runs its executions itself (then no workers)
 */
async function startQueueStack(options) {
	const { mode = 'queue', workerConcurrency = 5, latencyMs = 0 } = options;
	const workers = mode === 'regular' ? 0 : (options.workers ?? 2);
	const cluster = new QueueCluster({ mode });
	const gateway = new GatewayStandIn({
		accounts: {
			appCodes: { [SECRETS.appCode]: 'ok' },
			apps: { [SECRETS.appKey]: { secret: SECRETS.appSecret, state: 'ok' } },
			stages: ['RELEASE'],
		},
		latencyMs,
	});
	const stack = {
		cluster,
		gateway,
		baseUrl: '',
		async stop() {
			await cluster.stop();
			await gateway.close();
		},
	};
	try {
		stack.baseUrl = await gateway.listen();
		await cluster.prepare(options.tarball);
		const main = cluster.mainInstance;
		if (!main) throw new Error('no main instance');
		const workflows = queueWorkflows({ concurrency: options.nodeConcurrency });
		await cluster.timed('import', async () => {
			await main.importCredentials(queueCredentials(stack.baseUrl, SECRETS));
			await main.importWorkflows(Object.values(workflows));
		});
		await cluster.timed('publish', () =>
			Promise.all(
				Object.values(workflows).map((workflow) =>
					main.cliOrThrow(['publish:workflow', `--id=${workflow.id}`]),
				),
			),
		);
		await cluster.timed('main and workers ready', async () => {
			const started = [await cluster.startMain()];
			for (let i = 0; i < workers; i++)
				started.push(await cluster.startWorker({ concurrency: workerConcurrency }));
			await Promise.all(started.map((n8n) => cluster.waitForReadiness(n8n)));
			for (const workflow of Object.values(workflows))
				await cluster.waitForWebhook(workflow.nodes[0].parameters.path);
		});
		say(
			`main ${cluster.mainUrl} and ${workers} worker(s) ready (${Object.entries(cluster.timings)
				.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
				.join(', ')})`,
		);
		return stack;
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

/**
 * Calls a production webhook and returns the Success items it answered with. Each call on a
 * connection of its own: a kept-alive socket that n8n closed while idle (its keep-alive timeout
 * is 5 s, easily passed on a busy machine) would fail the next call with EPIPE.
 * @param {string} mainUrl @param {string} webhookPath @param {FormData | object} body
 * @returns {Promise<{ status: number, items: any[], text: string }>}
 */
async function callWebhook(mainUrl, webhookPath, body) {
	// A FormData's multipart bytes and boundary, as fetch would send them.
	const encoded = body instanceof FormData ? new Response(body) : undefined;
	const payload = encoded
		? Buffer.from(await encoded.arrayBuffer())
		: Buffer.from(JSON.stringify(body));
	const contentType = encoded?.headers.get('content-type') ?? 'application/json';
	const { status, text } = await new Promise((resolve, reject) => {
		const request = http.request(
			`${mainUrl}/webhook/${webhookPath}`,
			{
				method: 'POST',
				agent: false,
				headers: { 'Content-Type': contentType, 'Content-Length': payload.length },
				timeout: 120000,
			},
			(response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						text: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				response.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(new Error('no answer in 120 s')));
		request.on('error', reject);
		request.end(payload);
	});
	let items = [];
	try {
		const parsed = JSON.parse(text);
		items = Array.isArray(parsed) ? parsed : [parsed];
	} catch {
		items = [];
	}
	return { status, items, text };
}

/**
 * A multipart upload of images, one form field per file (the webhook makes each a binary field).
 * @param {CardImage[]} images
 */
function uploadForm(images) {
	const form = new FormData();
	images.forEach((image, index) =>
		form.append(
			`card_${index}`,
			new Blob([image.bytes], { type: image.contentType }),
			image.fileName,
		),
	);
	return form;
}

module.exports = { startQueueStack, callWebhook, uploadForm, callImages, serveImages, SECRETS };
