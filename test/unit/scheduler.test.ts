import {
	backoffDelay,
	runPool,
	type SchedulerClock,
	StopGate,
	waitUnlessStopped,
} from '../../nodes/AliyunBankCardOcr/scheduler';

/** A fake clock: sleeping advances time instantly, and every sleep is recorded. */
function fakeClock(random = () => 0.5): SchedulerClock & { sleeps: number[]; time: number } {
	const clock = {
		time: 1_000_000,
		sleeps: [] as number[],
		now: () => clock.time,
		sleep: async (ms: number) => {
			clock.sleeps.push(ms);
			clock.time += ms;
		},
		random,
	};
	return clock;
}

const policy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10000 };

describe('backoff', () => {
	it('doubles the cap each attempt, with jitter between half and all of it, up to the max', () => {
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0))).toEqual([
			250, 500, 1000, 2000,
		]);
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 1))).toEqual([
			500, 1000, 2000, 4000,
		]);
		expect(backoffDelay(20, policy, () => 1)).toBe(10000);
	});
});

describe('waitUnlessStopped', () => {
	it('waits the time when nothing stops it', async () => {
		const clock = fakeClock();
		expect(await waitUnlessStopped(750, new StopGate(new AbortController().signal), clock)).toBe(
			true,
		);
		expect(clock.sleeps).toEqual([750]);
	});

	it('ends at once when stopped, even if the sleep itself would go on', async () => {
		const stop = new AbortController();
		const never = { sleep: async () => await new Promise<void>(() => undefined) };
		const waiting = waitUnlessStopped(60_000, new StopGate(stop.signal), never);
		stop.abort();
		expect(await waiting).toBe(false);
	});

	it('does not start a wait after a stop', async () => {
		const clock = fakeClock();
		const stop = new AbortController();
		stop.abort();
		expect(await waitUnlessStopped(750, new StopGate(stop.signal), clock)).toBe(false);
		expect(clock.sleeps).toEqual([]);
	});
});

describe('runPool', () => {
	it('keeps order and never exceeds the concurrency', async () => {
		let inFlight = 0;
		let peak = 0;
		const jobs = Array.from({ length: 50 }, (_, i) => i);
		const { results } = await runPool(jobs, 7, async (index) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
			inFlight--;
			return index * 2;
		});
		expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
		expect(peak).toBe(7);
	});

	it('starts nothing new after a result that stops it, and reports that result', async () => {
		let started = 0;
		const jobs = Array.from({ length: 20 }, (_, i) => i);
		const report = await runPool(
			jobs,
			2,
			async (index) => {
				started++;
				await new Promise((resolve) => setImmediate(resolve));
				return index;
			},
			{ stops: (result) => result === 4 },
		);
		// The other lane may already be on job 5 when job 4 stops the pool.
		expect(started).toBeLessThanOrEqual(6);
		expect(report.stoppedBy).toEqual({ index: 4, result: 4 });
		expect(report.results.filter((r) => r === undefined).length).toBeGreaterThanOrEqual(14);
	});

	it('starts nothing once its signal aborted', async () => {
		const stop = new AbortController();
		let started = 0;
		const jobs = Array.from({ length: 10 }, (_, i) => i);
		const report = await runPool(
			jobs,
			1,
			async (index) => {
				started++;
				if (index === 2) stop.abort();
				return index;
			},
			{ signal: stop.signal },
		);
		expect(started).toBe(3);
		expect(report.results).toEqual([0, 1, 2, ...Array(7).fill(undefined)]);
		expect(report.stoppedBy).toBeUndefined();
	});

	it('handles no jobs', async () => {
		expect((await runPool([], 5, async () => 1)).results).toEqual([]);
	});
});
