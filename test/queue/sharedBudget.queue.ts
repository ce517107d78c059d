/**
 * The shared budget in a real n8n, as users run it: 10 production-webhook calls at once, one
 * execution each, 5 image URLs per call, against an Aliyun app whose plan allows 5 requests
 * per second. One n8n process (regular mode), with Max Requests per Second set to the plan
 * and with it unset; then queue mode, main + 2 workers, with it set.
 */
import { packPackage } from '../n8n/instance';
import { budgetRun, type BudgetRun } from './budgetRun';
import { startQueueStack } from './stack';

const PLAN_QPS = 5;
const CALLS = 10;
const IMAGES_PER_CALL = 5;
const IDEAL_S = (CALLS * IMAGES_PER_CALL) / PLAN_QPS;

type Stack = Awaited<ReturnType<typeof startQueueStack>>;

function expectEveryCardRead(run: BudgetRun) {
	for (const call of run.calls) {
		const context = `call ${call.index}: ${call.status} ${call.text.slice(0, 300)}`;
		expect({ context, status: call.status }).toEqual({ context, status: 200 });
		expect(call.cardsRead.sort()).toEqual([...call.cards].sort());
	}
	expect(run.onError).toBe(0);
}

const summary: string[] = [];
afterAll(() => process.stdout.write(`[budget] ${summary.join('; ')} (ideal ${IDEAL_S} s)\n`));

describe('one n8n process (regular mode)', () => {
	let stack: Stack;
	beforeAll(async () => {
		const { tarball } = packPackage();
		stack = await startQueueStack({ tarball, mode: 'regular', latencyMs: 50 });
		stack.gateway.configure({ qps: PLAN_QPS });
	});
	afterAll(async () => {
		await stack?.stop();
		stack?.cluster.cleanup();
	});

	it(`Max Requests per Second = the plan: nothing throttled, every card read, near the ideal`, async () => {
		const run = await budgetRun(stack, 'ocr-urls-capped', CALLS, IMAGES_PER_CALL, 0);
		summary.push(`regular, cap set: ${run.seconds.toFixed(1)} s, ${run.throttled} throttled`);
		expectEveryCardRead(run);
		expect(run.throttled).toBe(0);
		// The target is 1.3 × the ideal; the bound here leaves room for a busy machine.
		expect(run.seconds).toBeLessThan(IDEAL_S * 2.5);
	});

	it('no cap: the budget learns the plan, and no card ends on Error', async () => {
		const run = await budgetRun(stack, 'ocr-urls-uncapped', CALLS, IMAGES_PER_CALL, 1000);
		summary.push(`regular, no cap: ${run.seconds.toFixed(1)} s, ${run.throttled} throttled`);
		expectEveryCardRead(run);
		expect(run.throttled).toBeGreaterThan(0);
		expect(run.seconds).toBeLessThan(IDEAL_S * 3);
	});
});

describe('queue mode: main + 2 workers', () => {
	let stack: Stack;
	beforeAll(async () => {
		const { tarball } = packPackage();
		stack = await startQueueStack({ tarball, workers: 2, workerConcurrency: 5, latencyMs: 50 });
		stack.gateway.configure({ qps: PLAN_QPS });
	});
	afterAll(async () => {
		await stack?.stop();
		stack?.cluster.cleanup();
	});

	it('Max Requests per Second = the plan on each worker: the workers settle near the plan, no card on Error', async () => {
		const run = await budgetRun(stack, 'ocr-urls-capped', CALLS, IMAGES_PER_CALL, 2000);
		summary.push(
			`queue (2 workers), cap set: ${run.seconds.toFixed(1)} s, ${run.throttled} throttled`,
		);
		expectEveryCardRead(run);
		expect(run.seconds).toBeLessThan(IDEAL_S * 3);
	});
});
