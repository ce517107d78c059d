import {
	AppBudget,
	appBudget,
	appKeyOf,
	BUDGET_IDLE_MS,
	budgetCount,
	MAX_BUDGETS,
	RATE_WINDOW_MS,
} from '../../nodes/AliyunBankCardOcr/appBudget';
import { StopGate } from '../../nodes/AliyunBankCardOcr/scheduler';
import { busiestWindow, randomArrivals, seededRandom, VirtualClock } from '../helpers/virtualClock';

/** Callers that ask at the given times, start, and finish at once: when did each start? */
async function startTimes(maxPerSecond: number, arrivals: number[]): Promise<number[]> {
	const clock = new VirtualClock();
	const budget = new AppBudget(clock);
	const starts: number[] = [];
	const callers = arrivals.map(async (arrival) => {
		await clock.sleep(arrival);
		const started = await budget.acquire({ concurrency: 1000, maxPerSecond });
		starts.push(clock.now());
		budget.finish(started!, { throttled: false });
	});
	await clock.runAll(Promise.all(callers));
	return starts;
}

/**
 * A gateway's flow control on the virtual clock: a request is admitted when fewer than
 * `plan` admitted requests arrived in the second before it (as Aliyun counts, and as the
 * stand-in does). Requests arrive up to `jitterMs` after they start.
 */
class SimulatedGateway {
	admitted: number[] = [];

	throttled = 0;

	constructor(
		public plan: number,
		private readonly random: () => number,
		private readonly jitterMs = 100,
	) {}

	arrive(startedAt: number): boolean {
		const at = startedAt + Math.floor(this.random() * this.jitterMs);
		const inLastSecond = this.admitted.filter((t) => t > at - 1000 && t <= at).length;
		if (inLastSecond >= this.plan) {
			this.throttled++;
			return false;
		}
		this.admitted.push(at);
		return true;
	}

	admittedBetween(from: number, to: number): number {
		return this.admitted.filter((t) => t >= from && t < to).length;
	}
}

/**
 * `executions` executions at once, each sending `images` images with `concurrency` lanes,
 * through one budget, against a simulated gateway; throttled images wait in the budget and
 * try again (as the node does). Each execution starts at its own random time in the first
 * `spreadMs`. Returns when every image was admitted.
 */
async function simulate(options: {
	budget: AppBudget;
	clock: VirtualClock;
	gateway: SimulatedGateway;
	executions: number;
	images: number;
	concurrency: number;
	maxPerSecond: number;
	random: () => number;
	spreadMs?: number;
	latencyMs?: number;
	/** The share of admitted requests that fail for a passing reason and are retried after a backoff. */
	faultRate?: number;
	onTick?: (clock: VirtualClock) => void;
}): Promise<{ starts: number[]; attempts: number }> {
	const { budget, clock, gateway, random } = options;
	const starts: number[] = [];
	let attempts = 0;
	const execution = async (): Promise<void> => {
		await clock.sleep(Math.floor(random() * (options.spreadMs ?? 0)));
		let next = 0;
		const lane = async (): Promise<void> => {
			while (next < options.images) {
				next++;
				for (;;) {
					const started = await budget.acquire({
						concurrency: options.concurrency,
						maxPerSecond: options.maxPerSecond,
					});
					starts.push(started!.startedAt);
					attempts++;
					const ok = gateway.arrive(started!.startedAt);
					// A throttled reply comes back at once; a read card takes the API's time.
					await clock.sleep(ok ? (options.latencyMs ?? 200) : 5);
					budget.finish(started!, { throttled: !ok });
					options.onTick?.(clock);
					if (ok && random() < (options.faultRate ?? 0)) {
						await clock.sleep(250 + Math.floor(random() * 500));
						continue;
					}
					if (ok) break;
				}
			}
		};
		await Promise.all(Array.from({ length: options.concurrency }, lane));
	};
	await clock.runAll(Promise.all(Array.from({ length: options.executions }, execution)));
	return { starts, attempts };
}

