/** The progress lines of long steps: said at once, then every 10 s with the time so far. */
import { formatDuration, startProgress } from '../n8n/progress';

describe('progress lines', () => {
	let lines: string[];
	beforeEach(() => {
		lines = [];
		jest.useFakeTimers();
		jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
			lines.push(String(chunk).trimEnd());
			return true;
		});
	});
	afterEach(() => {
		jest.useRealTimers();
		jest.restoreAllMocks();
	});

	it('says what the step is and what to expect, then a different line every 10 s until stopped', () => {
		let packages = 0;
		const stop = startProgress('[hosts]', 'n8n2: npm ci', {
			expect: 'about 4 minutes',
			measure: () => `${(packages += 500)} packages`,
		});
		expect(lines).toEqual(['[hosts] n8n2: npm ci (about 4 minutes)']);
		jest.advanceTimersByTime(25_000);
		expect(lines.slice(1)).toEqual([
			'[hosts]   … n8n2: npm ci: 10 s so far, 500 packages',
			'[hosts]   … n8n2: npm ci: 20 s so far, 1000 packages',
		]);
		stop();
		jest.advanceTimersByTime(60_000);
		expect(lines).toHaveLength(3);
	});

	it('a quiet step speaks only once it has taken 10 s', () => {
		const stop = startProgress('[n8n]', 'n8n execute', { quiet: true });
		jest.advanceTimersByTime(9_000);
		expect(lines).toEqual([]);
		jest.advanceTimersByTime(1_000);
		expect(lines).toEqual(['[n8n]   … n8n execute: 10 s so far']);
		stop();
	});

	it('formats durations', () => {
		expect([
			formatDuration(400),
			formatDuration(59_400),
			formatDuration(61_000),
			formatDuration(245_000),
		]).toEqual(['0 s', '59 s', '1 min 01 s', '4 min 05 s']);
	});
});
