/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	setupFiles: ['<rootDir>/test/setup/quietN8nLogger.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/freshBudgets.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// A guard against hangs, not a speed check: generous, since CI machines are busy.
	testTimeout: 120000,
};
