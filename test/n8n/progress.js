// @ts-check
/**
 * Tells a person that a long step is still working: what it is, how long it has run so far
 * and what to expect. One plain line every 10 s, each one different (the elapsed time, and a
 * count where there is one), so that a terminal is never silent for long and a CI log stays
 * readable (no spinners, no carriage returns).
 */
const { spawn } = require('child_process');

const INTERVAL_MS = 10_000;

/** @param {number} ms */
function formatDuration(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds < 60
		? `${seconds} s`
		: `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** @param {string} line */
function say(line) {
	process.stderr.write(`${line}\n`);
}

/**
 * @typedef {{ expect?: string, measure?: () => string | undefined, quiet?: boolean }} ProgressOptions
 * `expect`: what to expect, said once at the start (e.g. "about 4 minutes the first time");
 * `measure`: a figure for each progress line (e.g. "1,204 of 2,229 packages");
 * `quiet`: say nothing at the start, only once the step has taken 10 s.
 */

/**
 * Starts the progress lines of a step; the returned function ends them and gives the elapsed ms.
 * @param {string} prefix e.g. "[hosts]" @param {string} what e.g. "installing n8n 2.41.1"
 * @param {ProgressOptions} [options] @returns {() => number}
 */
function startProgress(prefix, what, options = {}) {
	const started = Date.now();
	if (!options.quiet) say(`${prefix} ${what}${options.expect ? ` (${options.expect})` : ''}`);
	const timer = setInterval(() => {
		const figure = options.measure?.();
		say(
			`${prefix}   … ${what}: ${formatDuration(Date.now() - started)} so far${figure ? `, ${figure}` : ''}`,
		);
	}, INTERVAL_MS);
	timer.unref();
	return () => {
		clearInterval(timer);
		return Date.now() - started;
	};
}

/**
 * Runs a command to the end without blocking, with progress lines; its own output goes to this
 * process's stderr. Rejects when the command fails.
 * @param {string} prefix @param {string} what @param {string} command @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} spawnOptions @param {ProgressOptions} [options]
 * @returns {Promise<number>} the elapsed ms
 */
function runWithProgress(prefix, what, command, args, spawnOptions, options = {}) {
	const stop = startProgress(prefix, what, options);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: spawnOptions.cwd,
			env: spawnOptions.env ?? process.env,
			stdio: ['ignore', process.stderr, process.stderr],
		});
		child.on('error', (error) => {
			stop();
			reject(error);
		});
		child.on('close', (code) => {
			const elapsed = stop();
			if (code === 0) resolve(elapsed);
			else
				reject(
					new Error(`${command} ${args.join(' ')} failed (exit ${code}) in ${spawnOptions.cwd}`),
				);
		});
	});
}

module.exports = { startProgress, runWithProgress, formatDuration };
