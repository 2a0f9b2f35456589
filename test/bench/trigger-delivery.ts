/**
 * Per-delivery cost of the DasGateway Trigger in a real n8n 2.8.4, single process (regular mode, SQLite), the
 * way most users run it, for this build against another (e.g. the previous commit's). Boots two n8n, so run it
 * under the n8n lock:
 *
 *   flock /tmp/dasgateway-n8n.lock npx tsx test/bench/trigger-delivery.ts <otherPackageDir> [thisPackageDir]
 *
 * Both n8n run at once and receive the same genuine notifications (verified against the in-process emulator)
 * alternately, one at a time, so background load hits both alike. Per build and case it reports the CPU time
 * the n8n process spent per delivery (receiving, verifying, storing and running the execution; from
 * /proc/<pid>/stat) and the answer time as the gateway sees it; once with an empty seen-events record and once
 * with a full one (2,000 entries already in static data). Prints one JSON line per build and case. Asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

import { startEmulator } from '../emulator';
import { emulatorCredential, N8nInstance, REPO_ROOT, TRIGGER_NODE_TYPE, type WorkflowInput } from '../n8n/instance';
import { waitFor } from '../n8n/processes';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 300);
const WARMUP = 30;
const packages = { other: resolve(process.argv[2] ?? ''), this: resolve(process.argv[3] ?? REPO_ROOT) };
if (!process.argv[2]) throw new Error('usage: trigger-delivery.ts <otherPackageDir> [thisPackageDir]');

/** CPU time (ms) a process has used so far: utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms. */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
		.replace(/^.*\) /, '')
		.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

