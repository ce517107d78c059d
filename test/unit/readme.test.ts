/**
 * The README and docs/ name only files that exist (pictures, examples, pages), keep the two
 * commands a new user runs, and stay readable in a terminal: no table wider than a screen.
 */
import fs from 'fs';
import path from 'path';

import { TOOL_IMAGE_URL_DEFAULT } from '../../nodes/AliyunBankCardOcr/toolMode';

const ROOT = path.resolve(__dirname, '..', '..');
const PAGES = ['README.md', 'docs/development.md', 'docs/performance.md'];
const read = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf8');

/** The local targets of a page's Markdown links and images, resolved from the page's folder. */
function localTargets(page: string) {
	const targets = [...read(page).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
	return targets
		.filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
		.map((target) => path.join(path.dirname(page), target.split('#')[0]));
}

describe.each(PAGES)('%s', (page) => {
	it('names only files that exist', () => {
		const missing = localTargets(page).filter((file) => !fs.existsSync(path.join(ROOT, file)));
		expect(missing).toEqual([]);
	});

	it('has no table line wider than 120 characters', () => {
		const wide = read(page)
			.split('\n')
			.filter((line) => line.startsWith('|') && [...line].length > 120);
		expect(wide).toEqual([]);
	});
});

describe('README.md', () => {
	it('shows pictures of the real editor, all of them in docs/images', () => {
		const pictures = [...read('README.md').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
		expect(pictures.length).toBeGreaterThanOrEqual(4);
		for (const picture of pictures) expect(picture).toMatch(/^docs\/images\/[\w-]+\.png$/);
	});

	it('keeps the two commands, and comes to installing before any npm command', () => {
		const readme = read('README.md');
		expect(readme).toContain('npm ci && npm run demo');
		expect(readme).toContain('npm ci && npm test');
		expect(readme.indexOf('## Installation')).toBeGreaterThan(0);
		expect(readme.indexOf('## Installation')).toBeLessThan(readme.indexOf('npm ci'));
		expect(readme.indexOf('docs/images/')).toBeLessThan(readme.indexOf('## Installation'));
	});

	it("gives the tool's own Image URL expression, to paste", () => {
		expect(read('README.md')).toContain(TOOL_IMAGE_URL_DEFAULT.slice(1));
	});
});
