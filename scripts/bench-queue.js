#!/usr/bin/env node
// @ts-check
/**
 * Scale-out in n8n's queue mode (`npm run bench:queue`): items/s with one worker vs two workers
 * on the same load, with the stand-in gateway answering after 300 ms. Not a test: it asserts
 * nothing, it measures and prints.
 *
 * The load: CALLS webhook calls at once, each with ITEMS image URLs (the ocr-urls workflow).
 * Each worker runs 2 executions at a time (`--concurrency=2`), the bank card node 2 requests at
 * a time per execution, so one worker keeps 4 requests in flight and two keep 8: the figure
 * shows whether a second worker adds what it should. Rounds alternate (1, 2, 1, 2 workers); the
 * second worker is stopped and a fresh one started between rounds.
 */
const { packPackage } = require('../test/n8n/instance');
const { formatDuration } = require('../test/n8n/progress');
const { callImages, callWebhook, serveImages, startQueueStack } = require('../test/queue/stack');

const LATENCY_MS = 300;
const CALLS = 40;
const ITEMS = 4;
const WORKER_CONCURRENCY = 2;
const NODE_CONCURRENCY = 2;

/**
 * @param {Awaited<ReturnType<typeof startQueueStack>>} stack
 * @param {number} round a number of its own for the round's cards
 * @param {number} calls
 */
async function runLoad(stack, round, calls) {
	const urlsPerCall = Array.from({ length: calls }, (_, call) =>
		serveImages(stack.gateway, callImages(round * 1000 + call, ITEMS)),
	);
	const before = stack.cluster.executionsByProcess().ranBy;
	const started = Date.now();
	const answers = await Promise.all(
		urlsPerCall.map((urls) => callWebhook(stack.cluster.mainUrl, 'ocr-urls', { urls })),
	);
	const seconds = (Date.now() - started) / 1000;
	const cards = answers.reduce(
		(sum, answer) => sum + answer.items.filter((item) => item.ret_code === 0).length,
		0,
	);
	const after = stack.cluster.executionsByProcess().ranBy;
	/** @type {Record<string, number>} */
	const perWorker = {};
	for (const [name, ids] of after) perWorker[name] = ids.length - (before.get(name)?.length ?? 0);
	return { seconds, items: calls * ITEMS, cards, itemsPerSecond: cards / seconds, perWorker };
}

async function main() {
	const { tarball } = packPackage();
	const stack = await startQueueStack({
		tarball,
		workers: 1,
		workerConcurrency: WORKER_CONCURRENCY,
		nodeConcurrency: NODE_CONCURRENCY,
		latencyMs: LATENCY_MS,
	});
	/** @type {Array<{ workers: number } & Awaited<ReturnType<typeof runLoad>>>} */
	const rounds = [];
	try {
		console.log(
			`Queue mode, stand-in latency ${LATENCY_MS} ms: ${CALLS} webhook calls at once × ${ITEMS} image URLs; each worker --concurrency=${WORKER_CONCURRENCY}, the node's Concurrency ${NODE_CONCURRENCY}`,
		);
		await runLoad(stack, 0, 4); // warm-up: n8n's first executions load code
		let round = 1;
		for (const workers of [1, 2, 1, 2]) {
			const extra = stack.cluster.workers.slice(1);
			if (workers === 1) for (const worker of extra) await stack.cluster.stopWorker(worker);
			if (workers === 2 && extra.length === 0) {
				const worker = await stack.cluster.startWorker({ concurrency: WORKER_CONCURRENCY });
				await stack.cluster.waitForReadiness(worker);
				await runLoad(stack, 100 + round, 4); // warm-up of the new worker
			}
			const result = await runLoad(stack, round++, CALLS);
			rounds.push({ workers, ...result });
			const share = Object.entries(result.perWorker)
				.filter(([, count]) => count > 0)
				.map(([name, count]) => `${name} ${count}`)
				.join(', ');
			console.log(
				`  ${workers} worker${workers > 1 ? 's' : ' '}: ${result.cards}/${result.items} cards in ${result.seconds.toFixed(2)} s = ${result.itemsPerSecond.toFixed(1)} items/s (executions: ${share})`,
			);
		}
	} finally {
		await stack.stop();
		stack.cluster.cleanup();
	}
	const mean = (/** @type {number} */ workers) => {
		const chosen = rounds.filter((r) => r.workers === workers);
		return chosen.reduce((sum, r) => sum + r.itemsPerSecond, 0) / chosen.length;
	};
	const one = mean(1);
	const two = mean(2);
	const ceiling = (/** @type {number} */ workers) =>
		(workers * WORKER_CONCURRENCY * NODE_CONCURRENCY) / (LATENCY_MS / 1000);
	console.log(
		`\nOne worker: ${one.toFixed(1)} items/s (ceiling ${ceiling(1).toFixed(1)}); two workers: ${two.toFixed(1)} items/s (ceiling ${ceiling(2).toFixed(1)}).`,
	);
	console.log(`Two workers vs one: ${(two / one).toFixed(2)}×`);
	const incomplete = rounds.filter((r) => r.cards !== r.items);
	if (incomplete.length) {
		console.log(`${incomplete.length} round(s) lost cards: the figures above are not valid.`);
		process.exitCode = 1;
	}
	console.log(
		`(${formatDuration(rounds.reduce((sum, r) => sum + r.seconds * 1000, 0))} of load in all)`,
	);
}

main().catch((error) => {
	console.error(`bench:queue failed: ${error instanceof Error ? error.stack : String(error)}`);
	process.exitCode = 1;
});
