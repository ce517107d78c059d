// @ts-check
/**
 * Runs the example workflows in a real n8n: pack this package, install the tarball into a fresh
 * n8n user folder, start the stand-ins (gateway and model), import the demo credentials and the
 * examples (pointed at the stand-in gateway), execute each one. Shared by `npm run demo` and
 * `npm run test:e2e`.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { EXAMPLES, EXAMPLE_GATEWAY_URL } = require('../n8n/examples');
const { startDemoStandIns } = require('./demo-stand-ins');
const { ensureHost } = require('./hosts');
const { N8nInstance, NODE_TYPE, packPackage } = require('./instance');

/** @param {string} file */
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The examples, with the stand-in's real address in place of the placeholder. @param {string} baseUrl */
function examplesFor(baseUrl) {
	return Object.entries(EXAMPLES).map(([file, workflow]) => ({
		file,
		workflow: JSON.parse(JSON.stringify(workflow).split(EXAMPLE_GATEWAY_URL).join(baseUrl)),
	}));
}

/**
 * @typedef {{
 *   line: 'n8n2' | 'n8n1', n8nVersion: string, nodeVersion: string,
 *   tarballIntegrity: string, installedIntegrity: string, installedVersion: string,
 *   nodeLoaded: boolean, gatewayRequests: number, gatewayUrl: string,
 *   modelLog: import('../model/server').ModelLogEntry[],
 *   installedNodeFileSha: string,
 *   executions: Record<string, { workflow: any, execution: any }>,
 *   timings: Record<string, number>,
 * }} ExamplesRun
 */

/**
 * @param {'n8n2' | 'n8n1'} line
 * @param {{ log?: (message: string) => void, tarball?: ReturnType<typeof packPackage> }} [options]
 * @returns {Promise<ExamplesRun>}
 */
async function runExamples(line, options = {}) {
	const log = options.log ?? (() => {});
	const timings = /** @type {Record<string, number>} */ ({});
	const timed = async (/** @type {string} */ name, /** @type {() => any} */ step) => {
		log(name);
		const started = Date.now();
		const result = await step();
		timings[name] = Date.now() - started;
		return result;
	};

	const host = await timed('install n8n', () => ensureHost(line));
	const packed = options.tarball ?? (await timed('build and pack', () => packPackage()));
	const standIns = await startDemoStandIns();
	const { gateway, model, gatewayUrl: baseUrl } = standIns;
	const n8n = new N8nInstance(host);
	try {
		await n8n.reservePorts();
		log(`n8n ${n8n.version} (${line}) in ${n8n.userFolder}; stand-in gateway at ${baseUrl}`);
		const installedDir = await timed('install package', () => n8n.installPackage(packed.tarball));
		const installedManifest = JSON.parse(
			fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'),
		);
		const installedLock = JSON.parse(
			fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'package-lock.json'), 'utf8'),
		);
		const lockEntry = installedLock.packages?.[`node_modules/${installedManifest.name}`] ?? {};

		const types = await timed('check loaded nodes', () => n8n.loadedNodeTypes());
		const nodeLoaded = types.some(
			(/** @type {{ name: string }} */ type) => type.name === NODE_TYPE,
		);
		if (!nodeLoaded) throw new Error(`n8n did not load ${NODE_TYPE}`);

		await timed('import credentials', () => n8n.importCredentials(standIns.credentials));
		const examples = examplesFor(baseUrl);
		await timed('import workflows', () => n8n.importWorkflows(examples.map((e) => e.workflow)));

		/** @type {Record<string, any>} */
		const executions = {};
		for (const { file, workflow } of examples) {
			const execution = await timed(`execute ${file}`, () => n8n.execute(workflow.id));
			executions[file] = { workflow, execution };
		}
		return {
			line,
			n8nVersion: n8n.version,
			nodeVersion: require('child_process')
				.execFileSync(host.nodeBin, ['--version'], { encoding: 'utf8' })
				.trim(),
			tarballIntegrity: packed.integrity,
			installedIntegrity: String(lockEntry.integrity ?? ''),
			installedVersion: installedManifest.version,
			nodeLoaded,
			executions,
			gatewayRequests: gateway.log.length,
			modelLog: model.log,
			gatewayUrl: baseUrl,
			installedNodeFileSha: sha256(
				path.join(installedDir, 'dist', 'nodes', 'AliyunBankCardOcr', 'AliyunBankCardOcr.node.js'),
			),
			timings,
		};
	} finally {
		await standIns.close();
		n8n.cleanup();
	}
}

module.exports = { runExamples, examplesFor, sha256 };
