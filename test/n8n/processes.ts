/**
 * Child processes for the n8n harness: every process is started in its own process group so that
 * stopping it also stops whatever it started (n8n's task runner, npm's install scripts), and every
 * wait is bounded. Nothing here knows about n8n.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import {
	closeSync,
	createWriteStream,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	type WriteStream,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** Process groups started here and not yet seen gone: killed on exit as a last resort. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
	});
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
		throw error;
	}
}

/**
 * True while a process of the group is still running. Zombies do not count: an orphan whose new parent is
 * slow to reap it still "exists" for kill(0), but runs nothing and holds no port.
 */
export function groupAlive(pgid: number): boolean {
	if (!signalGroup(pgid, 0)) return false;
	if (process.platform !== 'linux') return true;
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return true;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
			const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
		} catch {
			// gone meanwhile
		}
	}
	return false;
}

export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. Errors thrown by
 * `check` count as "not yet", unless `stopOn` says they are final.
 */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined> | T | undefined,
	{
		timeoutMs,
		intervalMs = 250,
		stopOn,
	}: { timeoutMs: number; intervalMs?: number; stopOn?: (error: unknown) => boolean },
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			if (stopOn?.(error)) throw error;
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${detail}`);
		}
		await sleep(intervalMs);
	}
}

/** Stops a process group: SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves once the group is gone. */
export async function stopGroup(
	pgid: number,
	{ graceMs = 15_000, signal = 'SIGTERM' as NodeJS.Signals } = {},
): Promise<void> {
	if (!groupAlive(pgid)) {
		liveGroups.delete(pgid);
		return;
	}
	signalGroup(pgid, signal);
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
	if (groupAlive(pgid)) {
		signalGroup(pgid, 'SIGKILL');
		const killDeadline = Date.now() + 5_000;
		while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
	}
	// A SIGKILLed group can linger as zombies until its parent (us) reaps the leader; that is not "running".
	liveGroups.delete(pgid);
}

/**
 * 'close' waits for the output pipes, which a left-behind grandchild (say, a task runner) can hold open after
 * the leader exited: once the leader is gone, give its group a moment, then stop what is left of it.
 */
function reapAfterLeaderExit(child: ChildProcess, pgid: number, delayMs = 3_000): void {
	child.once('exit', () => {
		const timer = setTimeout(() => void stopGroup(pgid, { graceMs: 2_000 }), delayMs);
		timer.unref();
		child.once('close', () => clearTimeout(timer));
	});
}

export interface StartedProcess {
	readonly child: ChildProcess;
	readonly pid: number;
	/** Resolves with the exit code (or signal name) once the leader has exited. */
	readonly exited: Promise<number | string>;
	/** True once the leader has exited. */
	hasExited(): boolean;
	/** Everything the process printed so far (stdout and stderr interleaved), capped at the last 2 MB. */
	output(): string;
	/** Stops the whole process group (bounded). */
	stop(options?: { graceMs?: number; signal?: NodeJS.Signals }): Promise<void>;
}

export interface StartOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
	/** Append all output to this file as well (created with its folder). */
	logFile?: string;
	/** Called with every complete output line. */
	onLine?: (line: string) => void;
}

const OUTPUT_CAP = 2 * 1024 * 1024;

/** Starts a long-running command in its own process group, capturing its output. */
export function startProcess(command: string, args: string[], options: StartOptions = {}): StartedProcess {
	installExitHook();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) {
		throw new Error(`Could not start ${command}: no process id`);
	}
	const pid = child.pid;
	liveGroups.add(pid);
	reapAfterLeaderExit(child, pid);

	let log: WriteStream | undefined;
	if (options.logFile) {
		mkdirSync(dirname(options.logFile), { recursive: true });
		log = createWriteStream(options.logFile, { flags: 'a' });
	}
	let buffer = '';
	let partial = '';
	const onData = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		buffer += text;
		if (buffer.length > OUTPUT_CAP) buffer = buffer.slice(buffer.length - OUTPUT_CAP);
		log?.write(chunk);
		if (options.onLine) {
			partial += text;
			const lines = partial.split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) options.onLine(line.replace(/\r$/, ''));
		}
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);

	let exitedFlag = false;
	const exited = new Promise<number | string>((resolve) => {
		child.once('error', (error) => {
			exitedFlag = true;
			buffer += `\n[harness] could not run ${command}: ${error.message}\n`;
			resolve(`error: ${error.message}`);
		});
		child.once('close', (code, signal) => {
			exitedFlag = true;
			if (partial && options.onLine) options.onLine(partial);
			log?.end();
			resolve(code ?? signal ?? 'unknown');
		});
	});

	return {
		child,
		pid,
		exited,
		hasExited: () => exitedFlag,
		output: () => buffer,
		stop: (stopOptions) => stopGroup(pid, stopOptions),
	};
}

export interface RunResult {
	code: number | string;
	output: string;
	stdout: string;
	stderr: string;
}

/**
 * Runs a command to completion in its own process group, with a hard time limit: on timeout the
 * whole group is killed and the promise rejects, quoting the end of the output.
 */
export async function runProcess(
	command: string,
	args: string[],
	options: StartOptions & {
		timeoutMs: number;
		label?: string;
		/**
		 * Give the command this file as its standard output instead of a pipe, and read it back when it exited. For
		 * commands that print much and then exit at once: a process that calls process.exit() right after writing
		 * megabytes to a pipe loses what the pipe had not taken yet (`n8n execute --rawOutput` of a 1,000-item run
		 * came back cut off mid-JSON at 2.4 MB, exit 0). Writes to a file are synchronous, so nothing is lost.
		 */
		stdoutFile?: string;
		/** Told the process id once the command started (to watch its CPU time, for instance). */
		onSpawn?: (pid: number) => void;
	},
): Promise<RunResult> {
	installExitHook();
	let stdoutFd: number | undefined;
	if (options.stdoutFile) {
		mkdirSync(dirname(options.stdoutFile), { recursive: true });
		stdoutFd = openSync(options.stdoutFile, 'w');
	}
	let child: ChildProcess;
	try {
		child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
		});
	} finally {
		// The child holds its own copy of the descriptor.
		if (stdoutFd !== undefined) closeSync(stdoutFd);
	}
	if (child.pid === undefined) throw new Error(`Could not start ${command}: no process id`);
	const pid = child.pid;
	liveGroups.add(pid);
	reapAfterLeaderExit(child, pid);
	options.onSpawn?.(pid);
	let log: WriteStream | undefined;
	if (options.logFile) {
		mkdirSync(dirname(options.logFile), { recursive: true });
		log = createWriteStream(options.logFile, { flags: 'a' });
	}
	let stdout = '';
	let stderr = '';
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
		output += chunk.toString('utf8');
		log?.write(chunk);
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
		output += chunk.toString('utf8');
		log?.write(chunk);
	});
	let timer: NodeJS.Timeout | undefined;
	const label = options.label ?? `${command} ${args.join(' ')}`;
	try {
		let timedOut = false;
		const code = await new Promise<number | string>((resolve, reject) => {
			child.once('error', (error) => reject(new Error(`Could not run ${label}: ${error.message}`)));
			child.once('close', (exitCode, signal) => {
				if (!timedOut) return resolve(exitCode ?? signal ?? 'unknown');
				reject(
					new Error(
						`${label} did not finish within ${Math.round(options.timeoutMs / 1000)}s and was killed. ` +
							`End of its output:\n${tail(output, 40)}`,
					),
				);
			});
			timer = setTimeout(() => {
				timedOut = true;
				void stopGroup(pid, { graceMs: 3_000 });
			}, options.timeoutMs);
		});
		if (options.stdoutFile) {
			stdout = readFileSync(options.stdoutFile, 'utf8');
			// Interleaving with stderr is lost; stderr first keeps n8n's errors above the (long) printed run.
			output = `${output}${output && !output.endsWith('\n') ? '\n' : ''}${stdout}`;
			log?.write(`[standard output: ${options.stdoutFile}]\n`);
		}
		return { code, output, stdout, stderr };
	} finally {
		if (timer) clearTimeout(timer);
		log?.end();
		// The leader is gone; make sure nothing it left behind in its group survives it.
		await stopGroup(pid, { graceMs: 2_000 });
	}
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** True when nothing listens on 127.0.0.1:port (and nothing stops us from listening there). */
export function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** `preferred` when it is free, else any free port. */
export async function preferredPort(preferred: number): Promise<number> {
	return (await portIsFree(preferred)) ? preferred : freePort();
}
