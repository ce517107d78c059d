/**
 * n8n's queue mode: Redis, PostgreSQL, n8n main and workers, all started by the test itself
 * (slow: about a minute with a warm cache). Set up as the end-to-end tests are.
 */
/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.e2e.config'),
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	testTimeout: 10 * 60 * 1000,
};
