/**
 * Runs the image jobs: at most `concurrency` at once, at most `maxPerSecond` starts per
 * second, transient failures retried with exponential backoff and full jitter. Results keep
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
 * Spaces request starts evenly, so that no one-second window holds more than
 * `maxPerSecond` of them. A small margin absorbs timer and network jitter.
 */
export class StartRateLimiter {
	private nextStart = 0;

	private readonly spacingMs: number;

	constructor(
		maxPerSecond: number,
		private readonly clock: Pick<SchedulerClock, 'now' | 'sleep'>,
	) {
		this.spacingMs = maxPerSecond > 0 ? Math.ceil(1000 / maxPerSecond) + 2 : 0;
	}

	async acquire(): Promise<void> {
		if (this.spacingMs === 0) return;
		const now = this.clock.now();
		const start = Math.max(now, this.nextStart);
		this.nextStart = start + this.spacingMs;
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
