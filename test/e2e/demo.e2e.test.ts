/**
 * `npm run demo` on a port that is not n8n's default runs every example end to end, and the payments' notifications
 * reach the examples' DasGateway Triggers on that port (issue 11: the examples once hard-coded 127.0.0.1:5678).
 *
 * The real demo (test/n8n/demo.ts) is started as a user would, with DASGATEWAY_DEMO_PORT and DASGATEWAY_EMULATOR_PORT
 * set to free ports other than 5678 and 4010. Every example is run with `n8n execute` in the demo's user folder (what
 * *Execute workflow* runs), the shopper pages of the hosted-page and 3DS examples are approved as a browser would,
 * and then: every notification the emulator sent went to the demo's port and was accepted, and each one started the
 * published trigger workflow it was addressed to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WebhookDelivery } from '../emulator/types';
import { ensureN8n } from '../n8n/install';
import {
	DEFAULT_OWNER,
	ExecutionResult,
	REPO_ROOT,
	TRIGGER_NODE_TYPE,
	n8nEnvironment,
	parseRunOutput,
	readWorkflowFile,
	type StoredExecution,
	type WorkflowInput,
} from '../n8n/instance';
import { freePort, runProcess, waitFor } from '../n8n/processes';

const DEMO_FOLDER = join(REPO_ROOT, '.n8n-e2e', 'demo');
const DEMO_PID_FILE = join(REPO_ROOT, '.n8n-e2e', 'demo.pid.json');
const examples = readdirSync(join(REPO_ROOT, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({ file: `examples/${file}`, workflow: readWorkflowFile(join(REPO_ROOT, 'examples', file)) }));

let demo: ChildProcess;
let output = '';
let base = '';
let emulatorUrl = '';
let binPath = '';
let cookie = '';
let apiKey = '';

/** A free port that is neither n8n's default nor the emulator's. */
async function nonDefaultPort(): Promise<number> {
	for (;;) {
		const port = await freePort();
		if (port !== 5678 && port !== 4010) return port;
	}
}

async function rest<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${base}${path}`, {
		method,
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'dasgateway-demo-e2e' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const setCookie = response.headers.get('set-cookie');
	if (setCookie) cookie = setCookie.split(';')[0];
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path} answered HTTP ${response.status}: ${text}`);
	return (JSON.parse(text) as { data: T }).data;
}

async function executions(workflowId: string): Promise<StoredExecution[]> {
	const response = await fetch(`${base}/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=100`, {
		headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' },
		signal: AbortSignal.timeout(60_000),
	});
	if (!response.ok)
		throw new Error(`GET /api/v1/executions answered HTTP ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { data: StoredExecution[] }).data;
}

async function deliveries(): Promise<WebhookDelivery[]> {
	const response = await fetch(`${emulatorUrl}/__emulator/webhooks`, { signal: AbortSignal.timeout(30_000) });
	return (await response.json()) as WebhookDelivery[];
}

/**
 * What a browser does with a shopper page: open it with the choice made (an amount for the open-amount link: 1000, whole units in any currency), and
 * follow a redirect to a return URL of the demo's n8n.
 */
async function shopperApproves(pageUrl: string): Promise<void> {
	const page = await fetch(`${pageUrl}?outcome=approve&amount=1000`, {
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000),
	});
	const html = await page.text();
	if (page.status !== 200 && page.status !== 302)
		throw new Error(`${pageUrl}?outcome=approve answered ${page.status}: ${html.slice(0, 500)}`);
	const location = page.headers.get('location');
	if (location?.startsWith(base)) {
		const back = await fetch(location, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
		await back.arrayBuffer();
		expect(back.status).toBe(302);
	}
}

async function execute(workflow: WorkflowInput): Promise<ExecutionResult> {
	const result = await runProcess(process.execPath, [binPath, 'execute', `--id=${workflow.id}`, '--rawOutput'], {
		cwd: DEMO_FOLDER,
		env: n8nEnvironment(DEMO_FOLDER, {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
		}),
		timeoutMs: 3 * 60_000,
		label: `n8n execute --id=${workflow.id}`,
	});
	const run = parseRunOutput(result.stdout) ?? parseRunOutput(result.output);
	return new ExecutionResult(String(workflow.id), result.code, run, result.output, '');
}

const triggerIdOf = (workflow: WorkflowInput) =>
	workflow.nodes.find((node) => node.type === TRIGGER_NODE_TYPE)?.webhookId;

beforeAll(async () => {
	binPath = await ensureN8n();
	const port = await nonDefaultPort();
	const emulatorPort = await nonDefaultPort();
	demo = spawn(
		process.execPath,
		[join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'test', 'n8n', 'demo.ts')],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, DASGATEWAY_DEMO_PORT: String(port), DASGATEWAY_EMULATOR_PORT: String(emulatorPort) },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const editor = await waitFor(
		'the demo to print its editor URL',
		async () => {
			if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}):\n${output.slice(-3000)}`);
			try {
				const owner = JSON.parse(readFileSync(DEMO_PID_FILE, 'utf8')) as { pid: number; editor?: string };
				return owner.editor && output.includes('Press Ctrl-C') ? owner.editor : undefined;
			} catch {
				return undefined;
			}
		},
		{ timeoutMs: 3 * 60_000, intervalMs: 500 },
	);
	base = editor.replace(/\/$/, '');
	expect(base).toBe(`http://127.0.0.1:${port}`);
	emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
	expect(output).toContain(`emulator listening on ${emulatorUrl}`);

	await rest('POST', '/rest/login', { emailOrLdapLoginId: DEFAULT_OWNER.email, password: DEFAULT_OWNER.password });
	const scopes = await rest<string[]>('GET', '/rest/api-keys/scopes');
	apiKey = (await rest<{ rawApiKey: string }>('POST', '/rest/api-keys', { label: 'demo-e2e', scopes, expiresAt: null }))
		.rawApiKey;
});

