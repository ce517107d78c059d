#!/usr/bin/env node
// @ts-check
/**
 * The benchmark (`npm run bench`): prints its figures as tables. Not a test: it asserts
 * nothing, it measures. Every run of the node is in n8n's real engine in a fresh process,
 * against the stand-in gateway in another process with a fixed latency.
 *
 *   1. items/s at concurrency 1, 5 and 20 with 100 ms latency (images of ~200 KB, filesystem
 *      binary mode), against a bare Node client (http.request, keep-alive) sending the same
 *      images to the same stand-in: node and bare runs alternate (node, bare, three times),
 *      each figure is the median of 3; then the node at 300 ms;
 *   2. peak RSS at N = 100 and N = 1000;
 *   3. 30 % injected faults: every item accounted for, none twice, what the retries recovered;
 *   4. in a real n8n 2.x: this node vs n8n's HTTP Request node set up by hand, same URL items;
 *   5. the shared budget: 10 executions at once × 5 images against a 5 QPS plan, with Max
 *      Requests per Second set to the plan and unset, in one process.
 *
 *   npm run bench                 everything (about 12 minutes)
 *   BENCH_QUICK=1 npm run bench   smaller N, for a smoke run
 *   npm run bench -- throughput   section 1 only (about 7 minutes)
 *   npm run bench -- budget       section 5 only (under a minute)
 */
const { execFileSync, spawn } = require('child_process');
const http = require('http');
const path = require('path');

const { DEMO_APP_CODE } = require('../test/gateway/demo-data');
const { TRANSIENT_FAULTS_30 } = require('../test/gateway/server');
const { sideBySide } = require('../test/bench/n8n-side-by-side');

const ROOT = path.resolve(__dirname, '..');
const LATENCY_MS = 100;
const QUICK = process.env.BENCH_QUICK === '1';
/** `npm run bench -- throughput` or `-- budget`: that section alone. */
const ONLY = ['throughput', 'budget'].find((section) => process.argv.includes(section));
const N = QUICK ? 200 : 1000;
const IMAGE_BYTES = 200 * 1024;

/** Starts the stand-in in its own process; resolves to its URL and a stop function. */
function startGateway() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'test/gateway/cli.js')], {
			stdio: ['pipe', 'pipe', 'inherit'],
		});
		child.stdout.once('data', (chunk) => {
			const { url } = JSON.parse(String(chunk));
			resolve({ url, stop: () => child.kill('SIGTERM') });
		});
		child.on('error', reject);
	});
}

/**
 * A one-off request to the stand-in's control API, on a fresh connection (a reused keep-alive
 * socket can be closed by the server just as it is reused after a long run).
 * @param {string} url @param {object} [body] @returns {Promise<any>}
 */
function controlRequest(url, body) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{ method: body ? 'POST' : 'GET', agent: false },
			(response) => {
				let text = '';
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () =>
					response.statusCode === 200
						? resolve(JSON.parse(text))
						: reject(new Error(`${url}: ${response.statusCode}`)),
				);
			},
		);
		request.on('error', reject);
		request.end(body ? JSON.stringify(body) : undefined);
	});
}

/** @param {string} gateway @param {object} body */
const control = (gateway, body) => controlRequest(`${gateway}/__control`, body);
/** @param {string} gateway @returns {Promise<Array<{ imageKey?: string, fault?: string, status: number, retCode?: number }>>} */
const gatewayLog = (gateway) => controlRequest(`${gateway}/__log`);

/**
 * Runs one of the compiled bench scripts (test/bench/*.ts) in its own process, so its peak
 * RSS is its own; returns the JSON line it prints last.
 * @param {string} name @param {object} config @param {string[]} [nodeFlags] @returns {any}
 */
function runBenchScript(name, config, nodeFlags = []) {
	const script = path.join(ROOT, `.tmp/bench/test/bench/${name}.js`);
	const output = execFileSync(process.execPath, [...nodeFlags, script, JSON.stringify(config)], {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 1 << 24,
	});
	return JSON.parse(output.trim().split('\n').pop() ?? '{}');
}

