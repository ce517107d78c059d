/**
 * n8n's editor in Debian's Chromium (playwright-core) against the `npm run dev` stack, all
 * started by the test itself (about two minutes with a warm cache). Set up as the end-to-end
 * tests are.
 */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.e2e.config'),
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	testTimeout: 10 * 60 * 1000,
};