afterAll(async () => {
	if (!demo || demo.exitCode !== null) return;
	process.kill(-(demo.pid as number), 'SIGINT');
	await waitFor('the demo to stop', async () => (demo.exitCode !== null ? true : undefined), {
		timeoutMs: 60_000,
		intervalMs: 500,
	}).catch(() => process.kill(-(demo.pid as number), 'SIGKILL'));
});

it('runs every example on a non-default port, and every notification reaches the trigger it names there', async () => {
	const published = examples.filter(({ workflow }) => triggerIdOf(workflow));
	expect(published.map(({ file }) => file)).toEqual([
		'examples/purchase-3ds-with-trigger.json',
		'examples/webhook-fulfillment.json',
	]);

	const shopperPages: string[] = [];
	for (const { file, workflow } of examples) {
		const result = await execute(workflow);
		if (!result.ok) throw new Error(`${file} failed in the demo's n8n:\n${result.describe()}`);
		for (const name of result.nodeNames()) {
			for (const item of result.items(name)) {
				for (const key of ['url', 'redirectUrl']) {
					const value = item[key];
					if (typeof value === 'string' && value.startsWith(`${emulatorUrl}/__emulator/`)) shopperPages.push(value);
				}
			}
		}
	}
	// Two payment links and the 3DS purchase of the hosted-page example, the 3DS purchase with the trigger.
	expect(shopperPages).toHaveLength(4);
	for (const page of shopperPages) await shopperApproves(page);

	// Every payment that named a Webhook URL notified the demo's n8n, on its port, and was accepted.
	const sent = await waitFor(
		'the emulator to settle every notification',
		async () => {
			const list = await deliveries();
			return list.length > 0 && list.every((delivery) => delivery.settled) ? list : undefined;
		},
		{ timeoutMs: 60_000, intervalMs: 500 },
	);
	const triggerUrls = new Map(
		published.map(({ workflow }) => [`${base}/webhook/${triggerIdOf(workflow)}/webhook`, String(workflow.id)]),
	);
	for (const delivery of sent) {
		expect({ url: delivery.url, delivered: delivery.delivered }).toEqual({
			url: expect.stringMatching(new RegExp(`^${base}/webhook/`)),
			delivered: true,
		});
		expect(triggerUrls.has(delivery.url)).toBe(true);
	}
	// Both published triggers were notified: example 1's, 4's and 6's payments name the fulfillment trigger, example 8's
	// its own.
	expect(new Set(sent.map((delivery) => delivery.url))).toEqual(new Set(triggerUrls.keys()));

	// Each notified transaction started the workflow it was sent to (the 3DS one through the shopper's return first).
	for (const [url, workflowId] of triggerUrls) {
		const expected = new Set(sent.filter((delivery) => delivery.url === url).map((delivery) => delivery.transactionId));
		const started = await waitFor(
			`workflow ${workflowId} to run for ${expected.size} transaction(s)`,
			async () => {
				const runs = (await executions(workflowId)).filter(
					(execution) => execution.mode === 'webhook' && execution.status === 'success',
				);
				const ids = new Set(
					runs.map((execution) => {
						const trigger = execution.data?.resultData.runData['DasGateway Trigger']?.[0]?.data?.main?.[0]?.[0]
							?.json as Record<string, unknown> | undefined;
						return trigger?.transactionId;
					}),
				);
				return [...expected].every((id) => ids.has(id)) ? ids : undefined;
			},
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		expect(started.size).toBeGreaterThanOrEqual(expected.size);
	}
});
