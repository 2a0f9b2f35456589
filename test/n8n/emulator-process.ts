/**
 * The local DasGateway emulator as a child process (`tsx test/emulator/main.ts`), for the demo and for
 * tests that want it outside their own process. It prints one line when ready:
 *   DasGateway emulator listening on http://127.0.0.1:PORT
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { startProcess, tail, waitFor, type StartedProcess } from './processes';

const REPO_ROOT = join(__dirname, '..', '..');
export const EMULATOR_MAIN = join(REPO_ROOT, 'test', 'emulator', 'main.ts');
const READY_LINE = /DasGateway emulator listening on (http:\/\/[^\s]+)/;

export interface EmulatorProcess {
	url: string;
	port: number;
	process: StartedProcess;
	/** POST /__emulator/reset: forget payments, subscriptions, faults and deliveries. */
	reset(): Promise<void>;
	stop(): Promise<void>;
}

export async function startEmulatorProcess({
	port = 0,
	logFile,
	timeoutMs = 60_000,
	env = {},
}: {
	port?: number;
	logFile?: string;
	timeoutMs?: number;
	env?: Record<string, string>;
} = {}): Promise<EmulatorProcess> {
	if (!existsSync(EMULATOR_MAIN)) {
		throw new Error(`The DasGateway emulator is missing: ${EMULATOR_MAIN} does not exist`);
	}
	let url: string | undefined;
	const child = startProcess(process.execPath, [require.resolve('tsx/cli'), EMULATOR_MAIN], {
		cwd: REPO_ROOT,
		env: { ...process.env, ...env, DASGATEWAY_EMULATOR_PORT: String(port) },
		logFile,
		onLine: (line) => {
			const match = READY_LINE.exec(line);
			if (match && !url) url = match[1].replace(/\/+$/, '');
		},
	});
	try {
		await waitFor(
			'the emulator to print its URL',
			() => {
				if (url) return url;
				if (child.hasExited()) throw new EmulatorExited('the emulator exited before it was ready');
				return undefined;
			},
			{ timeoutMs, intervalMs: 100, stopOn: (error) => error instanceof EmulatorExited },
		);
	} catch (error) {
		await child.stop({ graceMs: 3_000 });
		throw new Error(`${(error as Error).message}${logFile ? `; log: ${logFile}` : ''}\n${tail(child.output(), 20)}`);
	}
	const ready = url as string;
	return {
		url: ready,
		port: Number(new URL(ready).port),
		process: child,
		reset: async () => {
			const response = await fetch(`${ready}/__emulator/reset`, {
				method: 'POST',
				signal: AbortSignal.timeout(10_000),
			});
			if (!response.ok) throw new Error(`Emulator reset answered HTTP ${response.status}`);
		},
		stop: () => child.stop({ graceMs: 5_000 }),
	};
}

class EmulatorExited extends Error {}
