/**
 * Many executions of the node at once in one process, against one Aliyun app whose plan
 * allows 5 requests per second: the app's budget is shared, so the gateway sees the cap for
 * the sum of them, and no card is lost to throttling with or without the cap.
 */
import type { GatewayStandIn } from '../gateway/server';
import { cardPng, testCard } from '../helpers/cards';
import { removeBinaryStorage, runOcrNode, useBinaryMode } from '../helpers/engine';
import { appCodeCredentials, startGateway } from '../helpers/gateway';
import { busiestWindow } from '../helpers/virtualClock';

const PLAN_QPS = 5;
const EXECUTIONS = 10;
const IMAGES = 5;

async function executionsAtOnce(gateway: GatewayStandIn, maxRequestsPerSecond: number) {
	const runs = Array.from({ length: EXECUTIONS }, async (_, execution) => {
		const items = Array.from({ length: IMAGES }, (_, i) => {
			const seed = 9000 + execution * 100 + i + maxRequestsPerSecond * 10_000;
			return { binary: { data: { bytes: cardPng(testCard(seed), seed), mimeType: 'image/png' } } };
		});
		return await runOcrNode({
			parameters: { source: 'binary', options: { concurrency: 5, maxRequestsPerSecond } },
			credentials: appCodeCredentials(gateway.url),
			items,
		});
	});
	return await Promise.all(runs);
}

let gateway: GatewayStandIn;
beforeAll(async () => {
	await useBinaryMode('memory');
	gateway = await startGateway({ qps: PLAN_QPS, latencyMs: 50 });
});
afterAll(async () => {
	await gateway.close();
	removeBinaryStorage();
});
beforeEach(() => gateway.log.splice(0));

const throttled = () => gateway.log.filter((entry) => entry.gatewayError?.startsWith('Throttled'));

it(`10 executions at once with Max Requests per Second = the plan: nothing throttled, every card read`, async () => {
	const started = Date.now();
	const results = await executionsAtOnce(gateway, PLAN_QPS);
	for (const result of results) {
		expect(result.error).toHaveLength(0);
		expect(result.success).toHaveLength(IMAGES);
	}
	expect(throttled()).toHaveLength(0);
	expect(gateway.log).toHaveLength(EXECUTIONS * IMAGES);
	expect(
		busiestWindow(
			gateway.log.map((entry) => entry.at),
			1000,
		),
	).toBeLessThanOrEqual(PLAN_QPS);
	// 50 starts at 5 per 1.1 s: the last cannot start before 9 windows have passed.
	expect(Date.now() - started).toBeGreaterThanOrEqual(9 * 1100);
});

it('the same without a cap: the budget learns the plan from throttling, and no card ends on Error', async () => {
	const results = await executionsAtOnce(gateway, 0);
	for (const result of results) {
		expect(result.error).toHaveLength(0);
		expect(result.success).toHaveLength(IMAGES);
	}
	// Some requests were throttled (so the check above can fail), but they were few.
	expect(throttled().length).toBeGreaterThan(0);
	expect(throttled().length).toBeLessThan(EXECUTIONS * IMAGES);
});
