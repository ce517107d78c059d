#!/usr/bin/env node
// @ts-check
/**
 * For trying the node by hand: n8n's editor on http://localhost:5678 (n8n 2.41.1 on Node 24),
 * with this package installed from its packed tarball, the stand-in gateway on
 * http://127.0.0.1:8191 (the address the example workflows use), and the demo credentials and
 * example workflows already imported. Ctrl-C stops everything. Data lives in .cache/dev-n8n.
 */
const path = require('path');

const { EXAMPLE_GATEWAY_URL } = require('../test/n8n/examples');
const { startDevStack } = require('../test/n8n/dev-stack');
const { CACHE } = require('../test/n8n/hosts');

async function main() {
	const n8nPort = Number(process.env.N8N_PORT ?? '5678');
	const stack = await startDevStack({
		userFolder: path.join(CACHE, 'dev-n8n'),
		n8nPort,
		gatewayPort: Number(new URL(EXAMPLE_GATEWAY_URL).port),
		echo: true,
	});
	console.log(`Stand-in gateway: ${stack.gatewayUrl} (AppCode and AppKey credentials are set up)`);
	console.log(
		`Starting n8n ${stack.n8n.version}: open ${stack.editorUrl} once it says "Editor is now accessible"`,
	);
	const stop = () => void stack.stop();
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	stack.n8nProcess.child?.on('exit', (code) => {
		void stack.gateway.close();
		process.exitCode = code ?? 0;
	});
}

main().catch((error) => {
	console.error(`dev failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
