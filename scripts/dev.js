#!/usr/bin/env node
// @ts-check
/**
 * For trying the node by hand: n8n's editor on http://localhost:5678 (n8n 2.41.1 on Node 24),
 * with this package installed from its packed tarball, the stand-in gateway on
 * http://127.0.0.1:8191 (the address the example workflows use), and the demo credentials and
 * example workflows already imported. Ctrl-C stops everything. Data lives in .cache/dev-n8n.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const { EXAMPLE_GATEWAY_URL } = require('./make-examples');
const { demoAccounts, registerDemoImages } = require('../test/gateway/demo-data');
const { GatewayStandIn } = require('../test/gateway/server');
const { CACHE, ensureHost } = require('../test/e2e/hosts');
const { N8nInstance, packPackage } = require('../test/e2e/n8n');
const { demoCredentials, examplesFor } = require('../test/e2e/run-examples');

async function main() {
	const host = await ensureHost('n8n2');
	const { tarball } = packPackage();
	const gateway = new GatewayStandIn({ accounts: demoAccounts() });
	await gateway.listen(Number(new URL(EXAMPLE_GATEWAY_URL).port));
	registerDemoImages(gateway);

	const n8n = new N8nInstance(host);
	fs.rmSync(n8n.userFolder, { recursive: true, force: true });
	n8n.userFolder = path.join(CACHE, 'dev-n8n');
	fs.rmSync(path.join(n8n.userFolder, '.n8n', 'nodes'), { recursive: true, force: true });
	fs.mkdirSync(n8n.userFolder, { recursive: true });
	n8n.extraEnv.N8N_PORT = process.env.N8N_PORT ?? '5678';
	n8n.installPackage(tarball);
	await n8n.importCredentials(demoCredentials(EXAMPLE_GATEWAY_URL));
	await n8n.importWorkflows(examplesFor(EXAMPLE_GATEWAY_URL).map((example) => example.workflow));

	console.log(
		`Stand-in gateway: ${EXAMPLE_GATEWAY_URL} (AppCode and AppKey credentials are set up)`,
	);
	console.log(
		`Starting n8n ${n8n.version}: open http://localhost:${n8n.extraEnv.N8N_PORT} once it says "Editor is now accessible"`,
	);
	const child = spawn(host.nodeBin, [host.n8nBin, 'start'], {
		cwd: n8n.userFolder,
		env: n8n.env(),
		stdio: 'inherit',
	});
	const stop = () => {
		child.kill('SIGTERM');
		void gateway.close();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	child.on('exit', (code) => {
		void gateway.close();
		process.exitCode = code ?? 0;
	});
}

main().catch((error) => {
	console.error(`dev failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
