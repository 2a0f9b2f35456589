/** Two projects: `unit` runs in-process (nodes against the in-process emulator), `e2e` drives a real n8n. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/dist/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
			// n8n boots in tens of seconds and a cold install takes minutes: see the setup file.
			setupFilesAfterEnv: ['<rootDir>/test/jest.e2e-timeout.ts'],
		},
	],
};
