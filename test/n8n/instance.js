// @ts-check
/**
 * Drives a real n8n process from its CLI, offline and headless: a throw-away user folder, the
 * packed package installed into `<user folder>/.n8n/nodes` the way n8n installs community
 * nodes, credentials and workflows imported, workflows run with `n8n execute`.
 */
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const { startProgress } = require('./progress');

const { ROOT } = require('./hosts');

const { NODE_TYPE, PACKAGE_NAME } = require('./package');

/** Keeps n8n quiet, offline and self-contained (no telemetry, templates or version checks). */
const OFFLINE_ENV = {
	N8N_ENCRYPTION_KEY: 'e2e-fixed-encryption-key-0123456789',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	DB_TYPE: 'sqlite',
	N8N_LOG_LEVEL: 'info',
	N8N_LOG_OUTPUT: 'console',
	N8N_SECURE_COOKIE: 'false',
	GENERIC_TIMEZONE: 'UTC',
	NODE_OPTIONS: '--max-old-space-size=2048',
};

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** Builds and packs this package; returns the tarball's path and its checksums. */
function packPackage() {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const destination = path.join(ROOT, '.tmp', 'pack');
	fs.rmSync(destination, { recursive: true, force: true });
	fs.mkdirSync(destination, { recursive: true });
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
	return {
		tarball: path.join(destination, packed.filename),
		shasum: /** @type {string} */ (packed.shasum),
		integrity: /** @type {string} */ (packed.integrity),
	};
}

/**
 * @typedef {{ code: number | null, stdout: string, stderr: string }} CliResult
 */

class N8nInstance {
	/**
	 * @param {import('./hosts').Host} host
	 * @param {string} [userFolder] a folder of the caller's (created if missing); a fresh
	 * temp folder when not given
	 */
	constructor(host, userFolder) {
		this.host = host;
		if (userFolder) fs.mkdirSync(userFolder, { recursive: true });
		this.userFolder =
			userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `bankcard-ocr-${host.line}-`));
		/** @type {Record<string, string>} */
		this.extraEnv = {};
	}

	/** The n8n version this host runs. */
	get version() {
		return JSON.parse(
			fs.readFileSync(path.join(this.host.dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version;
	}

	env() {
		/** @type {NodeJS.ProcessEnv} */
		const env = {
			...this.host.env,
			...OFFLINE_ENV,
			N8N_USER_FOLDER: this.userFolder,
			...this.extraEnv,
		};
		// A test runner's NODE_ENV=test puts n8n in its own test mode: run it as users do.
		delete env.NODE_ENV;
		for (const name of Object.keys(env)) if (name.startsWith('JEST_')) delete env[name];
		if (this.host.line === 'n8n2') env.N8N_DISABLED_MODULES = 'mcp-registry';
		if (this.host.line === 'n8n1') env.N8N_EXPRESSION_ENGINE = 'legacy';
		return env;
	}

	/** Picks free ports for everything n8n may listen on, so runs cannot collide. */
	async reservePorts() {
		this.extraEnv.N8N_PORT = String(await freePort());
		this.extraEnv.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		this.extraEnv.QUEUE_HEALTH_CHECK_PORT = String(await freePort());
	}

	/** Installs the packed package like n8n installs a community node. @param {string} tarball */
	installPackage(tarball) {
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		fs.mkdirSync(nodesDir, { recursive: true });
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
		);
		// --legacy-peer-deps: the node must use n8n's own n8n-workflow, not a second copy.
		execFileSync(
			'npm',
			[
				'install',
				tarball,
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
			],
			{
				cwd: nodesDir,
				env: this.host.env,
				stdio: ['ignore', 'ignore', 'inherit'],
			},
		);
		return path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	}

	/**
	 * Runs an n8n CLI command and waits for it. @param {string[]} args
	 * @param {number} [timeoutMs] @returns {Promise<CliResult>}
	 */
	cli(args, timeoutMs = 180000) {
		// The first command of a fresh user folder creates n8n's database; any command starts n8n.
		const stopProgress = startProgress(
			'[n8n]',
			`n8n ${args[0]} (n8n ${this.version} starts, runs it and stops)`,
			{ quiet: true },
		);
		return new Promise((resolve, reject) => {
			const child = spawn(this.host.nodeBin, [this.host.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args[0]} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
			}, timeoutMs);
			child.on('error', (error) => {
				stopProgress();
				reject(error);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				stopProgress();
				resolve({ code, stdout, stderr });
			});
		});
	}

	/** @param {string[]} args */
	async cliOrThrow(args) {
		const result = await this.cli(args);
		if (result.code !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
			);
		return result;
	}

	/** @param {object[]} credentials n8n credential export objects, data in plain text */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials));
		await this.cliOrThrow(['import:credentials', `--input=${file}`]);
	}

	/** @param {object[]} workflows */
	async importWorkflows(workflows) {
		const dir = path.join(this.userFolder, 'workflows');
		fs.mkdirSync(dir, { recursive: true });
		workflows.forEach((workflow, index) =>
			fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)),
		);
		await this.cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** The node types n8n loaded. @returns {Promise<Array<{ name: string, version: number | number[] }>>} */
	async loadedNodeTypes() {
		const file = path.join(this.userFolder, 'nodes-export.json');
		await this.cliOrThrow(['export:nodes', `--output=${file}`]);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/**
	 * Runs a workflow; returns n8n's execution data. n8n prints it pretty-printed, between a
	 * line that is exactly `{` and one that is exactly `}`; n8n 2.x prints log lines before it
	 * (and may print more after it, e.g. when it shuts down).
	 * @param {string} workflowId
	 */
	async execute(workflowId) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const start = result.stdout.search(/^\{$/m);
		const end = start === -1 ? -1 : result.stdout.slice(start).search(/^\}$/m);
		if (start === -1 || end === -1) {
			throw new Error(
				`n8n execute printed no result (exit ${result.code}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
			);
		}
		const after = result.stdout.slice(start + end + 1).trim();
		if (after !== '')
			process.stderr.write(`[n8n] after the execution data: ${after.slice(0, 500)}\n`);
		return JSON.parse(result.stdout.slice(start, start + end + 1));
	}

	cleanup() {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * The items a node sent to each output, from n8n's execution data.
 * @param {any} execution @param {string} nodeName
 * @returns {Array<Array<{ json: any, pairedItem?: any, binary?: any }>>}
 */
function nodeOutputs(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return runs[0]?.data?.main ?? [];
}

module.exports = { N8nInstance, packPackage, nodeOutputs, freePort, NODE_TYPE, PACKAGE_NAME };
