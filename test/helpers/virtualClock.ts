/** Virtual time and random patterns for testing schedulers without waiting for real. */

/**
 * Virtual time for many concurrent callers: `sleep` parks a caller until the clock is run
 * past its wake-up time; nothing waits for real.
 */
export class VirtualClock {
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
export function busiestWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= windowMs) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

export function randomArrivals(random: () => number, count: number): number[] {
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
