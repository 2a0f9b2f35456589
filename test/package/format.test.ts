/**
 * The house style is kept by a formatter: every source file is as `npm run format` (Prettier, width 120, tabs) leaves
 * it. A file that is not fails here with its name; run `npm run format` and commit.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

it('every source file is formatted (npm run format)', () => {
	let unformatted = '';
	try {
		execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--list-different', '.'], {
			cwd: root,
			encoding: 'utf8',
			stdio: 'pipe',
		});
	} catch (error) {
		// --list-different exits 1 and prints the files that differ.
		unformatted = String((error as { stdout?: string }).stdout ?? (error as Error).message);
	}
	expect(unformatted.trim().split('\n').filter(Boolean)).toEqual([]);
}, 120_000);
