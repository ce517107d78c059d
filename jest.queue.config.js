/**
 * n8n's queue mode: Redis, PostgreSQL, n8n main and workers, all started by the test itself
 * (slow: about a minute with a warm cache).
 */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 10 * 60 * 1000,
};
