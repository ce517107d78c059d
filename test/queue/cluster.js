// @ts-check
/**
 * n8n in queue mode, as users scale it out: Redis and PostgreSQL (services.js), one main process
 * (`n8n start`: UI, triggers, production webhooks; it enqueues every execution) and workers
 * (`n8n worker`: they run the executions). Each process has its own user folder and loads
 * community nodes only from its own `.n8n/nodes`, so the packed package is installed on each.
 * Binary data stays in n8n's queue-mode default, `database`, so a file main stored from a
 * webhook can be read by any worker.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ensureHost } = require('../n8n/hosts');
const { N8nInstance, freePort } = require('../n8n/instance');
const { ManagedProcess, stopAll } = require('../n8n/processes');
const { ensureQueueServices, say, startPostgres, startRedis } = require('./services');

const QUEUE_ENCRYPTION_KEY = 'queue-test-encryption-key-0123456789';

/**
 * @typedef {{
 *   name: string, instance: N8nInstance, process: ManagedProcess,
 *   healthPort?: number, hasPackage: boolean,
 * }} N8nProcess
 */

class QueueCluster {
	/**
	 * @param {{ workDir?: string, mode?: 'queue' | 'regular' }} [options] `regular`: main runs
	 * the executions itself, as one n8n process does (no workers then)
	 */
	constructor(options = {}) {
		this.workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bankcard-ocr-queue-'));
		this.mode = options.mode ?? 'queue';
		/** @type {ManagedProcess[]} every process started, in start order */
		this.processes = [];
		/** @type {N8nProcess[]} the workers running now */
		this.workers = [];
		/** how many workers were ever started: each gets its own number */
		this.workersStarted = 0;
		/** @type {N8nProcess | undefined} */
		this.main = undefined;
		/** @type {import('../n8n/hosts').Host | undefined} */
		this.host = undefined;
		/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
		this.postgres = undefined;
		this.redisPort = 0;
		this.tarball = '';
		/** @type {N8nInstance | undefined} main's folder and environment, before it starts */
		this.mainInstance = undefined;
		/** @type {Record<string, number>} */
		this.timings = {};
	}

	/** @param {string} name @param {() => Promise<any> | any} step */
	async timed(name, step) {
		const started = Date.now();
		const result = await step();
		this.timings[name] = Date.now() - started;
		return result;
	}

	/**
	 * Redis, PostgreSQL and n8n's host; then main (not started yet: workflows are imported first).
	 * @param {string} tarball the packed package
	 */
	async prepare(tarball) {
		this.tarball = tarball;
		await this.timed('services installed', () => ensureQueueServices());
		this.host = await this.timed('n8n host', () => ensureHost('n8n2'));
		await this.timed('redis and postgres up', async () => {
			const redis = await startRedis(this.workDir);
			this.processes.push(redis.process);
			this.redisPort = redis.port;
			this.postgres = await startPostgres(this.workDir);
			this.processes.push(this.postgres.process);
		});
		say(
			`Redis on 127.0.0.1:${this.redisPort}, PostgreSQL on 127.0.0.1:${this.postgres?.port}; files in ${this.workDir}`,
		);
		this.mainInstance = await this.newInstance('main', true);
	}

	/**
	 * An n8n process's folder and environment (queue mode, the shared Redis and PostgreSQL).
	 * @param {string} name @param {boolean} withPackage
	 */
	async newInstance(name, withPackage) {
		if (!this.host || !this.postgres) throw new Error('prepare() first');
		const instance = new N8nInstance(this.host, path.join(this.workDir, name));
		await instance.reservePorts();
		Object.assign(instance.extraEnv, {
			EXECUTIONS_MODE: this.mode,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: QUEUE_ENCRYPTION_KEY,
			// Off: n8n's cleanup of finished executions would race the test's checks of them.
			EXECUTIONS_DATA_PRUNE: 'false',
		});
		if (withPackage)
			await this.timed(`install package (${name})`, () => instance.installPackage(this.tarball));
		return instance;
	}

	/**
	 * A process's environment. The binary data mode is left unset, as users leave it: n8n's
	 * queue-mode default is `database` (the test checks that this is what it used).
	 * @param {N8nInstance} instance
	 */
	envOf(instance) {
		const env = instance.env();
		delete env.N8N_DEFAULT_BINARY_DATA_MODE;
		return env;
	}

