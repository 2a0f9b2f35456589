/**
 * A real n8n for the end-to-end tests and the demo, installed once per machine into a cache folder.
 *
 *   ensureN8n()               → absolute path of the n8n binary (installs first when needed)
 *   npx tsx test/n8n/install.ts   does the same from a shell (CI runs it as its own step)
 *
 * Cache: ${DASGATEWAY_N8N_CACHE:-$HOME/.cache/dasgateway-n8n}/<version>. An install counts as complete only
 * when our marker file says so and still agrees with what is on disk (n8n's package.json version, its
 * bin, and the Node ABI the native modules were built for). An install that npm finished but that has no
 * marker yet (for instance one started by hand) is verified by running `n8n --version` and then marked.
 * Installs take a lock (a folder created atomically beside the install), so two processes never install at
 * once; a lock whose owner died is taken over.
 */
import {
	appendFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	realpathSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { processAlive, runProcess, sleep, tail } from './processes';

export const N8N_VERSION = '2.8.4';
/** n8n's own `xlsx` dependency points at a host outside the npm registry: take the same code from the registry. */
export const N8N_OVERRIDES = { xlsx: 'npm:@e965/xlsx@0.20.2' };

const MARKER = '.dasgateway-install.json';
const MINUTE = 60_000;

export interface InstallOptions {
	/** Where progress lines go (default: console.log with a prefix). */
	log?: (line: string) => void;
	/** Upper bound for the npm install itself (default 60 min, env DASGATEWAY_N8N_INSTALL_TIMEOUT_MIN). */
	installTimeoutMs?: number;
	/** Upper bound for waiting on another process's install (default 75 min). */
	lockWaitMs?: number;
}

export function n8nCacheRoot(): string {
	return resolve(process.env.DASGATEWAY_N8N_CACHE || join(homedir(), '.cache', 'dasgateway-n8n'));
}

export function n8nInstallDir(): string {
	return join(n8nCacheRoot(), N8N_VERSION);
}

/** The n8n entry script inside an install folder (run it with `process.execPath`). */
export function n8nBinIn(installDir: string): string {
	return join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

interface Marker {
	n8nVersion: string;
	nodeAbi: string;
	completedAt: string;
}

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

/** What is on disk, judged without running anything. */
export function inspectInstall(installDir: string): { complete: boolean; npmFinished: boolean; reason: string } {
	const pkg = readJson<{ version?: string }>(join(installDir, 'node_modules', 'n8n', 'package.json'));
	if (!pkg) return { complete: false, npmFinished: false, reason: 'n8n is not installed' };
	if (pkg.version !== N8N_VERSION) {
		return { complete: false, npmFinished: false, reason: `n8n ${pkg.version} is installed, not ${N8N_VERSION}` };
	}
	if (!existsSync(n8nBinIn(installDir)))
		return { complete: false, npmFinished: false, reason: 'the n8n bin is missing' };
	// npm writes these lockfiles only once the whole tree is in place.
	const npmFinished =
		existsSync(join(installDir, 'package-lock.json')) &&
		existsSync(join(installDir, 'node_modules', '.package-lock.json'));
	if (!npmFinished) return { complete: false, npmFinished, reason: 'npm has not finished installing' };
	const marker = readJson<Marker>(join(installDir, MARKER));
	if (!marker) return { complete: false, npmFinished, reason: 'not verified yet' };
	if (marker.n8nVersion !== N8N_VERSION)
		return { complete: false, npmFinished, reason: 'marker is for another version' };
	if (marker.nodeAbi !== process.versions.modules) {
		return {
			complete: false,
			npmFinished: false,
			reason: `installed for Node ABI ${marker.nodeAbi}, this Node is ABI ${process.versions.modules}`,
		};
	}
	return { complete: true, npmFinished, reason: 'complete' };
}

/** Runs `n8n --version` from the install; true when it prints the expected version. */
async function verifyInstall(installDir: string): Promise<{ ok: boolean; detail: string }> {
	try {
		const result = await runProcess(process.execPath, [n8nBinIn(installDir), '--version'], {
			cwd: installDir,
			env: {
				...process.env,
				N8N_USER_FOLDER: join(installDir, '.verify-user-folder'),
				N8N_DIAGNOSTICS_ENABLED: 'false',
			},
			timeoutMs: 3 * MINUTE,
			label: 'n8n --version',
		});
		const ok = result.code === 0 && result.stdout.includes(N8N_VERSION);
		return { ok, detail: `exit ${result.code}: ${tail(result.output.trim(), 5)}` };
	} catch (error) {
		return { ok: false, detail: (error as Error).message };
	} finally {
		rmSync(join(installDir, '.verify-user-folder'), { recursive: true, force: true });
	}
}

function writeMarker(installDir: string): void {
	const marker: Marker = {
		n8nVersion: N8N_VERSION,
		nodeAbi: process.versions.modules,
		completedAt: new Date().toISOString(),
	};
	writeFileSync(join(installDir, MARKER), JSON.stringify(marker, null, 2) + '\n');
}

/** Processes (Linux: read from /proc) whose working folder is the install folder and that run npm. */
function foreignInstallers(installDir: string): number[] {
	if (process.platform !== 'linux') return [];
	let target = installDir;
	try {
		target = realpathSync(installDir);
	} catch {
		return [];
	}
	const found: number[] = [];
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return [];
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			if (readlinkSync(`/proc/${entry}/cwd`) !== target) continue;
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
			if (/\bnpm\b|npm-cli/.test(cmdline)) found.push(Number(entry));
		} catch {
			// The process ended, or is not ours to inspect.
		}
	}
	return found;
}