/** The node in n8n's engine (engine-bench.ts). @param {object} config @param {string[]} [nodeFlags] */
const benchRun = (config, nodeFlags = []) => runBenchScript('engine-bench', config, nodeFlags);

/**
 * A run whose images did not all succeed would give a rate of fast failures, not of cards
 * read: refuse its figure.
 * @template {{ items: number, success: number, errors?: string[] }} R
 * @param {string} what @param {R} run @returns {R}
 */
function requireAllRead(what, run) {
	if (run.success !== run.items) {
		throw new Error(
			`${what}: ${run.success} of ${run.items} images read, so no figure is given${run.errors?.length ? ` (${run.errors.join(' | ')})` : ''}`,
		);
	}
	return run;
}

/** The shared-budget run (budget-bench.ts). @param {object} config */
const budgetRun = (config) => runBenchScript('budget-bench', config);

/** The bare client's run (bare-bench.ts). @param {object} config */
const bareRun = (config) => runBenchScript('bare-bench', config);

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** @param {string[]} header @param {Array<Array<string | number>>} rows */
function table(header, rows) {
	const all = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
	const line = (/** @type {string[]} */ row) =>
		'| ' + row.map((cell, c) => cell.padEnd(widths[c])).join(' | ') + ' |';
	console.log(
		[
			line(all[0]),
			'|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
			...all.slice(1).map(line),
		].join('\n'),
	);
}

/**
 * 1. Items/s against a bare client, then the node at 300 ms.
 * @param {string} gatewayUrl @param {object} base
 */
async function throughputSection(gatewayUrl, base) {
	console.log(
		'1. Throughput against a bare client, 100 ms latency, filesystem binary mode; median of 3 alternating runs',
	);
	await control(gatewayUrl, { latencyMs: LATENCY_MS });
	/** @type {Array<{ concurrency: number, items: number, node: number[], bare: number[], nodeCpu: number[], bareCpu: number[], nodeRss: number }>} */
	const versus = [];
	// N per concurrency so that each run takes some 10–25 s; node and bare send the same N.
	for (const [concurrency, items] of [
		[1, Math.round(N / 5)],
		[5, N],
		[20, N],
	]) {
		const row = {
			concurrency,
			items,
			node: /** @type {number[]} */ ([]),
			bare: /** @type {number[]} */ ([]),
			nodeCpu: /** @type {number[]} */ ([]),
			bareCpu: /** @type {number[]} */ ([]),
			nodeRss: 0,
		};
		for (let round = 0; round < 3; round++) {
			const node = requireAllRead('node', benchRun({ ...base, items, concurrency }));
			row.node.push(node.items / (node.nodeMs / 1000));
			row.nodeCpu.push(node.nodeCpuMs / node.items);
			row.nodeRss = Math.max(row.nodeRss, node.peakRssMb);
			const bare = requireAllRead('bare client', bareRun({ ...base, items, concurrency }));
			row.bare.push(bare.items / (bare.ms / 1000));
			row.bareCpu.push(bare.cpuMs / bare.items);
		}
		versus.push(row);
	}
	table(
		[
			'concurrency',
			'items',
			'node items/s (3 runs)',
			'node median',
			'bare items/s (3 runs)',
			'bare median',
			'node / bare',
			'ceiling c/latency',
			'CPU ms/image node',
			'CPU ms/image bare',
		],
		versus.map(({ concurrency, items, node, bare, nodeCpu, bareCpu }) => [
			concurrency,
			items,
			node.map((v) => v.toFixed(1)).join(', '),
			median(node).toFixed(1),
			bare.map((v) => v.toFixed(1)).join(', '),
			median(bare).toFixed(1),
			(median(node) / median(bare)).toFixed(2),
			(concurrency / (LATENCY_MS / 1000)).toFixed(1),
			median(nodeCpu).toFixed(2),
			median(bareCpu).toFixed(2),
		]),
	);
	console.log(
		`vs bare client: ${versus.map(({ concurrency, node, bare }) => `c${concurrency} ${(median(node) / median(bare)).toFixed(2)}`).join(', ')}`,
	);
}

