import {
	backoffDelay,
	runPool,
	runWithRetries,
	RATE_WINDOW_MS,
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
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0))).toEqual([
			250, 500, 1000, 2000,
		]);
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 1))).toEqual([
			500, 1000, 2000, 4000,
		]);
		expect(backoffDelay(20, policy, () => 1)).toBe(10000);
	});
});

describe('runWithRetries', () => {
	it('retries transient failures with growing waits, then stops', async () => {
		const clock = fakeClock();
		let calls = 0;
		const run = await runWithRetries(
			async () => ({ ok: false, transient: true, n: ++calls }),
			new StartRateLimiter(0, clock),
			policy,
			clock,
		);
		expect(run.attempts).toBe(4);
		expect(calls).toBe(4);
		expect(clock.sleeps).toEqual([375, 750, 1500]);
	});

	it('never retries a permanent failure', async () => {
		const clock = fakeClock();
		const run = await runWithRetries(
			async () => ({ ok: false, transient: false }),
			new StartRateLimiter(0, clock),
			policy,
			clock,
		);
		expect(run.attempts).toBe(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('stops retrying at the first success', async () => {
		const clock = fakeClock();
		const results = [{ ok: false, transient: true }, { ok: true }];
		const run = await runWithRetries(
			async () => results.shift()!,
			new StartRateLimiter(0, clock),
			policy,
			clock,
		);
		expect(run).toEqual({ result: { ok: true }, attempts: 2 });
	});
});

/**
 * Virtual time for many concurrent callers: `sleep` parks a caller until the clock is run
 * past its wake-up time; nothing waits for real.
 */
class VirtualClock {
	time = 0;

	private timers: Array<{ at: number; wake: () => void }> = [];

	now = () => this.time;

	sleep = async (ms: number) =>
		await new Promise<void>((wake) => this.timers.push({ at: this.time + Math.max(0, ms), wake }));

	/** Runs until every caller is done: settle the promises, then jump to the next timer. */
	async runAll(done: Promise<unknown>): Promise<void> {
		let finished = false;
		void done.then(() => (finished = true));
		while (!finished) {
			for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
			if (this.timers.length === 0) continue;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.wake();
		}
	}
}

/** The most entries of `times` in any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= windowMs) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/** Callers that ask at random times (bursts and gaps) and record when they may start. */
async function startTimes(maxPerSecond: number, arrivals: number[]): Promise<number[]> {
	const clock = new VirtualClock();
	const limiter = new StartRateLimiter(maxPerSecond, clock);
	const starts: number[] = [];
	const callers = arrivals.map(async (arrival) => {
		await clock.sleep(arrival);
		await limiter.acquire();
		starts.push(clock.now());
	});
	await clock.runAll(Promise.all(callers));
	return starts;
}

function randomArrivals(random: () => number, count: number): number[] {
	const arrivals: number[] = [];
	let time = 0;
	for (let i = 0; i < count; i++) {
		const pattern = random();
		if (pattern < 0.5)
			time += 0; // a burst: many callers at the same moment
		else if (pattern < 0.9) time += Math.floor(random() * 150);
		else time += Math.floor(random() * 3000); // an idle gap
		arrivals.push(time);
	}
	return arrivals;
}

describe('StartRateLimiter', () => {
	it('the window is one second plus max(100 ms, 10 %)', () => {
		expect(RATE_WINDOW_MS).toBe(1100);
	});

	it('for random arrival patterns, no window ever holds more starts than the cap', async () => {
		const random = seededRandom(8);
		for (let round = 0; round < 60; round++) {
			const cap = 1 + Math.floor(random() * 20);
			const arrivals = randomArrivals(random, 20 + Math.floor(random() * 120));
			const starts = await startTimes(cap, arrivals);
			expect(starts).toHaveLength(arrivals.length);
			expect(busiestWindow(starts, RATE_WINDOW_MS)).toBeLessThanOrEqual(cap);
			// So a gateway that counts per second sees at most the cap even when each request
			// arrives up to 100 ms late, by its own amount.
			const arrivalsAtGateway = starts.map((start) => start + Math.floor(random() * 100));
			expect(busiestWindow(arrivalsAtGateway, 1000)).toBeLessThanOrEqual(cap);
		}
	});

	it('waits no longer than the cap needs: a start is on arrival, or when a window opens', async () => {
		const random = seededRandom(99);
		for (let round = 0; round < 20; round++) {
			const cap = 1 + Math.floor(random() * 10);
			const arrivals = randomArrivals(random, 60);
			const starts = await startTimes(cap, arrivals);
			const sortedStarts = [...starts].sort((a, b) => a - b);
			const sortedArrivals = [...arrivals].sort((a, b) => a - b);
			sortedStarts.forEach((start, k) => {
				const onArrival = start === sortedArrivals[k];
				const windowOpened = k >= cap && start === sortedStarts[k - cap] + RATE_WINDOW_MS;
				const behindTheLast = k > 0 && start === sortedStarts[k - 1];
				expect(onArrival || windowOpened || behindTheLast).toBe(true);
			});
		}
	});

	it('lets a burst up to the cap start at once, then holds the rest', async () => {
		const starts = await startTimes(5, Array(12).fill(0));
		expect(starts).toEqual([0, 0, 0, 0, 0, 1100, 1100, 1100, 1100, 1100, 2200, 2200]);
	});

	it('a cap below one spreads single starts further apart', async () => {
		const starts = await startTimes(0.5, [0, 0, 0]);
		expect(starts).toEqual([0, 2200, 4400]);
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
		const results = await runPool(
			20,
			2,
			async (index) => {
				started++;
				return index;
			},
			() => started >= 5,
		);
		expect(started).toBe(5);
		expect(results.filter((r) => r === undefined)).toHaveLength(15);
	});

	it('handles no jobs', async () => {
		expect(await runPool(0, 5, async () => 1)).toEqual([]);
	});
});
