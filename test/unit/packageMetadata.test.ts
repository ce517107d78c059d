/**
 * What n8n's verification checks in package.json, and that the links agree: the GitHub owner
 * is one placeholder (see "Releasing" in the README), so a change in one place without the
 * others fails here.
 */
import fs from 'fs';
import path from 'path';

import codex from '../../nodes/AliyunBankCardOcr/AliyunBankCardOcr.node.json';
import pkg from '../../package.json';

const ROOT = path.resolve(__dirname, '..', '..');

describe('package.json', () => {
	const match = /^git\+https:\/\/github\.com\/([^/]+)\/([^/]+)\.git$/.exec(pkg.repository.url);
	const homepage = match ? `https://github.com/${match[1]}/${match[2]}` : '(no repository)';

	it('the repository, homepage, issues, codex documentation and changelog links agree', () => {
		expect(match).not.toBeNull();
		expect(match?.[2]).toBe(pkg.name);
		expect(pkg.homepage).toBe(homepage);
		expect(pkg.bugs.url).toBe(`${homepage}/issues`);
		expect(codex.resources.primaryDocumentation.map((link) => link.url)).toEqual([homepage]);
		const changelogLinks =
			fs
				.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')
				.match(/https:\/\/github\.com\/[^\s)]+/g) ?? [];
		expect(changelogLinks.length).toBeGreaterThan(0);
		for (const link of changelogLinks) expect(link.startsWith(`${homepage}/`)).toBe(true);
	});

	it('is a community node package that n8n can verify', () => {
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg).not.toHaveProperty('dependencies');
		expect(pkg.author.name).not.toBe('');
		expect(pkg.peerDependencies).toHaveProperty('n8n-workflow');
	});

	it('the changelog has the current version', () => {
		expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(
			`## [${pkg.version}]`,
		);
	});
});