	/** The main process: UI, REST, production webhooks; enqueues executions. */
	async startMain() {
		const instance = this.mainInstance;
		if (!instance || !this.host) throw new Error('prepare() first');
		const mainProcess = new ManagedProcess('main', this.host.nodeBin, [this.host.n8nBin, 'start'], {
			cwd: instance.userFolder,
			env: this.envOf(instance),
			logFile: path.join(this.workDir, 'main.log'),
		}).start();
		this.processes.push(mainProcess);
		this.main = { name: 'main', instance, process: mainProcess, hasPackage: true };
		return this.main;
	}

	/**
	 * A worker: runs executions it takes from Redis, `concurrency` at a time.
	 * @param {{ withPackage?: boolean, concurrency?: number }} [options]
	 */
	async startWorker(options = {}) {
		const { withPackage = true, concurrency = 5 } = options;
		if (!this.host) throw new Error('prepare() first');
		this.workersStarted += 1;
		const name = `worker-${this.workersStarted}${withPackage ? '' : '-without-package'}`;
		const instance = await this.newInstance(name, withPackage);
		const healthPort = await freePort();
		Object.assign(instance.extraEnv, {
			// Without the health check a worker opens no HTTP server, and readiness cannot be seen.
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		});
		const workerProcess = new ManagedProcess(
			name,
			this.host.nodeBin,
			[this.host.n8nBin, 'worker', `--concurrency=${concurrency}`],
			{
				cwd: instance.userFolder,
				env: this.envOf(instance),
				logFile: path.join(this.workDir, `${name}.log`),
			},
		).start();
		this.processes.push(workerProcess);
		/** @type {N8nProcess} */
		const worker = { name, instance, process: workerProcess, healthPort, hasPackage: withPackage };
		this.workers.push(worker);
		return worker;
	}

	/**
	 * Waits until an n8n process says it is ready (main on its port, a worker on its health port).
	 * @param {N8nProcess} n8n
	 */
	async waitForReadiness(n8n, timeoutMs = 180000) {
		const base = n8n.healthPort ? `http://127.0.0.1:${n8n.healthPort}` : this.mainUrl;
		await n8n.process.waitUntil(
			() => httpStatus(`${base}/healthz/readiness`).then((status) => status === 200),
			timeoutMs,
			'readiness (/healthz/readiness)',
		);
	}

	get mainUrl() {
		return `http://127.0.0.1:${this.mainInstance?.extraEnv.N8N_PORT}`;
	}

	/**
	 * A production webhook answers a CORS preflight with 204 once it is registered (404 before;
	 * a bare OPTIONS answers 204 even before, so it cannot tell).
	 * @param {string} webhookPath
	 */
	async waitForWebhook(webhookPath, timeoutMs = 60000) {
		const main = this.main;
		if (!main) throw new Error('startMain() first');
		await main.process.waitUntil(
			() =>
				httpStatus(`${this.mainUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { Origin: 'http://x', 'Access-Control-Request-Method': 'POST' },
				}).then((status) => status === 204),
			timeoutMs,
			`webhook /webhook/${webhookPath}`,
		);
	}

	/**
	 * Who ran each execution, from the logs: main writes "Enqueued execution N (job M)", a
	 * worker "Worker started execution N (job M)".
	 * @returns {{ enqueued: string[], ranBy: Map<string, string[]> }}
	 */
	executionsByProcess() {
		const ids = (/** @type {string} */ text, /** @type {RegExp} */ pattern) =>
			[...text.matchAll(pattern)].map((match) => match[1]);
		const ranBy = new Map();
		for (const worker of this.workers)
			ranBy.set(worker.name, ids(worker.process.output, /Worker started execution (\d+) \(job/g));
		return {
			enqueued: ids(this.main?.process.output ?? '', /Enqueued execution (\d+) \(job/g),
			ranBy,
		};
	}

	/** @param {N8nProcess} worker */
	async stopWorker(worker) {
		await worker.process.stop();
		this.workers = this.workers.filter((other) => other !== worker);
	}

	/** Stops every process this cluster started, by PID, n8n first. */
	async stop() {
		await stopAll(this.processes);
	}

	/** The log tails of every n8n process, for a failing test's message. */
	logTails(lines = 30) {
		return this.processes
			.filter((managed) => managed.name === 'main' || managed.name.startsWith('worker'))
			.map((managed) => `--- ${managed.name} ---\n${managed.tail(lines)}`)
			.join('\n');
	}

	cleanup() {
		fs.rmSync(this.workDir, { recursive: true, force: true });
	}
}

/**
 * The HTTP status of a request, 0 when nothing answers.
 * @param {string} url @param {RequestInit} [init]
 */
async function httpStatus(url, init = {}) {
	try {
		const response = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

module.exports = { QueueCluster, httpStatus };
