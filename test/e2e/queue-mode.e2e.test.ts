/**
 * The DasGateway Trigger and action node in n8n 2.8.4's queue mode: PostgreSQL + Redis, `n8n start` (main, also
 * receiving production webhooks), one `n8n webhook` process and two `n8n worker` processes (test/n8n/queue.ts).
 * Deliveries come from the in-process emulator (real purchases, real webhooks, verified against its status call)
 * and directly (copies of the emulator's recorded payloads sent to the other receiving process).
 *
 * Executions are counted in PostgreSQL; each execution's event is found by its eventId in the stored run data.
 * Because an accepted event is answered only after n8n stored and queued its execution, an answered delivery's
 * execution row exists when the answer arrives.
 *
 * The last block measures what the design does not promise (simultaneous copies to two processes, repeats right
 * after a 50/s burst) and writes the figures to .n8n-e2e/queue-mode-figures.json (quoted in BENCHMARKS.md).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { RunningEmulator, WebhookDelivery } from '../emulator/types';
import { REPO_ROOT, TRIGGER_NODE_TYPE, NODE_TYPE, emulatorCredential, type WorkflowInput } from '../n8n/instance';
import { sleep, waitFor } from '../n8n/processes';
import { N8nQueueCluster } from '../n8n/queue';
import { startInProcessEmulator } from './support/harness';
import { directPayment } from './support/payment';

const TRIGGER_WEBHOOK_ID = randomUUID();
const CAPTURE_PATH = `capture-${randomUUID()}`;
const EVENT_ID =
	/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\|(PRE_AUTH|CAPTURE|REFUND|VOID)\|(approved|declined|error)/g;
const credentialRef = { dasGatewayApi: { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' } };

let emulator: RunningEmulator;
let cluster: N8nQueueCluster;
/** A local receiver that answers 200 to the emulator, only to record payloads of events not yet delivered to n8n. */
let sink: http.Server;
let sinkUrl = '';
const ids = { events: '', capture: '' };
const receivers = { main: '', webhook: '' };
/** Events of the first test: transaction id → the payload the emulator delivered and where. */
const firstBatch: Array<{ transactionId: string; payload: unknown; receivedBy: 'main' | 'webhook' }> = [];
const figures: Record<string, unknown> = {};

