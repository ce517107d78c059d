// @ts-check
/**
 * Long-running helper processes (Redis, PostgreSQL, n8n main and workers, n8n for the editor):
 * each one started in its own process group, its output kept in memory (and in a log file if
 * asked), and stopped by its PID (the whole group), also when the parent process exits early.
 */
const { spawn } = require('child_process');
const fs = require('fs');

/** @type {Set<ManagedProcess>} */
const running = new Set();

// A test that throws or is interrupted must not leave servers behind.
process.on('exit', () => {
	for (const managed of running) managed.killGroup('SIGKILL');
});

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class ManagedProcess {
	/**
	 * @param {string} name e.g. "worker-1"
	 * @param {string} command @param {string[]} args
	 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, logFile?: string, echo?: boolean }} options
	 * `logFile`: a copy of its output; `echo`: its output also on this process's stdout.
	 */
	constructor(name, command, args, options) {
		this.name = name;
		this.command = command;
		this.args = args;
		this.options = options;
		this.output = '';
		/** @type {number | null | undefined} undefined while it runs */
		this.exitCode = undefined;
		/** @type {import('child_process').ChildProcess | undefined} */
		this.child = undefined;
	}

	get pid() {
		return this.child?.pid;
	}

	start() {
		const log = this.options.logFile ? fs.createWriteStream(this.options.logFile) : undefined;
		const child = spawn(this.command, this.args, {
			cwd: this.options.cwd,
			env: this.options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // its own process group, so stop() reaches its children too
		});
		this.child = child;
		running.add(this);
		const collect = (/** @type {Buffer} */ chunk) => {
			this.output += chunk.toString('utf8');
			log?.write(chunk);
			if (this.options.echo) process.stdout.write(chunk);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.on('exit', (code, signal) => {
			this.exitCode = code ?? (signal ? -1 : null);
			running.delete(this);
			log?.end();
		});
		child.on('error', (error) => {
			this.output += `\n[spawn failed] ${error.message}\n`;
			this.exitCode = -1;
			running.delete(this);
		});
		return this;
	}

	get exited() {
		return this.exitCode !== undefined;
	}

	/**
	 * Waits until `ready()` resolves true; fails early when the process exits.
	 * @param {() => Promise<boolean> | boolean} ready @param {number} timeoutMs @param {string} what
	 */
	async waitUntil(ready, timeoutMs, what) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exited)
				throw new Error(`${this.name} exited (${this.exitCode}) before ${what}:\n${this.tail()}`);
			if (await ready()) return;
			await sleep(250);
		}
		throw new Error(`${this.name}: no ${what} after ${timeoutMs} ms:\n${this.tail()}`);
	}

	/** The last lines of its output, for error messages. @param {number} [lines] */
	tail(lines = 40) {
		return this.output.split('\n').slice(-lines).join('\n');
	}

	/** @param {NodeJS.Signals} signal */
	killGroup(signal) {
		if (this.pid === undefined || this.exited) return;
		try {
			process.kill(-this.pid, signal);
		} catch {
			// already gone
		}
	}

	/** SIGTERM to its process group, SIGKILL if it is still there after `graceMs`. */
	async stop(graceMs = 10000) {
		if (this.pid === undefined || this.exited) return;
		const exited = new Promise((resolve) => this.child?.once('exit', resolve));
		this.killGroup('SIGTERM');
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const grace = new Promise((resolve) => (timer = setTimeout(resolve, graceMs, 'timeout')));
		const outcome = await Promise.race([exited, grace]);
		clearTimeout(timer);
		if (outcome === 'timeout') {
			this.killGroup('SIGKILL');
			await exited;
		}
	}
}

/** Stops processes in reverse start order (n8n before the databases it uses). @param {ManagedProcess[]} processes */
async function stopAll(processes) {
	for (const managed of [...processes].reverse()) await managed.stop();
}

module.exports = { ManagedProcess, stopAll };
