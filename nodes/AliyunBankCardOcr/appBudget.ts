/**
 * One request budget per Aliyun app in this n8n process, shared by every execution and every
 * node that calls the app: the gateway counts the app's requests together, so they are paced
 * together. A budget lets a request start only when
 * - fewer of the app's requests are in flight than the caller's Concurrency, and
 * - fewer of the app's requests started in the last window (one second plus a margin for
 *   network jitter) than the caller's Max Requests per Second, and than the rate the budget
 *   learned from the gateway's throttling.
 * Callers wait in one queue, in the order they asked; a throttled request waits there again,
 * so retries never come back as a wave. Time and sleeping are injected: testable as is.
 */
import { createHash } from 'crypto';

import type { AliyunApiGatewayCredentials } from '../../credentials/common/aliyunRequest';
import type { StopGate } from './scheduler';

export interface BudgetClock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

/**
 * The span of the window: one second plus a margin for the jitter between a start here and
 * its arrival at the gateway (timers, a busy CPU, the network), max(100 ms, 10 %).
 */
export const RATE_WINDOW_MS = 1000 + Math.max(100, 1000 * 0.1);

/** The highest cap the budget enforces; above it, starts are not counted against a cap. */
export const MAX_RATE = 1000;

/** How long the budget keeps a learned rate before probing above it again. */
export const PROBE_INTERVAL_MS = 3000;

export interface BudgetRequest {
	/** The caller's Concurrency: the most requests of this app in flight when it starts. */
	concurrency: number;
	/** The caller's Max Requests per Second; 0 for none. */
	maxPerSecond: number;
	/** Stops the wait (Stop, a node-wide failure): acquire then resolves to undefined. */
	stop?: StopGate;
}

/** A request that started; hand it back to `finish` when its reply is in. */
export interface StartedRequest {
	readonly startedAt: number;
	/**
	 * When the request most likely reached the gateway, which is what the gateway counts: its
	 * start, or later when its reply shows that it left late (a busy process, a new connection).
	 */
	arrivedAt: number;
	throttled: boolean;
	finished: boolean;
}

/** How many recent round trips the budget remembers to know the shortest one. */
const ROUND_TRIPS_KEPT = 32;

interface Waiter {
	request: BudgetRequest;
	resolve: (started: StartedRequest | undefined) => void;
	forgetStop?: () => void;
}

/** The constraint a cap sets: at most `limit` starts in any `windowMs`. */
interface WindowLimit {
	limit: number;
	windowMs: number;
}

/** A cap below 1 (e.g. 0.5) allows one start per RATE_WINDOW_MS / cap. */
export function capLimit(maxPerSecond: number): WindowLimit | undefined {
	if (!Number.isFinite(maxPerSecond) || maxPerSecond <= 0) return undefined;
	if (maxPerSecond < 1) return { limit: 1, windowMs: RATE_WINDOW_MS / maxPerSecond };
	return { limit: Math.min(MAX_RATE, Math.floor(maxPerSecond)), windowMs: RATE_WINDOW_MS };
}

export class AppBudget {
	/** Recent starts, oldest first: enough to judge every window a cap can ask about. */
	private readonly starts: StartedRequest[] = [];

	private readonly queue: Waiter[] = [];

	private inFlight = 0;

	private pumping = false;

	/** No start before this time (the gateway's Retry-After). */
	private pausedUntil = 0;

	/** Starts per window the gateway admitted when it last throttled; undefined: not learned. */
	private learned: number | undefined;

	/** The rate at the last throttling, above which probes grow faster. */
	private learnedAtThrottle = 0;

	private probeStep = 1;

	private lastChangeAt = -Infinity;

	/** Whether a start waited on the learned rate since it last changed (demand above it). */
	private heldByLearned = false;

	/** Recent round trips of admitted requests, start to reply. */
	private readonly roundTrips: number[] = [];

	lastUsedAt: number;

	constructor(private readonly clock: BudgetClock) {
		this.lastUsedAt = clock.now();
	}

	/** The learned rate in starts per window, for tests and the bench. */
	get learnedRate(): number | undefined {
		return this.learned;
	}