const eventsWorkflow = (): WorkflowInput => ({
	name: 'queue-mode events',
	nodes: [
		{
			name: 'DasGateway Trigger',
			type: TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: {},
			credentials: credentialRef,
		},
		{ name: 'Fulfill', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
	],
	connections: { 'DasGateway Trigger': { main: [[{ node: 'Fulfill', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

const captureWorkflow = (): WorkflowInput => ({
	name: 'queue-mode bulk capture',
	nodes: [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: CAPTURE_PATH,
			parameters: { httpMethod: 'POST', path: CAPTURE_PATH, responseMode: 'onReceived', options: {} },
		},
		{
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.authorizations', options: {} },
		},
		{
			name: 'Capture',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			parameters: {
				resource: 'transaction',
				operation: 'capture',
				transactionId: '={{ $json.id }}',
				amount: '={{ $json.amount }}',
				additionalFields: {},
			},
			credentials: credentialRef,
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
		'Split Out': { main: [[{ node: 'Capture', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

// ---------------------------------------------------------------- helpers

const triggerUrl = (base: string) => `${base}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;

async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		let parsed: Record<string, unknown> = {};
		try {
			parsed = JSON.parse(text) as Record<string, unknown>;
		} catch {
			parsed = { text };
		}
		return { status: response.status, body: parsed };
	} catch (error) {
		return { status: 0, body: { error: (error as Error).message } };
	}
}

/** A payment on the emulator's gateway API; its webhook goes to `webhookUrl`. Returns the transaction id. */
async function pay(
	webhookUrl: string | null,
	kind: 'payment' | 'authorization' = 'payment',
	amount = '12.34',
): Promise<string> {
	const payment = directPayment(emulator, { kind, amount, ref: `queue-${randomUUID()}`, webhookUrl });
	const response = await fetch(payment.url, {
		method: 'POST',
		headers: payment.headers,
		body: payment.body,
		signal: AbortSignal.timeout(30_000),
	});
	const body = (await response.json()) as { transaction_details?: { id?: string } };
	const id = body.transaction_details?.id;
	if (!id) throw new Error(`Payment failed: HTTP ${response.status} ${JSON.stringify(body)}`);
	return id;
}

/** Starts `count` tasks at `perSecond`, without waiting for one to finish before the next starts. */
async function paced<T>(count: number, perSecond: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const started = Date.now();
	const running: Array<Promise<T>> = [];
	for (let index = 0; index < count; index++) {
		const due = started + (index * 1000) / perSecond;
		if (due > Date.now()) await sleep(due - Date.now());
		running.push(task(index));
	}
	return Promise.all(running);
}

interface ExecutionRow {
	id: string;
	status: string;
	data: string;
}

/** Every execution of a workflow with the eventIds its run data holds. */
async function executionsOf(workflowId: string): Promise<Array<{ id: string; status: string; eventIds: string[] }>> {
	const rows = await cluster.sql<ExecutionRow>(
		`SELECT e.id::text AS id, e.status, COALESCE(d.data, '') AS data
		   FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
		  WHERE e."workflowId" = $1`,
		[workflowId],
	);
	return rows.map((row) => ({
		id: row.id,
		status: row.status,
		eventIds: [...new Set([...row.data.matchAll(EVENT_ID)].map((m) => m[0]))],
	}));
}

/** Waits until every execution of the events workflow has finished and there are at least `count`; returns eventId → executions. */
async function settledEvents(count: number, timeoutMs = 5 * 60_000): Promise<Map<string, number>> {
	const executions = await waitFor(
		`${count} finished executions of the events workflow`,
		async () => {
			const list = await executionsOf(ids.events);
			return list.length >= count &&
				list.every((e) => e.status === 'success' || e.status === 'error' || e.status === 'crashed')
				? list
				: undefined;
		},
		{ timeoutMs, intervalMs: 1_000 },
	);
	const failed = executions.filter((e) => e.status !== 'success');
	if (failed.length > 0)
		throw new Error(
			`${failed.length} executions did not succeed: ${failed
				.slice(0, 3)
				.map((e) => `${e.id} ${e.status}`)
				.join(', ')}`,
		);
	const byEvent = new Map<string, number>();
	for (const execution of executions) {
		if (execution.eventIds.length !== 1)
			throw new Error(`execution ${execution.id} holds ${execution.eventIds.length} eventIds`);
		byEvent.set(execution.eventIds[0], (byEvent.get(execution.eventIds[0]) ?? 0) + 1);
	}
	return byEvent;
}

/** The execution count of the events workflow once no new one appeared for `quietMs` and all finished. */
async function quietCount(quietMs = 3_000): Promise<number> {
	let last = -1;
	let stableSince = Date.now();
	return waitFor(
		'the events workflow to be quiet',
		async () => {
			const list = await executionsOf(ids.events);
			const done = list.every((e) => e.status !== 'new' && e.status !== 'running');
			if (list.length !== last || !done) {
				last = list.length;
				stableSince = Date.now();
				return undefined;
			}
			return Date.now() - stableSince >= quietMs ? list.length : undefined;
		},
		{ timeoutMs: 5 * 60_000, intervalMs: 500 },
	);
}

const eventIdOf = (transactionId: string) => `${transactionId.toLowerCase()}|CAPTURE|approved`;
const deliveriesOf = (transactionIds: Set<string>): WebhookDelivery[] =>
	emulator.deliveries().filter((d) => transactionIds.has(d.transactionId));
const answeredOk = (delivery: WebhookDelivery) =>
	delivery.attempts.some((attempt) => attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300);

/** Payloads of `count` fresh genuine events (their webhooks went to the sink, not to n8n). */
async function freshPayloads(count: number): Promise<Array<{ transactionId: string; payload: unknown }>> {
	const transactionIds = new Set(await paced(count, 100, () => pay(sinkUrl)));
	await waitFor(
		'the sink deliveries',
		async () => (deliveriesOf(transactionIds).filter((d) => d.settled).length >= count ? true : undefined),
		{
			timeoutMs: 60_000,
			intervalMs: 200,
		},
	);
	return deliveriesOf(transactionIds).map((d) => ({ transactionId: d.transactionId, payload: d.payload }));
}

// ---------------------------------------------------------------- setup

beforeAll(async () => {
	emulator = await startInProcessEmulator({ webhooks: { retries: 0, timeoutMs: 30_000 } });
	sink = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
	});
	await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
	sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/sink`;

	cluster = await N8nQueueCluster.create({ name: 'queue-mode', workers: 2 });
	await cluster.n8n.importCredentials([emulatorCredential(emulator.url)]);
	[ids.events, ids.capture] = (
		await cluster.n8n.importWorkflows([eventsWorkflow(), captureWorkflow()], { via: 'cli' })
	).map((w) => w.id);
	// Published before start: every process (main and webhook) reads the published workflows when it starts.
	await cluster.n8n.publishWorkflow(ids.events);
	await cluster.n8n.publishWorkflow(ids.capture);
	await cluster.start();
	await cluster.n8n.setupOwner();
	receivers.main = triggerUrl(cluster.mainUrl);
	receivers.webhook = triggerUrl(cluster.webhookUrl);
}, 15 * 60_000);

afterAll(async () => {
	if (Object.keys(figures).length > 0) {
		mkdirSync(join(REPO_ROOT, '.n8n-e2e'), { recursive: true });
		writeFileSync(join(REPO_ROOT, '.n8n-e2e', 'queue-mode-figures.json'), JSON.stringify(figures, null, 2) + '\n');
		console.log(`queue-mode figures: ${JSON.stringify(figures)}`);
	}
	await cluster?.close();
	await emulator?.close();
	await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
}, 3 * 60_000);

// ---------------------------------------------------------------- the guarantees

describe('n8n queue mode: main + webhook process + 2 workers', () => {
	it('500 genuine distinct events at 20/s over both receiving processes: exactly 500 executions, each event once', async () => {
		const began = Date.now();
		const transactionIds = await paced(500, 20, (index) => pay(index % 2 === 0 ? receivers.main : receivers.webhook));
		await emulator.waitForDeliveries(500, 5 * 60_000);
		const deliveries = deliveriesOf(new Set(transactionIds));
		expect(deliveries).toHaveLength(500);
		const notOk = deliveries.filter((d) => !answeredOk(d));
		expect(notOk.map((d) => d.attempts)).toEqual([]);

		const byEvent = await settledEvents(500);
		expect(byEvent.size).toBe(500);
		expect([...byEvent.values()].every((n) => n === 1)).toBe(true);
		expect(transactionIds.every((id) => byEvent.get(eventIdOf(id)) === 1)).toBe(true);
		for (const delivery of deliveries) {
			firstBatch.push({
				transactionId: delivery.transactionId,
				payload: delivery.payload,
				receivedBy: delivery.url === receivers.main ? 'main' : 'webhook',
			});
		}
		figures.distinct = { events: 500, executions: 500, seconds: Math.round((Date.now() - began) / 1000) };
	});

	it('a copy of 100 of them to the other receiving process, at least 1 s later: 0 more executions', async () => {
		expect(firstBatch).toHaveLength(500);
		const copies = firstBatch.slice(0, 100);
		const before = await quietCount();
		const answers = await paced(copies.length, 20, (index) =>
			postJson(copies[index].receivedBy === 'main' ? receivers.webhook : receivers.main, copies[index].payload),
		);
		expect(answers.filter((a) => a.status !== 200 || a.body.started !== false)).toEqual([]);
		expect(answers.every((a) => a.body.reason === 'Duplicate: this event was already received')).toBe(true);
		expect(await quietCount()).toBe(before);
		figures.spacedCopies = { copies: 100, extraExecutions: 0 };
	});

	it('the webhook process killed (kill -9) mid-stream and restarted: every acknowledged event has its execution; 100 seen events redelivered start nothing', async () => {
		const before = await quietCount();
		let killed: Promise<void> | undefined;
		const transactionIds = await paced(100, 20, async (index) => {
			if (index === 50) killed = cluster.killWebhook();
			return pay(index % 2 === 0 ? receivers.main : receivers.webhook);
		});
		await killed;
		await waitFor(
			'the stream deliveries to settle',
			async () => (deliveriesOf(new Set(transactionIds)).every((d) => d.settled) ? true : undefined),
			{
				timeoutMs: 2 * 60_000,
				intervalMs: 300,
			},
		);
		const deliveries = deliveriesOf(new Set(transactionIds));
		const acknowledged = deliveries.filter(answeredOk);
		expect(acknowledged.length).toBeGreaterThanOrEqual(50);
		expect(deliveries.length - acknowledged.length).toBeGreaterThan(0); // the kill did refuse some

		await cluster.startWebhook();
		const afterStream = await quietCount();
		const byEvent = await settledEvents(afterStream);
		const lost = acknowledged.filter((d) => byEvent.get(eventIdOf(d.transactionId)) !== 1);
		expect(lost.map((d) => d.transactionId)).toEqual([]);

		// Already-seen events (acknowledged in the first test) redelivered to the restarted webhook process.
		const redeliveries = firstBatch.slice(100, 200);
		const answers = await paced(redeliveries.length, 20, (index) =>
			postJson(receivers.webhook, redeliveries[index].payload),
		);
		expect(answers.filter((a) => a.status !== 200 || a.body.started !== false)).toEqual([]);
		expect(await quietCount()).toBe(afterStream);
		figures.restart = {
			streamed: 100,
			acknowledged: acknowledged.length,
			acknowledgedWithoutExecution: lost.length,
			executionsFromStream: afterStream - before,
			redeliveredAfterRestart: 100,
			extraExecutions: 0,
		};
	});

	it('a workflow capturing 200 authorizations runs on a worker: 200 captures, none twice', async () => {
		const authorizations = await paced(200, 100, async () => ({
			id: await pay(null, 'authorization', '20.00'),
			amount: 20,
		}));
		const answer = await postJson(`${cluster.mainUrl}/webhook/${CAPTURE_PATH}`, { authorizations });
		expect(answer.status).toBe(200);
		const [run] = await waitFor(
			'the capture execution',
			async () => {
				const rows = await cluster.sql<{ id: string; status: string }>(
					`SELECT id::text AS id, status FROM execution_entity WHERE "workflowId" = $1`,
					[ids.capture],
				);
				return rows.length === 1 && rows[0].status !== 'new' && rows[0].status !== 'running' ? rows : undefined;
			},
			{ timeoutMs: 5 * 60_000, intervalMs: 1_000 },
		);
		expect(run.status).toBe('success');
		const authorized = new Set(authorizations.map((a) => a.id));
		const captures = emulator
			.transactions()
			.filter((t) => t.type === 'CAPTURE' && t.parentId !== undefined && authorized.has(t.parentId));
		expect(captures).toHaveLength(200);
		expect(new Set(captures.map((c) => c.parentId)).size).toBe(200);
		expect(captures.every((c) => c.approved)).toBe(true);
		const ranOn = cluster
			.workerLogs()
			.map((log, index) => (log.includes(`Worker started execution ${run.id}`) ? `worker${index + 1}` : null))
			.filter(Boolean);
		figures.bulkCapture = { items: 200, captures: captures.length, ranOn };
	});
});

// ---------------------------------------------------------------- what the design does not promise (measured)

describe('measured, not promised', () => {
	it('simultaneous copies to both receiving processes', async () => {
		const events = await freshPayloads(50);
		const before = await quietCount();
		const answers = await Promise.all(
			events.flatMap((event) => [postJson(receivers.main, event.payload), postJson(receivers.webhook, event.payload)]),
		);
		expect(answers.every((a) => a.status === 200)).toBe(true);
		const after = await quietCount();
		const started = answers.filter((a) => a.body.started === true).length;
		expect(after - before).toBe(started);
		expect(after - before).toBeGreaterThanOrEqual(50);
		figures.simultaneousCopies = { events: 50, executions: after - before, duplicatesLetThrough: after - before - 50 };
	});

	it('repeats to the other process right after (and 1 s after) a burst of 50 deliveries per second', async () => {
		const events = await freshPayloads(100);
		const before = await quietCount();
		const immediate: Array<{ status: number; body: Record<string, unknown> }> = [];
		await paced(events.length, 50, async (index) => {
			const target = index % 2 === 0 ? receivers.main : receivers.webhook;
			const other = index % 2 === 0 ? receivers.webhook : receivers.main;
			const first = await postJson(target, events[index].payload);
			expect(first.status).toBe(200);
			// The repeat follows the first answer at once: the burst is still going on.
			immediate.push(await postJson(other, events[index].payload));
		});
		const afterImmediate = await quietCount();
		await sleep(1_000);
		const spaced = await Promise.all(
			events.map((event, index) => postJson(index % 2 === 0 ? receivers.webhook : receivers.main, event.payload)),
		);
		const afterSpaced = await quietCount();
		expect(afterImmediate - before).toBeGreaterThanOrEqual(100);
		figures.burst = {
			events: 100,
			perSecond: 50,
			duplicatesFromImmediateRepeats: afterImmediate - before - 100,
			duplicatesFromRepeatsOneSecondLater: afterSpaced - afterImmediate,
			spacedAnswers: spaced.filter((a) => a.body.started === true).length,
		};
	});
});
