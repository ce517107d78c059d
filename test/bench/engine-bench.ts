/**
 * One benchmark run of the node in n8n's real engine, in its own process (so peak RSS is this
 * run's alone), against a stand-in gateway running in another process. Prints one JSON line.
 *
 *   node .tmp/bench/test/bench/engine-bench.js '{"gateway":"http://…","items":1000,"concurrency":5,…}'
 */
import { makePng } from '../gateway/images';
import { testCard } from '../helpers/cards';
import { runOcrNode, removeBinaryStorage, useBinaryMode } from '../helpers/engine';

interface BenchConfig {
	gateway: string;
	appCode: string;
	items: number;
	concurrency: number;
	imageBytes: number;
	retries: number;
	timeoutMs: number;
}

async function main(): Promise<void> {
	const config = JSON.parse(process.argv[2]) as BenchConfig;
	await useBinaryMode('filesystem');
	const items = Array.from({ length: config.items }, (_, i) => ({
		json: { index: i },
		binary: {
			data: {
				// Each image distinct (its own card and filler), made only when the upstream node stores it.
				bytes: () => makePng(testCard(i), { seed: i + 1, padBytes: config.imageBytes }),
				fileName: `card-${i}.png`,
				mimeType: 'image/png',
			},
		},
	}));
	const rssBefore = process.memoryUsage().rss;
	// RSS sampled through the run, so the peak can be taken over the node's own time window.
	const samples: Array<[number, number]> = [];
	const sampler = setInterval(() => samples.push([Date.now(), process.memoryUsage().rss]), 20);
	// CPU time of this process while the node ran (the upstream node's image making excluded),
	// and, under --cpu-prof, the node's time window on the profiler's clock.
	const profiling = process.execArgv.some((flag) => flag.startsWith('--cpu-prof'));
	const mark = (what: string) => {
		if (profiling) process.stderr.write(`node-window-${what} ${process.hrtime.bigint() / 1000n}\n`);
	};
	let cpuAtStart = process.cpuUsage();
	let nodeCpu = { user: 0, system: 0 };
	const result = await runOcrNode({
		onNodeRun: {
			before: () => {
				cpuAtStart = process.cpuUsage();
				mark('start');
			},
			after: () => {
				nodeCpu = process.cpuUsage(cpuAtStart);
				mark('end');
			},
		},
		parameters: {
			source: 'binary',
			options: {
				concurrency: config.concurrency,
				retries: config.retries,
				retryBaseWait: 50,
				timeout: config.timeoutMs,
			},
		},
		credentials: { authType: 'appCode', appCode: config.appCode, baseUrl: config.gateway },
		items,
	});
	clearInterval(sampler);
	const task = result.run.data.resultData.runData['Bank Card OCR'][0];
	const inNode = samples.filter(
		([at]) => at >= task.startTime && at <= task.startTime + task.executionTime,
	);
	const collect = (globalThis as { gc?: () => void }).gc;
	collect?.();
	const paired = [...result.success, ...result.error].map(
		(item) => (item.pairedItem as { item: number }).item,
	);
	const unique = new Set(paired).size;
	const report = {
		items: config.items,
		concurrency: config.concurrency,
		success: result.success.length,
		error: result.error.length,
		uniqueItems: unique,
		duplicates: paired.length - unique,
		nodeMs: task.executionTime,
		nodeCpuMs: (nodeCpu.user + nodeCpu.system) / 1000,
		rssBeforeMb: Math.round(rssBefore / 2 ** 20),
		peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
		peakRssInNodeMb: Math.round(Math.max(0, ...inNode.map(([, rss]) => rss)) / 2 ** 20),
		heapAfterGcMb: collect ? Math.round(process.memoryUsage().heapUsed / 2 ** 20) : null,
		errors: [...new Set(result.error.map((item) => String(item.json.error)))].slice(0, 5),
	};
	removeBinaryStorage();
	process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((error) => {
	process.stderr.write(String(error instanceof Error ? error.stack : error) + '\n');
	process.exitCode = 1;
});