interface LockOwner {
	pid: number;
	host: string;
	since: string;
}

/** Takes the install lock, waiting (bounded) for a live owner and taking over from a dead one. */
async function acquireLock(lockDir: string, log: (line: string) => void, waitMs: number): Promise<() => void> {
	const started = Date.now();
	let lastReport = 0;
	for (;;) {
		try {
			mkdirSync(lockDir);
			const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
			writeFileSync(join(lockDir, 'owner.json'), JSON.stringify(owner));
			return () => rmSync(lockDir, { recursive: true, force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = readJson<LockOwner>(join(lockDir, 'owner.json'));
		let stale = false;
		if (owner) {
			stale = owner.host === hostname() && !processAlive(owner.pid);
		} else {
			// Created but never filled in: its creator died between the two steps (give it a minute).
			try {
				stale = Date.now() - statSync(lockDir).mtimeMs > MINUTE;
			} catch {
				continue; // released meanwhile
			}
		}
		if (stale) {
			log(`Taking over the install lock left by process ${owner?.pid ?? '?'}, which is gone`);
			rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		const waited = Date.now() - started;
		if (waited > waitMs) {
			throw new Error(
				`Waited ${Math.round(waited / MINUTE)} min for another process (pid ${owner?.pid ?? '?'}) to install n8n into ` +
					`${dirname(lockDir)}; giving up. If no install is running, delete ${lockDir}.`,
			);
		}
		if (Date.now() - lastReport >= 30_000) {
			lastReport = Date.now();
			log(
				`Another process (pid ${owner?.pid ?? '?'}) is installing n8n ${N8N_VERSION}; waiting (${Math.round(waited / 1000)}s so far)`,
			);
		}
		await sleep(2_000);
	}
}

function countPackages(nodeModules: string): number {
	try {
		let count = 0;
		for (const entry of readdirSync(nodeModules)) {
			if (entry.startsWith('.')) continue;
			if (entry.startsWith('@')) count += readdirSync(join(nodeModules, entry)).length;
			else count += 1;
		}
		return count;
	} catch {
		return 0;
	}
}

async function waitForForeignInstall(installDir: string, log: (line: string) => void, waitMs: number): Promise<void> {
	const started = Date.now();
	let lastReport = 0;
	for (;;) {
		const pids = foreignInstallers(installDir);
		if (pids.length === 0) return;
		if (Date.now() - started > waitMs) {
			throw new Error(`npm (pid ${pids.join(', ')}) has been installing into ${installDir} for too long; giving up`);
		}
		if (Date.now() - lastReport >= 30_000) {
			lastReport = Date.now();
			log(
				`An npm started elsewhere (pid ${pids.join(', ')}) is installing into ${installDir}; waiting for it ` +
					`(${Math.round((Date.now() - started) / 1000)}s, ${countPackages(join(installDir, 'node_modules'))} packages so far)`,
			);
		}
		await sleep(2_000);
	}
}

async function npmInstall(installDir: string, log: (line: string) => void, timeoutMs: number): Promise<void> {
	mkdirSync(installDir, { recursive: true });
	writeFileSync(
		join(installDir, 'package.json'),
		JSON.stringify(
			{ name: 'dasgateway-n8n-runtime', private: true, dependencies: { n8n: N8N_VERSION }, overrides: N8N_OVERRIDES },
			null,
			2,
		) + '\n',
	);
	const logFile = join(installDir, 'install.log');
	appendFileSync(logFile, `\n=== ${new Date().toISOString()} npm install n8n@${N8N_VERSION} (pid ${process.pid})\n`);
	// The variables npm sets for the script running us describe this repository, not the runtime folder.
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_') || key === 'INIT_CWD') continue;
		env[key] = value;
	}
	const started = Date.now();
	const progress = setInterval(() => {
		const elapsed = Math.round((Date.now() - started) / 1000);
		log(
			`  … still installing n8n ${N8N_VERSION}: ${elapsed}s, ${countPackages(join(installDir, 'node_modules'))} packages so far`,
		);
	}, 30_000);
	try {
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const result = await runProcess(
			npm,
			['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=http'],
			{ cwd: installDir, env, timeoutMs, logFile, label: `npm install n8n@${N8N_VERSION}` },
		);
		appendFileSync(logFile, `exit ${result.code}\n`);
		if (result.code !== 0) {
			throw new Error(
				`npm install n8n@${N8N_VERSION} failed (exit ${result.code}); full log: ${logFile}\n${tail(result.output, 30)}`,
			);
		}
	} catch (error) {
		if (!/failed \(exit/.test((error as Error).message)) appendFileSync(logFile, `exit timeout\n`);
		throw error;
	} finally {
		clearInterval(progress);
	}
}

/**
 * Returns the absolute path of the n8n binary, installing n8n first when the cache holds no complete,
 * verified install. Safe to call from several processes at once.
 */
export async function ensureN8n(options: InstallOptions = {}): Promise<string> {
	const log = options.log ?? ((line: string) => console.log(`[n8n-install] ${line}`));
	const timeoutFromEnv = Number(process.env.DASGATEWAY_N8N_INSTALL_TIMEOUT_MIN) * MINUTE;
	const installTimeoutMs = options.installTimeoutMs ?? (timeoutFromEnv > 0 ? timeoutFromEnv : 60 * MINUTE);
	const lockWaitMs = options.lockWaitMs ?? 75 * MINUTE;
	const installDir = n8nInstallDir();
	const bin = n8nBinIn(installDir);

	if (inspectInstall(installDir).complete) return bin;

	mkdirSync(n8nCacheRoot(), { recursive: true });
	const release = await acquireLock(`${installDir}.lock`, log, lockWaitMs);
	try {
		// Someone may have finished while we waited for the lock, or an npm started by hand may still run.
		await waitForForeignInstall(installDir, log, lockWaitMs);
		let state = inspectInstall(installDir);
		if (state.complete) return bin;

		if (state.npmFinished) {
			log(`Verifying the n8n ${N8N_VERSION} install in ${installDir}`);
			const verified = await verifyInstall(installDir);
			if (verified.ok) {
				writeMarker(installDir);
				return bin;
			}
			log(`The install in ${installDir} does not run (${verified.detail}); reinstalling`);
		} else if (existsSync(installDir)) {
			log(`The install in ${installDir} is incomplete (${state.reason}); reinstalling over it`);
		}
		if (/Node ABI/.test(state.reason)) {
			rmSync(join(installDir, 'node_modules'), { recursive: true, force: true });
		}

		log(
			`Installing n8n ${N8N_VERSION} into ${installDir} (several minutes, ~2.3 GB; log: ${join(installDir, 'install.log')})`,
		);
		const started = Date.now();
		await npmInstall(installDir, log, installTimeoutMs);
		const verified = await verifyInstall(installDir);
		if (!verified.ok) throw new Error(`n8n ${N8N_VERSION} installed but does not run: ${verified.detail}`);
		writeMarker(installDir);
		state = inspectInstall(installDir);
		if (!state.complete)
			throw new Error(`n8n ${N8N_VERSION} installed but the install is not complete: ${state.reason}`);
		log(`n8n ${N8N_VERSION} installed in ${Math.round((Date.now() - started) / 1000)}s`);
		return bin;
	} finally {
		release();
	}
}

if (require.main === module) {
	ensureN8n().then(
		(bin) => {
			console.log(`[n8n-install] n8n ${N8N_VERSION} is ready: ${bin}`);
		},
		(error: Error) => {
			console.error(`[n8n-install] ${error.message}`);
			process.exit(1);
		},
	);
}