/** 1, continued: the node at 300 ms latency. @param {string} gatewayUrl @param {object} base */
async function slowLatencySection(gatewayUrl, base) {
	console.log(`\n   The node at 300 ms latency, N = ${N}`);
	const slow = [];
	await control(gatewayUrl, { latencyMs: 300 });
	for (const concurrency of [5, 20]) {
		const run = requireAllRead('node', benchRun({ ...base, items: N, concurrency }));
		slow.push({
			concurrency,
			run,
			perSecond: run.items / (run.nodeMs / 1000),
			ceiling: concurrency / 0.3,
		});
	}
	table(
		[
			'latency',
			'concurrency',
			'items',
			'success',
			'node time',
			'items/s',
			'ceiling c/latency',
			'ratio',
			'peak RSS',
		],
		slow.map(({ concurrency, run, perSecond, ceiling }) => [
			'300 ms',
			concurrency,
			run.items,
			run.success,
			`${(run.nodeMs / 1000).toFixed(1)} s`,
			perSecond.toFixed(1),
			ceiling.toFixed(1),
			(perSecond / ceiling).toFixed(2),
			`${run.peakRssMb} MB`,
		]),
	);
}

/** 2. Peak RSS at N / 10 and N, with the default heap and a capped one. @param {object} base */
function memorySection(base) {
	console.log(
		'\n2. Memory (concurrency 5), whole process with n8n\'s engine; "in node" = sampled while the node ran',
	);
	const memoryRuns = [];
	for (const [flags, label] of [
		[['--expose-gc'], 'default heap'],
		[['--expose-gc', '--max-old-space-size=192'], 'heap capped at 192 MB'],
	]) {
		for (const items of [Math.round(N / 10), N]) {
			memoryRuns.push({
				label,
				run: benchRun({ ...base, items, concurrency: 5 }, /** @type {string[]} */ (flags)),
			});
		}
	}
	table(
		[
			'V8 heap',
			'items',
			'image data',
			'success',
			'RSS before',
			'peak RSS in node',
			'peak RSS (process)',
			'heap retained after GC',
		],
		memoryRuns.map(({ label, run }) => [
			label,
			run.items,
			`${Math.round((run.items * IMAGE_BYTES) / 2 ** 20)} MB`,
			run.success,
			`${run.rssBeforeMb} MB`,
			`${run.peakRssInNodeMb} MB`,
			`${run.peakRssMb} MB`,
			`${run.heapAfterGcMb} MB`,
		]),
	);
}

/** 3. 30 % injected faults. @param {string} gatewayUrl @param {object} base */
async function faultsSection(gatewayUrl, base) {
	console.log(
		'\n3. 30 % injected faults (every transient kind), retries 5, timeout 2 s, concurrency 5',
	);
	await control(gatewayUrl, { faults: TRANSIENT_FAULTS_30, seed: 7 });
	const before = (await gatewayLog(gatewayUrl)).length;
	const faulty = benchRun({ ...base, items: N, concurrency: 5, retries: 5, timeoutMs: 2000 });
	const log = (await gatewayLog(gatewayUrl)).slice(before);
	await control(gatewayUrl, { faults: {} });
	/** @type {Map<string | undefined, typeof log>} */
	const byImage = new Map();
	for (const entry of log)
		byImage.set(entry.imageKey, [...(byImage.get(entry.imageKey) ?? []), entry]);
	const hit = [...byImage.values()].filter((entries) => entries.some((e) => e.fault));
	const recovered = hit.filter((entries) => entries.some((e) => !e.fault && e.retCode === 0));
	table(
		[
			'items',
			'success',
			'error',
			'success + error',
			'duplicates',
			'requests',
			'faulted requests',
			'items hit by a fault',
			'recovered by retries',
		],
		[
			[
				faulty.items,
				faulty.success,
				faulty.error,
				faulty.success + faulty.error,
				faulty.duplicates,
				log.length,
				log.filter((e) => e.fault).length,
				hit.length,
				recovered.length,
			],
		],
	);
	if (faulty.errors.length) console.log(`errors left: ${faulty.errors.join(' | ')}`);
}

