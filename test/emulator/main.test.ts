/**
 * `npm run emulator` (tsx test/emulator/main.ts) as its own process: environment, the single
 * ready line with the real port, clean exit on SIGTERM / SIGINT.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { api, control, paymentBody } from './testkit';
import type { RunningEmulator } from './index';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(__dirname, 'main.ts');
const READY = /^DasGateway emulator listening on http:\/\/127\.0\.0\.1:(\d+)$/;

interface Run {
	child: ChildProcess;
	stdout: string[];
	stderr: string[];
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];

function launch(env: Record<string, string>): Run {
	const child = spawn(TSX, [MAIN], {
		cwd: ROOT,
		env: { ...process.env, DASGATEWAY_EMULATOR_PORT: '0', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.push(child);
	const stdout: string[] = [];
	const stderr: string[] = [];
	child.stdout?.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
	child.stderr?.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	return { child, stdout, stderr, exited };
}

/** Resolves with the URL once the ready line is out; rejects if the process ends first (bounded). */
async function ready(run: Run, timeoutMs = 30_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const m = /listening on (http:\/\/[^\s]+)/.exec(run.stdout.join(''));
		if (m) return m[1];
		if (run.child.exitCode !== null) throw new Error(`emulator exited (${run.child.exitCode}): ${run.stderr.join('')}`);
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`no ready line within ${timeoutMs} ms; stderr: ${run.stderr.join('')}`);
}

/** Enough of RunningEmulator for the testkit's HTTP helpers. */
function remote(url: string, apiKey: string, xApiKey: string, merchantId: string): RunningEmulator {
	return {
		url,
		apiKey,
		xApiKey,
		merchantId,
		encodedApiKey: Buffer.from(`${apiKey}:`).toString('base64'),
	} as RunningEmulator;
}

afterEach(() => {
	for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

it('prints exactly one ready line with the real port, honors the environment, and exits 0 on SIGTERM', async () => {
	const run = launch({
		DASGATEWAY_EMULATOR_API_KEY: 'env-key',
		DASGATEWAY_EMULATOR_X_API_KEY: 'env-x-key',
		DASGATEWAY_EMULATOR_MERCHANT_ID: 'ENV0000042',
		DASGATEWAY_EMULATOR_LATENCY_MS: '1-3',
		DASGATEWAY_EMULATOR_WEBHOOK_DELAY_MS: '5',
		DASGATEWAY_EMULATOR_WEBHOOK_DUPLICATES: '1',
		DASGATEWAY_EMULATOR_WEBHOOK_RETRIES: '4',
	});
	const url = await ready(run);
	const port = Number(new URL(url).port);
	expect(port).toBeGreaterThan(0);
	const emu = remote(url, 'env-key', 'env-x-key', 'ENV0000042');
	const health = await control(emu, 'GET', '/health');
	expect(health.json).toMatchObject({ ok: true, url, merchantId: 'ENV0000042' });
	const config = await control(emu, 'GET', '/config');
	expect(config.json).toMatchObject({
		latencyMs: { min: 1, max: 3 },
		webhooks: { delayMs: 5, duplicates: 1, retries: 4 },
		fault: null,
	});
	const pay = await api(emu, 'POST', '/payment', paymentBody(emu));
	expect(pay.status).toBe(201);
	expect(pay.json.merchant_details.mid).toBe('ENV0000042');
	expect(
		(
			await api(emu, 'POST', '/payment', paymentBody(emu), {
				auth: {
					authorization: `Basic ${Buffer.from('emulator-api-key:').toString('base64')}`,
					xApiKey: 'emulator-x-api-key',
				},
			})
		).status,
	).toBe(401);

	run.child.kill('SIGTERM');
	expect(await run.exited).toEqual({ code: 0, signal: null });
	const lines = run.stdout
		.join('')
		.split('\n')
		.filter((l) => l !== '');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(READY);
	expect(Number(READY.exec(lines[0])?.[1])).toBe(port);
});

it('uses the default keys without environment, applies DASGATEWAY_EMULATOR_FAULT, and exits 0 on SIGINT', async () => {
	const run = launch({ DASGATEWAY_EMULATOR_FAULT: '502' });
	const url = await ready(run);
	const emu = remote(url, 'emulator-api-key', 'emulator-x-api-key', 'EMU0000001');
	expect((await api(emu, 'POST', '/payment', paymentBody(emu))).status).toBe(502);
	expect((await control(emu, 'POST', '/config', { fault: null })).status).toBe(200);
	expect((await api(emu, 'POST', '/payment', paymentBody(emu))).status).toBe(201);
	run.child.kill('SIGINT');
	expect(await run.exited).toEqual({ code: 0, signal: null });
});

it.each([
	['DASGATEWAY_EMULATOR_FAULT', 'boom', /DASGATEWAY_EMULATOR_FAULT is not a fault kind/],
	['DASGATEWAY_EMULATOR_LATENCY_MS', 'slow', /DASGATEWAY_EMULATOR_LATENCY_MS must be/],
	['DASGATEWAY_EMULATOR_PORT', 'abc', /DASGATEWAY_EMULATOR_PORT must be a non-negative integer/],
])('refuses a bad %s with exit code 2 and a message', async (name, value, message) => {
	const run = launch({ [name]: value });
	expect(await run.exited).toEqual({ code: 2, signal: null });
	expect(run.stderr.join('')).toMatch(message);
	expect(run.stdout.join('')).toBe('');
});