function workflow(webhookId: string, prefilled: number): WorkflowInput {
	const now = Date.now();
	// The record as this build stores it (nodes/DasGateway/trigger/dedupe.ts); the previous build never reads it.
	const lines: string[] = [];
	for (let n = 0; n < prefilled; n++) lines.push(`${randomUUID()}|CAPTURE|approved ${(now - n).toString(36)}`);
	return {
		name: `bench ${prefilled}`,
		nodes: [
			{
				name: 'DasGateway Trigger',
				type: TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: {},
				credentials: { dasGatewayApi: { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' } },
			},
			{ name: 'Fulfill', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'DasGateway Trigger': { main: [[{ node: 'Fulfill', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		...(prefilled > 0
			? { staticData: { 'node:DasGateway Trigger': { seenEvents: { v: 1, events: lines.join('\n') } } } }
			: {}),
	};
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Side {
	label: keyof typeof packages;
	n8n: N8nInstance;
	workflowIds: string[];
	pid: number;
}

async function startSide(
	label: keyof typeof packages,
	emulatorUrl: string,
	cases: Array<{ webhookId: string; prefilled: number }>,
): Promise<Side> {
	const n8n = await N8nInstance.create({
		name: `bench-trigger-${label}`,
		packageDir: packages[label],
		log: () => undefined,
	});
	await n8n.importCredentials([emulatorCredential(emulatorUrl)]);
	const imported = await n8n.importWorkflows(
		cases.map((c) => workflow(c.webhookId, c.prefilled)),
		{ via: 'cli' },
	);
	for (const w of imported) await n8n.publishWorkflow(w.id);
	await n8n.start();
	await n8n.setupOwner();
	const pid = (n8n as unknown as { server: { pid: number } }).server.pid;
	return { label, n8n, workflowIds: imported.map((w) => w.id), pid };
}

async function genuinePayloads(emulator: Awaited<ReturnType<typeof startEmulator>>, count: number): Promise<unknown[]> {
	const ids: string[] = [];
	for (let n = 0; n < count; n++) {
		const response = await fetch(`${emulator.url}/api/v1/server-to-server-interface/payment`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: `Basic ${emulator.encodedApiKey}`,
				'x-api-key': emulator.xApiKey,
			},
			body: JSON.stringify({
				amount: '12.34',
				currency: 'SGD',
				merchant_id: emulator.merchantId,
				merchant_txn_ref: `bench-${randomUUID()}`,
				customer_ip: '203.0.113.9',
				time_zone: 'Asia/Singapore',
				card: { number: '4111111111111111', name: 'Ada Lovelace', cvc: '123', expiry_month: '12', expiry_year: '34' },
				billing_address: {
					country: 'SG',
					email: 'ada@example.com',
					phone_number: '6591234567',
					address1: '1 Main St',
					city: 'Singapore',
					state: 'SG',
					postal_code: '018956',
				},
				// The emulator's webhook goes nowhere (port 9): we keep its payload and deliver it ourselves.
				return_url: {
					webhook_url: 'http://127.0.0.1:9/void',
					success_url: 'https://shop.test/ok',
					decline_url: 'https://shop.test/ko',
				},
			}),
		});
		ids.push(((await response.json()) as { transaction_details: { id: string } }).transaction_details.id);
	}
	await waitFor(
		'the emulator deliveries',
		async () => (emulator.deliveries().every((d) => d.settled) ? true : undefined),
		{ timeoutMs: 60_000, intervalMs: 100 },
	);
	const payloads = new Map(emulator.deliveries().map((d) => [d.transactionId, d.payload]));
	return ids.map((id) => payloads.get(id));
}

async function deliver(url: string, payload: unknown): Promise<number> {
	const started = performance.now();
	const answer = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(payload),
	});
	const body = (await answer.json()) as { started?: boolean };
	if (answer.status !== 200 || body.started !== true)
		throw new Error(`${url} answered ${answer.status} ${JSON.stringify(body)}`);
	return performance.now() - started;
}

async function finished(side: Side, workflowId: string, count: number): Promise<void> {
	await waitFor(
		`${count} executions on ${side.label}`,
		async () =>
			(await side.n8n.executions({ workflowId, limit: 250, status: 'success' })).length >= Math.min(count, 250)
				? true
				: undefined,
		{ timeoutMs: 300_000, intervalMs: 200 },
	);
}

async function main() {
	const emulator = await startEmulator({ port: 0, webhooks: { retries: 0 } });
	const cases = [
		{ label: 'empty record', webhookId: randomUUID(), prefilled: 0 },
		{ label: 'full record (2,000)', webhookId: randomUUID(), prefilled: 2_000 },
	];
	const sides: Side[] = [];
	try {
		sides.push(await startSide('other', emulator.url, cases));
		sides.push(await startSide('this', emulator.url, cases));
		for (const [index, benchCase] of cases.entries()) {
			const payloads = await genuinePayloads(emulator, DELIVERIES + WARMUP);
			const urls = sides.map((side) => `${side.n8n.baseUrl}/webhook/${benchCase.webhookId}/webhook`);
			for (const payload of payloads.slice(0, WARMUP)) for (const url of urls) await deliver(url, payload);
			for (const side of sides) await finished(side, side.workflowIds[index], WARMUP);
			const cpuBefore = sides.map((side) => cpuMs(side.pid));
			const answers: number[][] = sides.map(() => []);
			for (const [n, payload] of payloads.slice(WARMUP).entries()) {
				// Alternate who goes first, so neither always meets the other's leftover work.
				const order = n % 2 === 0 ? [0, 1] : [1, 0];
				for (const s of order) answers[s].push(await deliver(urls[s], payload));
			}
			// The newest 250 executions are enough to see that all have finished (they finish in order here).
			for (const side of sides) await finished(side, side.workflowIds[index], DELIVERIES + WARMUP);
			sides.forEach((side, s) => {
				const sorted = answers[s].sort((a, b) => a - b);
				console.log(
					JSON.stringify({
						build: side.label,
						package: packages[side.label],
						case: benchCase.label,
						deliveries: DELIVERIES,
						cpuMsPerDelivery: +((cpuMs(side.pid) - cpuBefore[s]) / DELIVERIES).toFixed(2),
						answerMsMean: +(sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(2),
						answerMsP50: +percentile(sorted, 50).toFixed(2),
						answerMsP95: +percentile(sorted, 95).toFixed(2),
					}),
				);
			});
		}
	} finally {
		for (const side of sides) await side.n8n.close();
		await emulator.close();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
