/**
 * The packed tarball and its sources, through n8n's own analyzer (@n8n/scan-community-package): the check n8n
 * runs before a community package can be verified. Its registry and provenance steps need a published package;
 * we run its analysis step (analyzePackage) on our source and on `npm pack`'s output. The scanner is installed
 * once, outside the project, with scripts off (its dependency tree pulls a native module that does not build on
 * Node 20, and the analysis does not use it).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const SCANNER_VERSION = '0.32.0';
const scannerDir = path.join(
	process.env.DASGATEWAY_N8N_CACHE ?? path.join(os.homedir(), '.cache', 'dasgateway-n8n'),
	`scanner-${SCANNER_VERSION}`,
);
const scannerEntry = path.join(scannerDir, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');

function ensureScanner(): void {
	if (fs.existsSync(scannerEntry)) return;
	fs.mkdirSync(scannerDir, { recursive: true });
	fs.writeFileSync(
		path.join(scannerDir, 'package.json'),
		JSON.stringify({ name: 'dasgateway-scanner', private: true }),
	);
	execFileSync(
		'npm',
		[
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			`@n8n/scan-community-package@${SCANNER_VERSION}`,
		],
		{
			cwd: scannerDir,
			stdio: 'pipe',
		},
	);
}

describe('n8n community package scanner', () => {
	it('finds nothing in the sources or the packed tarball', () => {
		ensureScanner();
		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dasgateway-pack-'));
		try {
			execFileSync('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: root, stdio: 'pipe' });
			const tarball = fs.readdirSync(work).find((file) => file.endsWith('.tgz'));
			expect(tarball).toBeDefined();
			const unpacked = path.join(work, 'package');
			fs.mkdirSync(unpacked);
			execFileSync('tar', ['-xzf', path.join(work, tarball!), '-C', unpacked, '--strip-components=1']);
			expect(fs.readdirSync(unpacked).sort()).toEqual(['LICENSE.md', 'README.md', 'dist', 'index.js', 'package.json']);

			const script = `
				import { analyzePackage, SOURCE_FILE_PATTERNS } from ${JSON.stringify(scannerEntry)};
				const source = await analyzePackage(${JSON.stringify(root)}, SOURCE_FILE_PATTERNS);
				const packed = await analyzePackage(${JSON.stringify(unpacked)}, ['**/*.js', 'package.json']);
				console.log(JSON.stringify({ source, packed }));
			`;
			// Not NODE_ENV=test (jest's): under it the nodes-base rules pretend every file is "Test.node.ts".
			const env = { ...process.env, NODE_ENV: 'production' };
			const output = execFileSync('node', ['--input-type=module', '-e', script], {
				cwd: scannerDir,
				encoding: 'utf8',
				env,
			});
			const { source, packed } = JSON.parse(output.trim().split('\n').pop()!);
			expect({ passed: source.passed, details: source.details ?? '' }).toEqual({ passed: true, details: '' });
			expect({ passed: packed.passed, details: packed.details ?? '' }).toEqual({ passed: true, details: '' });
		} finally {
			fs.rmSync(work, { recursive: true, force: true });
		}
	}, 300_000);
});