/** 4. This node vs the HTTP Request node in a real n8n. @param {string} gatewayUrl */
async function sideBySideSection(gatewayUrl) {
	console.log(
		'\n4. In a real n8n: this node vs the HTTP Request node by hand (APPCODE header, form body, batching), same URL items',
	);
	const items = QUICK ? 100 : 300;
	const side = await sideBySide(gatewayUrl, {
		items,
		concurrency: 5,
		batchIntervalMs: LATENCY_MS,
	});
	const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
	table(
		[
			'n8n ' + side.n8nVersion + ', ' + items + ' URL items',
			'time',
			'time / this node',
			'items out',
		],
		[
			[
				'this node, concurrency 5',
				seconds(side.ocr.ms),
				'(the yardstick)',
				`${side.ocr.cards} card items on Success`,
			],
			[
				`HTTP Request, batches of 5 every ${LATENCY_MS} ms`,
				seconds(side.httpBatched.ms),
				(side.httpBatched.ms / side.ocr.ms).toFixed(2),
				`${side.httpBatched.cards} raw envelopes`,
			],
			[
				'HTTP Request, no batching (all at once)',
				seconds(side.httpUnbatched.ms),
				(side.httpUnbatched.ms / side.ocr.ms).toFixed(2),
				`${side.httpUnbatched.cards} raw envelopes (${items} requests in flight at once)`,
			],
		],
	);
}

/**
 * 5. The shared budget: 10 executions at once × 5 images, plan 5 QPS (the stand-in's flow
 * control), with Max Requests per Second = 5 and unset; ideal = images / plan QPS.
 * @param {string} gatewayUrl @param {object} base
 */
async function sharedBudgetSection(gatewayUrl, base) {
	console.log('\n5. Shared budget: 10 executions at once × 5 images, plan 5 QPS, latency 50 ms');
	await control(gatewayUrl, { latencyMs: 50, qps: 5, faults: {} });
	const config = { ...base, executions: 10, images: 5 };
	const capped = budgetRun({ ...config, maxRequestsPerSecond: 5 });
	const uncapped = budgetRun({ ...config, maxRequestsPerSecond: 0 });
	await control(gatewayUrl, { qps: 0 });
	const ideal = (config.executions * config.images) / 5;
	const onError = (/** @type {any} */ run) => run.images - run.success;
	console.log(
		`shared budget: cap set ${capped.seconds.toFixed(1)} s (${capped.throttled} throttled, ${onError(capped)} on Error), unset ${uncapped.seconds.toFixed(1)} s (${uncapped.throttled} throttled, ${onError(uncapped)} on Error), ideal ${ideal} s`,
	);
}

async function main() {
	execFileSync('npx', ['tsc', '-p', 'tsconfig.bench.json'], { cwd: ROOT, stdio: 'inherit' });
	const gateway = /** @type {{ url: string, stop: () => void }} */ (await startGateway());
	const base = {
		gateway: gateway.url,
		appCode: DEMO_APP_CODE,
		imageBytes: IMAGE_BYTES,
		retries: 3,
		timeoutMs: 30000,
	};
	console.log(
		`Stand-in gateway ${gateway.url}, latency ${LATENCY_MS} ms; images ~${IMAGE_BYTES / 1024} KB; Node ${process.version}; ${require('os').cpus().length} cores\n`,
	);
	try {
		if (ONLY === 'budget') return await sharedBudgetSection(gateway.url, base);
		await throughputSection(gateway.url, base);
		if (ONLY === 'throughput') return;
		await slowLatencySection(gateway.url, base);
		memorySection(base);
		await faultsSection(gateway.url, base);
		await sideBySideSection(gateway.url);
		await sharedBudgetSection(gateway.url, base);
	} finally {
		gateway.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
