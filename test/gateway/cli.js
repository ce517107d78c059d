#!/usr/bin/env node
// @ts-check
/**
 * Starts the stand-in gateway with the demo accounts and images, and prints one JSON line:
 * {"url":"http://127.0.0.1:PORT"}. Stops on SIGINT/SIGTERM or when its stdin closes.
 *
 *   node test/gateway/cli.js [--port 8191] [--latency 100] [--qps 10]
 */
const { GatewayStandIn } = require('./server');
const { demoAccounts, registerDemoImages } = require('./demo-data');

/** @param {string} name */
function option(name) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : Number(process.argv[index + 1]);
}

async function main() {
	const gateway = new GatewayStandIn({
		accounts: demoAccounts(),
		latencyMs: option('latency') ?? 0,
		qps: option('qps') ?? 0,
	});
	const url = await gateway.listen(option('port') ?? 0);
	registerDemoImages(gateway);
	process.stdout.write(JSON.stringify({ url }) + '\n');
	const stop = () => gateway.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	if (process.argv.includes('--exit-with-stdin')) process.stdin.on('end', stop).resume();
}

main().catch((error) => {
	process.stderr.write(String(error) + '\n');
	process.exit(1);
});
