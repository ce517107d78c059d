/**
 * One run of the shared budget's bench, in its own process (one n8n process's worth of
 * executions): `executions` runs of the node at once in n8n's real engine, `images` each,
 * against the stand-in gateway in another process. Prints one JSON line.
 *
 *   node .tmp/bench/test/bench/budget-bench.js '{"gateway":"http://…","executions":10,"images":5,…}'
 */
import { makePng } from '../gateway/images';
import { testCard } from '../helpers/cards';
import { runOcrNode, useBinaryMode } from '../helpers/engine';

interface BudgetBenchConfig {
	gateway: string;
	appCode: string;
	executions: number;
	images: number;
	maxRequestsPerSecond: number;
}

async function gatewayLog(gateway: string): Promise<Array<{ gatewayError?: string }>> {
	const response = await fetch(`${gateway}/__log`);
	return (await response.json()) as Array<{ gatewayError?: string }>;
}

async function main(): Promise<void> {
	const config = JSON.parse(process.argv[2]) as BudgetBenchConfig;
	await useBinaryMode('memory');
	const logFrom = (await gatewayLog(config.gateway)).length;
	const started = Date.now();
	const results = await Promise.all(
		Array.from({ length: config.executions }, async (_, execution) => {
			const items = Array.from({ length: config.images }, (_, i) => {
				const seed = 50_000 + execution * 100 + i + config.maxRequestsPerSecond * 10_000;
				return {
					binary: { data: { bytes: makePng(testCard(seed), { seed }), mimeType: 'image/png' } },
				};
			});
			return await runOcrNode({
				parameters: {
					source: 'binary',
					options: { concurrency: 5, maxRequestsPerSecond: config.maxRequestsPerSecond },
				},
				credentials: { authType: 'appCode', appCode: config.appCode, baseUrl: config.gateway },
				items,
			});
		}),
	);
	const seconds = (Date.now() - started) / 1000;
	const log = (await gatewayLog(config.gateway)).slice(logFrom);
	const report = {
		images: config.executions * config.images,
		success: results.reduce((sum, result) => sum + result.success.length, 0),
		seconds,
		requests: log.length,
		throttled: log.filter((entry) => entry.gatewayError?.startsWith('Throttled')).length,
	};
	process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((error) => {
	process.stderr.write(String(error instanceof Error ? error.stack : error) + '\n');
	process.exitCode = 1;
});
