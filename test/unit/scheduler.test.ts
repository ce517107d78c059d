import {
	backoffDelay,
	runPool,
	runWithRetries,
	type SchedulerClock,
	StartRateLimiter,
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
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0))).toEqual([250, 500, 1000, 2000]);
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 1))).toEqual([500, 1000, 2000, 4000]);
		expect(backoffDelay(20, policy, () => 1)).toBe(10000);
	});
});

describe('runWithRetries', () => {
	it('retries transient failures with growing waits, then stops', async () => {
		const clock = fakeClock();
		let calls = 0;
		const run = await runWithRetries(async () => ({ ok: false, transient: true, n: ++calls }), new StartRateLimiter(0, clock), policy, clock);
		expect(run.attempts).toBe(4);
		expect(calls).toBe(4);
		expect(clock.sleeps).toEqual([375, 750, 1500]);
	});

	it('never retries a permanent failure', async () => {
		const clock = fakeClock();
		const run = await runWithRetries(async () => ({ ok: false, transient: false }), new StartRateLimiter(0, clock), policy, clock);
		expect(run.attempts).toBe(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('stops retrying at the first success', async () => {
		const clock = fakeClock();
		const results = [{ ok: false, transient: true }, { ok: true }];
		const run = await runWithRetries(async () => results.shift()!, new StartRateLimiter(0, clock), policy, clock);
		expect(run).toEqual({ result: { ok: true }, attempts: 2 });
	});
});

describe('StartRateLimiter', () => {
	it('spaces starts so no one-second window holds more than the cap', async () => {
		const clock = fakeClock();
		const limiter = new StartRateLimiter(5, clock);
		const starts: number[] = [];
		for (let i = 0; i < 20; i++) {
			await limiter.acquire();
			starts.push(clock.time);
		}
		for (const start of starts) {
			expect(starts.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(5);
		}
		expect(starts[19] - starts[0]).toBeLessThan(4000);
	});

	it('does not wait without a cap', async () => {
		const clock = fakeClock();
		const limiter = new StartRateLimiter(0, clock);
		for (let i = 0; i < 10; i++) await limiter.acquire();
		expect(clock.sleeps).toEqual([]);
	});
});

describe('runPool', () => {
	it('keeps order and never exceeds the concurrency', async () => {
		let inFlight = 0;
		let peak = 0;
		const results = await runPool(50, 7, async (index) => {
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

	it('starts nothing new once told to stop', async () => {
		let started = 0;
		const results = await runPool(20, 2, async (index) => {
			started++;
			return index;
		}, () => started >= 5);
		expect(started).toBe(5);
		expect(results.filter((r) => r === undefined)).toHaveLength(15);
	});

	it('handles no jobs', async () => {
		expect(await runPool(0, 5, async () => 1)).toEqual([]);
	});
});
