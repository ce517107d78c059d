/**
 * The execution's side of scheduling: a pool that runs the image jobs at most `concurrency`
 * at once and stops starting new ones when told to, the backoff between retries, and a wait
 * that a stop cuts short. The pacing the gateway sees is the app's budget (appBudget.ts).
 * Time, sleeping and randomness are injected, so this is testable as is.
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

export const MAX_RETRY_DELAY_MS = 10000;

/** The wait before retry number `attempt` (1-based): random in [cap/2, cap], cap doubling. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * An execution's stop signal, listened to once: every wait of the execution registers here
 * instead of on the signal itself (an AbortSignal warns past ten listeners, and an execution
 * has a wait per image in progress).
 */
export class StopGate {
	private readonly callbacks = new Set<() => void>();

	constructor(readonly signal: AbortSignal) {
		signal.addEventListener(
			'abort',
			() => {
				for (const callback of [...this.callbacks]) callback();
				this.callbacks.clear();
			},
			{ once: true },
		);
	}

	get stopped(): boolean {
		return this.signal.aborted;
	}

	/** Calls `callback` when the execution stops; the returned function forgets it. */
	onStop(callback: () => void): () => void {
		this.callbacks.add(callback);
		return () => this.callbacks.delete(callback);
	}
}

/** Waits `ms`, unless `stop` comes first; true when the wait ran its course. */
export async function waitUnlessStopped(
	ms: number,
	stop: StopGate,
	clock: Pick<SchedulerClock, 'sleep'>,
): Promise<boolean> {
	if (stop.stopped) return false;
	let forget: () => void = () => undefined;
	const stopped = new Promise<boolean>((resolve) => {
		forget = stop.onStop(() => resolve(false));
	});
	try {
		const slept = clock.sleep(ms).then(() => !stop.stopped);
		return await Promise.race([slept, stopped]);
	} finally {
		forget();
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
