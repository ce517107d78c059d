/**
 * Runs the image jobs: at most `concurrency` at once, at most `maxPerSecond` starts in any
 * window of a second and a margin, transient failures retried with exponential backoff and full jitter. Results keep
 * the jobs' order. Time, sleeping and randomness are injected, so this is testable as is.
 */

export interface SchedulerClock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	random: () => number;
}

export interface RetryPolicy {
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'retries' | 'baseDelayMs'> = {
	maxDelayMs: 10000,
};

/** The wait before retry number `attempt` (1-based): random in [cap/2, cap], cap doubling. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * The span of the limiter's window: one second plus a margin for the jitter between a start
 * here and its arrival at the gateway (timers, a busy CPU, the network), max(100 ms, 10 %).
 */
export const RATE_WINDOW_MS = 1000 + Math.max(100, 1000 * 0.1);

/**
 * Lets at most `maxPerSecond` requests start in any window of RATE_WINDOW_MS (a cap below 1,
 * e.g. 0.5, allows one start per RATE_WINDOW_MS / 0.5). Each caller reserves its start time
 * when it asks, so callers start in the order they asked and a reservation never moves:
 * start k waits until start k − limit is a full window old.
 */
export class StartRateLimiter {
	/** The reserved start times of the last `limit` starts, oldest first. */
	private readonly reserved: number[] = [];

	private readonly limit: number;

	private readonly windowMs: number;

	constructor(
		maxPerSecond: number,
		private readonly clock: Pick<SchedulerClock, 'now' | 'sleep'>,
		windowMs = RATE_WINDOW_MS,
	) {
		const capped = Number.isFinite(maxPerSecond) && maxPerSecond > 0;
		this.limit = capped ? Math.max(1, Math.floor(maxPerSecond)) : 0;
		this.windowMs = capped && maxPerSecond < 1 ? windowMs / maxPerSecond : windowMs;
	}

	async acquire(): Promise<void> {
		if (this.limit === 0) return;
		const now = this.clock.now();
		const latest = this.reserved[this.reserved.length - 1] ?? now;
		const windowOpens = this.reserved.length < this.limit ? now : this.reserved[0] + this.windowMs;
		const start = Math.max(now, latest, windowOpens);
		this.reserved.push(start);
		if (this.reserved.length > this.limit) this.reserved.shift();
		if (start > now) await this.clock.sleep(start - now);
	}
}

export interface AttemptResult {
	ok: boolean;
	transient?: boolean;
}

export interface JobRun<R> {
	result: R;
	attempts: number;
}

/** One job with retries: `attempt` is called until it succeeds, fails for good, or runs out. */
export async function runWithRetries<R extends AttemptResult>(
	attempt: (attemptNumber: number) => Promise<R>,
	limiter: StartRateLimiter,
	policy: RetryPolicy,
	clock: SchedulerClock,
): Promise<JobRun<R>> {
	for (let attemptNumber = 1; ; attemptNumber++) {
		await limiter.acquire();
		const result = await attempt(attemptNumber);
		const retry = !result.ok && result.transient === true && attemptNumber <= policy.retries;
		if (!retry) return { result, attempts: attemptNumber };
		await clock.sleep(backoffDelay(attemptNumber, policy, clock.random));
	}
}

/**
 * Runs `worker` over `count` jobs with at most `concurrency` at once, in order of index.
 * After `shouldStop()` turns true no further job is started; the returned array then has
 * holes (undefined) for the jobs that never ran.
 */
export async function runPool<R>(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<R>,
	shouldStop: () => boolean = () => false,
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array<R | undefined>(count).fill(undefined);
	let next = 0;
	const lanes = Math.max(1, Math.min(concurrency, count));
	const lane = async (): Promise<void> => {
		while (next < count && !shouldStop()) {
			const index = next++;
			results[index] = await worker(index);
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	return results;
}
