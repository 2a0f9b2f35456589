/**
 * Three projects: `unit` runs in-process (nodes against the in-process emulator; no build, no network), `package`
 * checks the built dist/ and the packed tarball (needs `npm run build`, and the network once for n8n's scanner),
 * `e2e` drives a real n8n. `npm test` builds first and runs all three.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	// n8n-core (in the bulk and failure-matrix tests) leaves handles open that --detectOpenHandles does not name;
	// without this a green run never exits.
	forceExit: true,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/package/', '<rootDir>/dist/'],
		},
		{
			displayName: 'package',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/package/**/*.test.ts'],
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
