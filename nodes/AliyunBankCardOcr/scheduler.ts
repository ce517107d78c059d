/**
 * The execution's side of scheduling: a pool that runs the image jobs at most `concurrency`
 * at once and stops starting new ones when told to, the backoff between retries, and a wait
 * that a stop cuts short. The pacing the gateway sees is the app's budget (appBudget.ts).
 * Time, sleeping and randomness are injected, so this is testable as is.
 */

export interface SchedulerClock {
	now: () => number;
	/** Resolves after `ms`; may reject early when `signal` aborts (n8n-workflow's sleep does). */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	random: () => number;
}

export interface RetryPolicy {
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const MAX_RETRY_DELAY_MS = 10000;

/** The wait before retry number `attempt` (1-based): random in [cap/2, cap], cap doubling. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(cap / 2 + (random() * cap) / 2);
}

/** Waits `ms`, unless `stop` aborts first; true when the wait ran its course. */
export async function waitUnlessStopped(
	ms: number,
	stop: AbortSignal,
	clock: Pick<SchedulerClock, 'sleep'>,
): Promise<boolean> {
	if (stop.aborted) return false;
	let onAbort: () => void = () => undefined;
	const stopped = new Promise<boolean>((resolve) => {
		onAbort = () => resolve(false);
		stop.addEventListener('abort', onAbort, { once: true });
	});
	try {
		const slept = clock.sleep(ms, stop).then(
			() => !stop.aborted,
			() => false,
		);
		return await Promise.race([slept, stopped]);
	} finally {
		stop.removeEventListener('abort', onAbort);
	}
}

export interface PoolReport<R> {
	/** One per job, in job order; undefined for a job that never started. */
	results: Array<R | undefined>;
	/** The first result that stopped the pool, and its job's index. */
	stoppedBy?: { index: number; result: R };
}

/**
 * Runs `worker` over `jobs` with at most `concurrency` at once, in order. After a result for
 * which `stops(result)` is true, or once `signal` aborts, no further job starts.
 */
export async function runPool<J, R>(
	jobs: J[],
	concurrency: number,
	worker: (job: J) => Promise<R>,
	options: { stops?: (result: R) => boolean; signal?: AbortSignal } = {},
): Promise<PoolReport<R>> {
	const report: PoolReport<R> = {
		results: new Array<R | undefined>(jobs.length).fill(undefined),
	};
	let next = 0;
	const lanes = Math.max(1, Math.min(concurrency, jobs.length));
	const lane = async (): Promise<void> => {
		while (next < jobs.length && report.stoppedBy === undefined && !options.signal?.aborted) {
			const index = next++;
			const result = await worker(jobs[index]);
			report.results[index] = result;
			if (report.stoppedBy === undefined && options.stops?.(result)) {
				report.stoppedBy = { index, result };
			}
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	return report;
}
