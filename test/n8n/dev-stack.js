// @ts-check
/**
 * The stack behind `npm run dev`, also started by `npm run test:ui`: n8n 2.41.1 (Node 24) with
 * this package installed from its packed tarball, the stand-in gateway, the model stand-in (for
 * the agent example), and the demo credentials and example workflows imported. n8n runs in its
 * own process group; `stop()` ends it (by PID), the gateway and the model.
 */
const fs = require('fs');
const path = require('path');

const { startDemoStandIns } = require('./demo-stand-ins');
const { ensureHost } = require('./hosts');
const { N8nInstance, packPackage } = require('./instance');
const { ManagedProcess } = require('./processes');
const { examplesFor } = require('./run-examples');

/**
 * @param {{
 *   userFolder: string, n8nPort: number, gatewayPort?: number,
 *   echo?: boolean,
 * }} options
 * `gatewayPort` 0 or unset: any free port.
 * `echo`: n8n's output on this process's stdout (it is kept in `n8nProcess.output` either way).
 */
async function startDevStack(options) {
	const host = await ensureHost('n8n2');
	const { tarball } = packPackage();
	const standIns = await startDemoStandIns({ gatewayPort: options.gatewayPort });
	const { gateway, gatewayUrl, model } = standIns;

	// A kept user folder gets the freshly packed package, not the one installed last time.
	fs.rmSync(path.join(options.userFolder, '.n8n', 'nodes'), { recursive: true, force: true });
	const n8n = new N8nInstance(host, options.userFolder);
	await n8n.reservePorts();
	n8n.extraEnv.N8N_PORT = String(options.n8nPort);
	try {
		n8n.installPackage(tarball);
		await n8n.importCredentials(standIns.credentials);
		await n8n.importWorkflows(examplesFor(gatewayUrl).map((example) => example.workflow));
	} catch (error) {
		await standIns.close();
		throw error;
	}

	const n8nProcess = new ManagedProcess('n8n', host.nodeBin, [host.n8nBin, 'start'], {
		cwd: n8n.userFolder,
		env: n8n.env(),
		echo: options.echo ?? false,
	}).start();
	return {
		n8n,
		n8nProcess,
		gateway,
		gatewayUrl,
		model,
		editorUrl: `http://localhost:${options.n8nPort}`,
		async stop() {
			await n8nProcess.stop();
			await standIns.close();
		},
	};
}

module.exports = { startDevStack };