	get idle(): boolean {
		return this.inFlight === 0 && this.queue.length === 0;
	}

	/** Waits for a start; undefined when the request's signal aborted first. */
	async acquire(request: BudgetRequest): Promise<StartedRequest | undefined> {
		this.lastUsedAt = this.clock.now();
		if (request.stop?.stopped) return undefined;
		const started = new Promise<StartedRequest | undefined>((resolve) => {
			const waiter: Waiter = { request, resolve };
			waiter.forgetStop = request.stop?.onStop(() => {
				const index = this.queue.indexOf(waiter);
				if (index >= 0) this.queue.splice(index, 1);
				resolve(undefined);
				void this.pump();
			});
			this.queue.push(waiter);
		});
		void this.pump();
		return await started;
	}

	/**
	 * The reply is in. A throttled reply lowers the learned rate to what the gateway admitted
	 * around that request's start; `retryAfterMs` pauses every start of the app.
	 */
	finish(started: StartedRequest, outcome: { throttled: boolean; retryAfterMs?: number }): void {
		if (started.finished) return;
		started.finished = true;
		this.inFlight--;
		const now = this.clock.now();
		this.lastUsedAt = now;
		if (!outcome.throttled) this.placeArrival(started, now);
		if (outcome.throttled) {
			started.throttled = true;
			this.learnFromThrottling(started, now);
			if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 0) {
				this.pausedUntil = Math.max(this.pausedUntil, now + outcome.retryAfterMs);
			}
		} else {
			this.probe(now);
		}
		void this.pump();
	}

	/**
	 * A reply that came back later than the shortest round trip shows the request left late:
	 * the time it spent before leaving is added to its arrival, so its place in the window
	 * holds until a second after it really reached the gateway.
	 */
	private placeArrival(started: StartedRequest, now: number): void {
		const roundTrip = now - started.startedAt;
		this.roundTrips.push(roundTrip);
		if (this.roundTrips.length > ROUND_TRIPS_KEPT) this.roundTrips.shift();
		const shortest = Math.min(...this.roundTrips);
		started.arrivedAt = Math.max(started.startedAt, now - shortest);
	}

	private learnFromThrottling(started: StartedRequest, now: number): void {
		// What the gateway admitted: the most requests not throttled in any window of the two
		// before this one's start (a window's worth of them may sit just before it). Throttled
		// replies come back fast, so the estimate falls to what was admitted as they arrive.
		const admittedTimes = this.starts
			.filter(
				(start) =>
					!start.throttled &&
					start.arrivedAt > started.arrivedAt - 2 * RATE_WINDOW_MS &&
					start.arrivedAt <= started.arrivedAt,
			)
			.map((start) => start.arrivedAt)
			.sort((a, b) => a - b);
		let busiest = 0;
		for (let i = 0, j = 0; i < admittedTimes.length; i++) {
			while (admittedTimes[i] - admittedTimes[j] >= RATE_WINDOW_MS) j++;
			busiest = Math.max(busiest, i - j + 1);
		}
		const admitted = Math.max(1, busiest);
		if (this.learned === undefined || admitted < this.learned) {
			this.learned = admitted;
			this.learnedAtThrottle = admitted;
		}
		this.probeStep = 1;
		this.lastChangeAt = now;
		this.heldByLearned = false;
	}

	/**
	 * After a quiet spell with demand above the learned rate, try one more start per window;
	 * well past the rate that was throttled, probe in doubling steps, so that a plan that was
	 * raised is found in a few spells while the old one is approached gently.
	 */
	private probe(now: number): void {
		if (this.learned === undefined || !this.heldByLearned) return;
		if (now - this.lastChangeAt < PROBE_INTERVAL_MS) return;
		this.learned += this.probeStep;
		if (this.learned > this.learnedAtThrottle * 1.2) this.probeStep *= 2;
		if (this.learned >= MAX_RATE) this.learned = undefined;
		this.lastChangeAt = now;
		this.heldByLearned = false;
	}

	/** When the next start is allowed under `constraint`, at or after `now`. */
	private opensAt(constraint: WindowLimit, now: number): number {
		const inWindow = this.starts
			.map((start) => start.arrivedAt)
			.filter((arrivedAt) => arrivedAt > now - constraint.windowMs);
		if (inWindow.length < constraint.limit) return now;
		// The `limit`-th most recent arrival must leave the window first.
		inWindow.sort((a, b) => b - a);
		return inWindow[constraint.limit - 1] + constraint.windowMs;
	}

	/** The earliest time the head of the queue may start, and whether the learned rate held it. */
	private earliestStart(request: BudgetRequest, now: number): number {
		let at = Math.max(now, this.pausedUntil);
		const cap = capLimit(request.maxPerSecond);
		if (cap) at = Math.max(at, this.opensAt(cap, now));
		if (this.learned !== undefined) {
			const byLearned = this.opensAt({ limit: this.learned, windowMs: RATE_WINDOW_MS }, now);
			if (byLearned > at) this.heldByLearned = true;
			at = Math.max(at, byLearned);
		}
		return at;
	}

	/** Drops starts that no window can ask about any more. */
	private prune(now: number): void {
		const keepFrom = now - RATE_WINDOW_MS / 0.01;
		while (
			this.starts.length > 0 &&
			(this.starts[0].startedAt <= keepFrom || this.starts.length > MAX_RATE * 2)
		) {
			this.starts.shift();
		}
	}

	/** Lets waiters start, in order, as the in-flight limit and the windows allow. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const head = this.queue[0];
				if (this.inFlight >= Math.max(1, head.request.concurrency)) return;
				const now = this.clock.now();
				this.prune(now);
				const at = this.earliestStart(head.request, now);
				if (at > now) {
					await this.clock.sleep(at - now);
					continue;
				}
				this.queue.shift();
				head.forgetStop?.();
				const started: StartedRequest = {
					startedAt: now,
					arrivedAt: now,
					throttled: false,
					finished: false,
				};
				this.starts.push(started);
				this.inFlight++;
				this.lastUsedAt = now;
				head.resolve(started);
			}
		} finally {
			this.pumping = false;
		}
	}
}

/** The budgets of this process, by app; bounded, idle ones dropped when a budget is asked for. */
const budgets = new Map<string, AppBudget>();

