#!/usr/bin/env node
// @ts-check
/**
 * Writes the example workflows of test/n8n/examples.js to examples/*.json.
 *
 *   node scripts/make-examples.js          writes examples/*.json
 *   node scripts/make-examples.js --check  exits 1 if a file is out of date
 */
const fs = require('fs');
const path = require('path');

const { EXAMPLES } = require('../test/n8n/examples');

if (require.main === module) {
	const dir = path.resolve(__dirname, '..', 'examples');
	fs.mkdirSync(dir, { recursive: true });
	let stale = false;
	for (const [file, workflow] of Object.entries(EXAMPLES)) {
		const text = JSON.stringify(workflow, null, '\t') + '\n';
		const target = path.join(dir, file);
		if (process.argv.includes('--check')) {
			if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
				process.stderr.write(
					`examples/${file} is out of date: run node scripts/make-examples.js\n`,
				);
				stale = true;
			}
		} else {
			fs.writeFileSync(target, text);
		}
	}
	process.exitCode = stale ? 1 : 0;
}
