#!/usr/bin/env node
// @ts-check
/**
 * The demo: the example workflows in a real n8n 2.x (Node 24, from the npm registry) with this
 * package installed from its packed tarball, against the local stand-in of the Aliyun gateway.
 * Prints what each bank card node sent to Success and to Error (and, for a node set to "On
 * Error: Continue (using error output)", to n8n's own error output). Card numbers are masked.
 *
 *   npm run demo            n8n 2.41.1 (default)
 *   npm run demo -- n8n1    n8n 1.123 on this machine's Node
 */
const {
	maskCardNumber,
	maskCardNumbersInText,
} = require('../dist/nodes/AliyunBankCardOcr/cardNumber');
const fs = require('fs');
const path = require('path');

const { cacheBytes, CACHE } = require('../test/n8n/hosts');
const { NODE_TYPE, nodeOutputs } = require('../test/n8n/instance');
const { formatDuration } = require('../test/n8n/progress');
const { runExamples } = require('../test/n8n/run-examples');

/** @param {any} json */
function origin(json) {
	if (json.image_source === 'base64') return 'base64';
	if (json.file_name || json.binary_field)
		return `${json.file_name ?? '(no name)'} [${json.binary_field}]`;
	if (json.image_url !== undefined) return json.image_url || '(empty URL)';
	return 'base64';
}

/** Who the item is about: the sheet row's name or the email's sender. @param {any} json */
function who(json) {
	return json.name ? `${json.name}: ` : json.from ? `${json.from}: ` : '';
}

/** @param {any} json */
function describeSuccess(json) {
	const card = json.card ?? json;
	const valid = card.card_num_valid ? 'Luhn ok' : 'Luhn FAILED';
	return `${who(json)}${maskCardNumber(String(card.card_num))}  ${card.bank_name} ${card.card_type}  ${card.card_network ?? 'unknown network'}, ${valid}  ← ${origin(card)}`;
}

/** @param {any} json */
function describeError(json) {
	const error = json.card ?? json;
	return `${who(json)}ret_code ${error.ret_code} (${error.error_source}) ${error.error}  ← ${origin(error)}`;
}

/** An item on n8n's error output: the input item's fields and n8n's `error`. @param {any} json */
function describeNodeError(json) {
	return `${who(json)}${json.error?.message ?? json.error}  ← ${origin(json.error ?? json)}`;
}

async function main() {
	const line = process.argv[2] === 'n8n1' ? 'n8n1' : 'n8n2';
	const started = Date.now();
	const run = await runExamples(line, { log: (message) => console.log(`· ${message}`) });
	console.log(
		`\nn8n ${run.n8nVersion} on Node ${run.nodeVersion}; package ${run.installedVersion} installed from its tarball (${run.tarballIntegrity.slice(0, 20)}…)\n`,
	);

	let failed = false;
	for (const [file, { workflow, execution }] of Object.entries(run.executions)) {
		const status = execution.status ?? (execution.finished ? 'success' : 'unknown');
		console.log(`━━ ${workflow.name}  [examples/${file}]  status: ${status}`);
		if (status !== 'success') {
			failed = true;
			console.log(
				`   workflow failed: ${execution.data?.resultData?.error?.message ?? 'unknown error'}`,
			);
		}
		const httpNodes = workflow.nodes.filter(
			(/** @type {any} */ node) => node.type === 'n8n-nodes-base.httpRequest',
		);
		for (const node of httpNodes) {
			const [replies = []] = nodeOutputs(execution, node.name);
			for (const { json } of replies) {
				const auth = json.signed ? 'signature verified' : 'AppCode accepted';
				console.log(
					`   ${node.name}: ${json.method} ${json.path} → ${auth}; the API read ${JSON.stringify(json.query && Object.keys(json.query).length ? json.query : (json.form ?? json.json ?? {}))}`,
				);
			}
		}
		const ocrNodes = workflow.nodes.filter((/** @type {any} */ node) => node.type === NODE_TYPE);
		for (const node of ocrNodes) {
			const [success = [], errors = [], nodeErrors = []] = nodeOutputs(execution, node.name);
			console.log(`   ${node.name}`);
			console.log(`     Success (${success.length})`);
			for (const item of success) console.log(`       ✔ ${describeSuccess(item.json)}`);
			console.log(`     Error (${errors.length})`);
			for (const item of errors) console.log(`       ✘ ${describeError(item.json)}`);
			if (node.onError === 'continueErrorOutput') {
				console.log(`     n8n's error output (${nodeErrors.length})`);
				for (const item of nodeErrors) console.log(`       ⚠ ${describeNodeError(item.json)}`);
			}
		}
		const agents = workflow.nodes.filter(
			(/** @type {any} */ node) => node.type === '@n8n/n8n-nodes-langchain.agent',
		);
		for (const agent of agents) {
			const [answers = []] = nodeOutputs(execution, agent.name);
			console.log(`   ${agent.name} (the model is a local stand-in that quotes the tool)`);
			for (const { json } of answers)
				console.log(`     ↳ ${maskCardNumbersInText(String(json.output)).slice(0, 300)}`);
		}
		console.log('');
	}
	console.log(`${run.gatewayRequests} requests reached the stand-in gateway.`);
	const phases = Object.entries(run.timings).map(([phase, ms]) => `${phase} ${formatDuration(ms)}`);
	console.log(`Time: ${formatDuration(Date.now() - started)} in all (${phases.join(', ')}).`);
	const gigabytes = (cacheBytes() / 1024 ** 3).toFixed(1);
	const hosts = fs.existsSync(path.join(CACHE, 'hosts'))
		? fs.readdirSync(path.join(CACHE, 'hosts'))
		: [];
	const held = hosts.map((line) =>
		line === 'n8n2'
			? 'n8n 2.x with Node 24'
			: line === 'n8n1'
				? 'n8n 1.x (for npm run test:e2e)'
				: line,
	);
	console.log(
		`Cache: ${path.relative(process.cwd(), CACHE) || CACHE}/ holds ${held.join(' and ')}: ${gigabytes} GB, reused by the next run. Remove it with \`rm -rf .cache\` (the next run installs again).`,
	);
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
