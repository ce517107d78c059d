#!/usr/bin/env node
// @ts-check
/**
 * Runs n8n's community package scanner (@n8n/scan-community-package) on this package, the
 * way it scans a published one, without the registry: its `analyzePackage` over the source
 * (nodes, credentials, package.json) and over the packed tarball (compiled .js, package.json).
 * Run `npm run build` first. Exits 1 on any finding.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
	const root = path.resolve(__dirname, '..');
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bankcard-ocr-scan-'));
	try {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
				cwd: root,
				encoding: 'utf8',
			}),
		);
		const tarball = path.join(work, packed[0].filename);
		const unpacked = path.join(work, 'package');
		execFileSync('tar', ['-xzf', tarball, '-C', work]);

		const legs = [
			{ name: 'source', dir: root, patterns: scanner.SOURCE_FILE_PATTERNS },
			{
				name: `tarball ${packed[0].filename}`,
				dir: unpacked,
				patterns: ['**/*.js', 'package.json'],
			},
		];
		let failed = false;
		for (const leg of legs) {
			const result = await scanner.analyzePackage(leg.dir, leg.patterns);
			console.log(
				`${result.passed ? 'PASS' : 'FAIL'} ${leg.name}${result.message ? `: ${result.message}` : ''}`,
			);
			if (result.details) console.log(result.details);
			failed ||= !result.passed;
		}
		console.log(failed ? 'Scan found problems.' : 'Scan: no findings.');
		process.exitCode = failed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
