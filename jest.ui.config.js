/**
 * n8n's editor in Debian's Chromium (playwright-core) against the `npm run dev` stack, all
 * started by the test itself (about two minutes with a warm cache).
 */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 10 * 60 * 1000,
};