describe('AppBudget: the cap', () => {
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

	it('holds the cap for many executions at once, retries mixed in, at a plan equal to the cap', async () => {
		const random = seededRandom(21);
		for (let round = 0; round < 12; round++) {
			const clock = new VirtualClock();
			const cap = 1 + Math.floor(random() * 10);
			const gateway = new SimulatedGateway(cap, random);
			const budget = new AppBudget(clock);
			const { starts } = await simulate({
				budget,
				clock,
				gateway,
				executions: 2 + Math.floor(random() * 12),
				images: 1 + Math.floor(random() * 6),
				concurrency: 1 + Math.floor(random() * 6),
				maxPerSecond: cap,
				random,
				spreadMs: Math.floor(random() * 5000),
				latencyMs: 20 + Math.floor(random() * 400),
				faultRate: 0.3,
			});
			expect(busiestWindow(starts, RATE_WINDOW_MS)).toBeLessThanOrEqual(cap);
			expect(gateway.throttled).toBe(0);
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
		const starts = await startTimes(0, Array(30).fill(0));
		expect(starts).toEqual(Array(30).fill(0));
	});

	it('two callers with different caps: each start respects its own cap, counting all starts', async () => {
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		const starts: Array<{ cap: number; at: number }> = [];
		const caller = async (cap: number) => {
			const started = await budget.acquire({ concurrency: 100, maxPerSecond: cap });
			starts.push({ cap, at: clock.now() });
			budget.finish(started!, { throttled: false });
		};
		const callers = [...Array(6).fill(10), ...Array(3).fill(2)].map(caller);
		await clock.runAll(Promise.all(callers));
		// The six with cap 10 start at once; then the app has 6 starts in the window, so the
		// callers with cap 2 wait until fewer than 2 are left in it.
		expect(starts.filter((s) => s.cap === 10).map((s) => s.at)).toEqual(Array(6).fill(0));
		expect(starts.filter((s) => s.cap === 2).map((s) => s.at)).toEqual([1100, 1100, 2200]);
	});
	it('a request that left late (its reply came late) holds its place until a window after it arrived', async () => {
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		// One quick round trip first: the shortest, 50 ms.
		const quick = await budget.acquire({ concurrency: 10, maxPerSecond: 5 });
		clock.time = 50;
		budget.finish(quick!, { throttled: false });
		clock.time = 2000;
		// Five more start at 2000, but their replies come 400 ms later: they left about 350 ms late.
		const late = await Promise.all(
			Array.from({ length: 5 }, () => budget.acquire({ concurrency: 10, maxPerSecond: 5 })),
		);
		clock.time = 2400;
		for (const started of late) budget.finish(started!, { throttled: false });
		const next: number[] = [];
		const waiting = budget.acquire({ concurrency: 10, maxPerSecond: 5 }).then((started) => {
			next.push(clock.now());
			budget.finish(started!, { throttled: false });
		});
		await clock.runAll(waiting);
		expect(next).toEqual([2000 + 350 + RATE_WINDOW_MS]);
	});
});

describe('AppBudget: requests in flight', () => {
	it('never has more of the app in flight than the caller allows, across executions', async () => {
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		let inFlight = 0;
		let peak = 0;
		const execution = async () => {
			for (let i = 0; i < 4; i++) {
				const started = await budget.acquire({ concurrency: 3, maxPerSecond: 0 });
				inFlight++;
				peak = Math.max(peak, inFlight);
				await clock.sleep(100);
				inFlight--;
				budget.finish(started!, { throttled: false });
			}
		};
		await clock.runAll(Promise.all(Array.from({ length: 5 }, execution)));
		expect(peak).toBe(3);
		// 20 requests of 100 ms, 3 at a time: 7 rounds.
		expect(clock.now()).toBe(700);
	});

	it('a waiting request whose signal aborts leaves the queue at once', async () => {
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		const first = await budget.acquire({ concurrency: 1, maxPerSecond: 0 });
		const stop = new AbortController();
		const waiting = budget.acquire({
			concurrency: 1,
			maxPerSecond: 0,
			stop: new StopGate(stop.signal),
		});
		stop.abort();
		expect(await waiting).toBeUndefined();
		budget.finish(first!, { throttled: false });
		expect(budget.idle).toBe(true);
	});
});

describe('AppBudget: learning the plan from throttling', () => {
	it.each([
		[5, 5],
		[50, 20],
	])(
		'from no cap, 10 executions settle near a %i/s plan (Concurrency %i), with few throttled requests',
		async (plan, concurrency) => {
			const random = seededRandom(plan);
			const clock = new VirtualClock();
			const budget = new AppBudget(clock);
			const gateway = new SimulatedGateway(plan, random);
			const learned: Array<{ at: number; rate: number | undefined }> = [];
			const images = plan * 8;
			const { attempts } = await simulate({
				budget,
				clock,
				gateway,
				executions: 10,
				images,
				concurrency,
				maxPerSecond: 0,
				random,
				latencyMs: 150,
				onTick: (c) => learned.push({ at: c.now(), rate: budget.learnedRate }),
			});
			const total = 10 * images;
			const end = clock.now();
			// Within 20 % of the plan over the whole run, the first burst included (the
			// gateway itself never admits more than the plan).
			expect(total / (end / 1000)).toBeGreaterThanOrEqual(plan * 0.8);
			// No dip: every 10 s after the first 5 admits at least 80 % of the plan.
			for (let from = 5000; from + 10_000 <= end; from += 10_000) {
				const admitted = gateway.admittedBetween(from, from + 10_000);
				expect(admitted / 10).toBeGreaterThanOrEqual(plan * 0.8);
			}
			// Throttling is a small part of the traffic, and stays so (no wave after wave).
			expect((attempts - total) / total).toBeLessThan(0.1);
			// The learned rate stays near the plan: no swing far below or far above it.
			const settled = learned.filter((entry) => entry.at > 5000).map((entry) => entry.rate ?? 0);
			const perSecond = settled.map((rate) => (rate * 1000) / RATE_WINDOW_MS);
			expect(Math.min(...perSecond)).toBeGreaterThanOrEqual(plan * 0.8);
			expect(Math.max(...perSecond)).toBeLessThanOrEqual(plan * 1.5);
		},
	);

	it('finds a raised plan again within seconds', async () => {
		const random = seededRandom(7);
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		const gateway = new SimulatedGateway(5, random);
		let raisedAt: number | undefined;
		await simulate({
			budget,
			clock,
			gateway,
			executions: 10,
			images: 60,
			concurrency: 20,
			maxPerSecond: 0,
			random,
			latencyMs: 100,
			onTick: (c) => {
				if (raisedAt === undefined && c.now() > 20_000) {
					gateway.plan = 50;
					raisedAt = c.now();
				}
			},
		});
		expect(raisedAt).toBeDefined();
		// 600 images: 5/s up to 20 s (about 100), the rest at close to 50/s once found.
		const after = clock.now() - raisedAt!;
		expect(after).toBeLessThan(30_000);
		const lastTen = gateway.admittedBetween(clock.now() - 5000, clock.now());
		expect(lastTen / 5).toBeGreaterThan(30);
	});

	it('never goes above the configured cap while learning', async () => {
		const random = seededRandom(3);
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		const gateway = new SimulatedGateway(50, random);
		const { starts } = await simulate({
			budget,
			clock,
			gateway,
			executions: 5,
			images: 40,
			concurrency: 5,
			maxPerSecond: 8,
			random,
			latencyMs: 50,
		});
		expect(busiestWindow(starts, RATE_WINDOW_MS)).toBeLessThanOrEqual(8);
		expect(gateway.throttled).toBe(0);
	});

	it("honours the gateway's Retry-After: no start before it has passed", async () => {
		const clock = new VirtualClock();
		const budget = new AppBudget(clock);
		const first = await budget.acquire({ concurrency: 10, maxPerSecond: 0 });
		budget.finish(first!, { throttled: true, retryAfterMs: 4000 });
		const starts: number[] = [];
		const callers = [0, 1, 2].map(async () => {
			const started = await budget.acquire({ concurrency: 10, maxPerSecond: 0 });
			starts.push(started!.startedAt);
			budget.finish(started!, { throttled: false });
		});
		await clock.runAll(Promise.all(callers));
		expect(Math.min(...starts)).toBeGreaterThanOrEqual(4000);
	});
});

describe('the budget registry', () => {
	const credentials = (appCode: string) => ({
		authType: 'appCode' as const,
		appCode,
		baseUrl: 'https://gw.example',
	});

	it('one budget per app: same host and AppCode share it, another AppCode or host does not', () => {
		const clock = new VirtualClock();
		const a = appBudget(appKeyOf(credentials('code-0001'), 'https://gw.example'), clock);
		const b = appBudget(appKeyOf(credentials(' code-0001 '), 'https://GW.example/x'), clock);
		const c = appBudget(appKeyOf(credentials('code-0002'), 'https://gw.example'), clock);
		const d = appBudget(appKeyOf(credentials('code-0001'), 'https://other.example'), clock);
		expect(a).toBe(b);
		expect(a).not.toBe(c);
		expect(a).not.toBe(d);
	});

	it('keys hold no secret in clear', () => {
		const key = appKeyOf(credentials('SECRET-APPCODE-1234'), 'https://gw.example');
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key.toLowerCase()).not.toContain('secret');
	});

	it('is bounded, and drops budgets that stayed idle', () => {
		const clock = new VirtualClock();
		for (let i = 0; i < MAX_BUDGETS + 20; i++) appBudget(`app-${i}`, clock);
		expect(budgetCount()).toBe(MAX_BUDGETS);
		clock.time += BUDGET_IDLE_MS + 1;
		appBudget('app-new', clock);
		expect(budgetCount()).toBe(1);
	});
});