export const MAX_BUDGETS = 100;

/** A budget unused this long is dropped, and with it what it learned. */
export const BUDGET_IDLE_MS = 15 * 60 * 1000;

/**
 * The budget of one app, made on first use. `key` identifies the app without a secret in
 * clear (see appKey); `clock` is the process's clock.
 */
export function appBudget(key: string, clock: BudgetClock): AppBudget {
	const now = clock.now();
	for (const [other, budget] of budgets) {
		if (other !== key && budget.idle && now - budget.lastUsedAt > BUDGET_IDLE_MS) {
			budgets.delete(other);
		}
	}
	let budget = budgets.get(key);
	if (budget === undefined) {
		if (budgets.size >= MAX_BUDGETS) {
			// Drop the least recently used idle budget; if none is idle, the new app goes unshared.
			const idle = [...budgets].filter(([, b]) => b.idle);
			idle.sort(([, a], [, b]) => a.lastUsedAt - b.lastUsedAt);
			if (idle.length === 0) return new AppBudget(clock);
			budgets.delete(idle[0][0]);
		}
		budget = new AppBudget(clock);
		budgets.set(key, budget);
	}
	return budget;
}

/** How many budgets the process holds (for tests). */
export function budgetCount(): number {
	return budgets.size;
}

/**
 * The app a credential calls, as a budget key: the gateway's host and the AppKey or AppCode,
 * hashed, so the registry never holds a secret in clear. Two credentials of one app share it.
 */
export function appKeyOf(credentials: AliyunApiGatewayCredentials, baseUrl: string): string {
	const identity =
		credentials.authType === 'signature'
			? `key:${(credentials.appKey ?? '').trim()}`
			: `code:${(credentials.appCode ?? '').trim()}`;
	const host = new URL(baseUrl).host.toLowerCase();
	return createHash('sha256').update(`${host}\n${identity}`).digest('hex');
}

/** Forgets every budget, as a new n8n process starts without any (tests start each so). */
export function forgetBudgets(): void {
	budgets.clear();
}
