/**
 * The DasGateway Trigger in a published workflow of a real `n8n start`, fed by the in-process emulator's real
 * webhooks and shopper pages. Uses the examples as the harness imports them (webhook-fulfillment.json,
 * purchase-3ds-with-trigger.json, authorize-capture-refund.json): n8n runs on a free port, not the examples' 5678,
 * and the import points their http://127.0.0.1:5678 URLs at it.
 *
 * Production URLs of a node webhook with a webhookId (n8n 2.8.4): `<base>/webhook/<webhookId>/<path>`, so the
 * trigger answers on `/webhook/<webhookId>/webhook` (POST) and `/webhook/<webhookId>/return` (GET).
 *
 * Counting executions exactly: n8n answers a node that set `noWebhookResponse` BEFORE it creates the execution,
 * so a settled delivery does not mean its execution is visible yet. Each count is therefore taken after a
 * barrier: a POST to a plain Webhook workflow whose own execution is awaited; every execution an earlier
 * request could have started was handed to n8n's runner before that request was answered, so before the
 * barrier was even sent.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import {
	EXAMPLE_N8N_URL,
	REPO_ROOT,
	readWorkflowFile,
	type StoredExecution,
	type WorkflowInput,
} from '../n8n/instance';
import { waitFor } from '../n8n/processes';
import { setupE2e, type E2eContext } from './support/harness';
import { directPayment } from './support/payment';

const FULFILLMENT_FILE = join(REPO_ROOT, 'examples', 'webhook-fulfillment.json');
const THREE_DS_FILE = join(REPO_ROOT, 'examples', 'purchase-3ds-with-trigger.json');
const AUTHORIZE_FILE = join(REPO_ROOT, 'examples', 'authorize-capture-refund.json');
const TRIGGER = 'DasGateway Trigger';
const BARRIER_PATH = `barrier-${randomUUID()}`;

let e2e: E2eContext;
let base: string;
const ids = { fulfillment: '', threeDs: '', barrier: '' };
const urls = { fulfillment: '', threeDsReturn: '' };
let barrierCount = 0;

function webhookIdOf(workflow: WorkflowInput): string {
	const trigger = workflow.nodes.find((node) => node.name === TRIGGER);
	if (!trigger || typeof trigger.webhookId !== 'string')
		throw new Error(`${workflow.name} has no ${TRIGGER} with a webhookId`);
	return trigger.webhookId;
}

beforeAll(async () => {
	// No retries: a refused delivery stays refused, so each test knows how many deliveries to wait for.
	e2e = await setupE2e({ name: 'trigger', server: true, emulator: { webhooks: { retries: 0 } } });
	base = e2e.n8n.baseUrl;
	const fulfillment = readWorkflowFile(FULFILLMENT_FILE);
	const threeDs = readWorkflowFile(THREE_DS_FILE);
	const barrier: WorkflowInput = {
		name: 'barrier',
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: BARRIER_PATH,
				parameters: { httpMethod: 'POST', path: BARRIER_PATH, responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	[ids.fulfillment, ids.threeDs, ids.barrier] = (await e2e.n8n.importWorkflows([fulfillment, threeDs, barrier])).map(
		(w) => w.id,
	);
	for (const id of Object.values(ids)) await e2e.n8n.publishWorkflow(id);
	// Readiness answers before webhooks are registered: wait for each one.
	urls.fulfillment = await e2e.n8n.waitForWebhook(`${webhookIdOf(fulfillment)}/webhook`, { method: 'POST' });
	await e2e.n8n.waitForWebhook(`${webhookIdOf(threeDs)}/webhook`, { method: 'POST' });
	urls.threeDsReturn = await e2e.n8n.waitForWebhook(`${webhookIdOf(threeDs)}/return`, { method: 'GET' });
	await e2e.n8n.waitForWebhook(BARRIER_PATH, { method: 'POST' });
	expect(urls.fulfillment).toBe(`${base}/webhook/${webhookIdOf(fulfillment)}/webhook`);
});

afterAll(async () => {
	await e2e?.close();
});

beforeEach(() => {
	e2e.emulator.reset();
	e2e.emulator.configure({ webhooks: { duplicates: 0, retries: 0, delayMs: 0 } });
});

// ---------------------------------------------------------------- helpers (local to this file)

async function http(
	url: string,
	init: RequestInit = {},
): Promise<{ status: number; body: unknown; location: string | null }> {
	const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000), ...init });
	const text = await response.text();
	let body: unknown = text;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON
	}
	return { status: response.status, body, location: response.headers.get('location') };
}

const postJson = (url: string, body: unknown, contentType = 'application/json') =>
	http(url, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});

/** A purchase straight on the emulator's gateway API (what the shop's backend would do). Returns the transaction id. */
async function purchase({
	card = '4111111111111111',
	ref,
	amount = '12.34',
	webhookUrl,
}: {
	card?: string;
	ref: string;
	amount?: string;
	webhookUrl?: string;
}) {
	const payment = directPayment(e2e.emulator, { amount, ref, card, webhookUrl });
	const response = await http(payment.url, { method: 'POST', headers: payment.headers, body: payment.body });
	const id = (response.body as { transaction_details?: { id?: string } }).transaction_details?.id;
	if (!id) throw new Error(`Purchase failed: HTTP ${response.status} ${JSON.stringify(response.body)}`);
	return id;
}

/** Every execution of a workflow that its webhook started, with the trigger's item; after a barrier, all finished. */
async function webhookRuns(
	workflowId: string,
): Promise<Array<{ execution: StoredExecution; event: Record<string, unknown> }>> {
	barrierCount += 1;
	const answer = await postJson(`${base}/webhook/${BARRIER_PATH}`, { barrier: barrierCount });
	expect(answer.status).toBe(200);
	await waitFor(
		`barrier execution ${barrierCount}`,
		async () =>
			(await e2e.n8n.executions({ workflowId: ids.barrier })).filter((e) => e.finished || e.status === 'success')
				.length >= barrierCount
				? true
				: undefined,
		{ timeoutMs: 60_000, intervalMs: 300 },
	);
	const executions = await waitFor(
		`every execution of workflow ${workflowId} to finish`,
		async () => {
			const list = (await e2e.n8n.executions({ workflowId, includeData: true })).filter((e) => e.mode === 'webhook');
			return list.every((e) => e.status === 'success' || e.status === 'error') ? list : undefined;
		},
		{ timeoutMs: 60_000, intervalMs: 300 },
	);
	return executions.map((execution) => ({
		execution,
		event: (execution.data?.resultData.runData[TRIGGER]?.[0]?.data?.main?.[0]?.[0]?.json ?? {}) as Record<
			string,
			unknown
		>,
	}));
}

async function runsFor(workflowId: string, transactionId: string) {
	return (await webhookRuns(workflowId)).filter((run) => run.event.transactionId === transactionId);
}

function outputOf(execution: StoredExecution, node: string): Array<Record<string, unknown>> | undefined {
	return execution.data?.resultData.runData[node]?.[0]?.data?.main?.[0]?.map(
		(item) => item.json as Record<string, unknown>,
	);
}

/** Replaces every string equal to a key of `swap` (anywhere in the payload) by its value. */
function rewrite(value: unknown, swap: Record<string, string>): unknown {
	if (typeof value === 'string') return swap[value] ?? value;
	if (Array.isArray(value)) return value.map((entry) => rewrite(entry, swap));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, swap)]));
	return value;
}

// ---------------------------------------------------------------- the tests

describe('webhook-fulfillment example, published', () => {
	it('a genuine notification starts exactly one execution, verified, and the approved capture is fulfilled', async () => {
		// The example's own "Try It" chain, run with n8n execute beside the server, makes the payment.
		const sent = await e2e.n8n.execute(ids.fulfillment);
		if (!sent.ok) throw new Error(`The test purchase failed:\n${sent.describe()}`);
		const [payment] = sent.items('Test Purchase');
		expect(payment).toMatchObject({ outcome: 'approved', transactionType: 'CAPTURE', amount: 49.9 });
		const transactionId = payment.transactionId as string;

		const [delivery] = await e2e.emulator.waitForDeliveries(1, 30_000);
		expect(delivery).toMatchObject({ url: urls.fulfillment, transactionId, delivered: true });
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([200]);

		const runs = await runsFor(ids.fulfillment, transactionId);
		expect(runs).toHaveLength(1);
		const [{ execution, event }] = runs;
		expect(execution.status).toBe('success');
		expect(event).toMatchObject({
			verified: true,
			source: 'webhook',
			transactionId,
			transactionType: 'CAPTURE',
			outcome: 'approved',
			amount: 49.9,
			merchantTxnRef: payment.merchantTxnRef,
		});
		expect(outputOf(execution, 'Fulfill Order')).toEqual([
			{ fulfil: true, orderRef: payment.merchantTxnRef, amount: 49.9, currency: event.currency, transactionId },
		]);
		expect(outputOf(execution, 'No Fulfillment')).toBeUndefined();
	});

	it('a declined payment starts one execution that takes the "No Fulfillment" branch', async () => {
		const transactionId = await purchase({
			card: '4000000000000002',
			ref: `declined-${randomUUID().slice(0, 8)}`,
			webhookUrl: urls.fulfillment,
		});
		const [delivery] = await e2e.emulator.waitForDeliveries(1, 30_000);
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([200]);
		const runs = await runsFor(ids.fulfillment, transactionId);
		expect(runs).toHaveLength(1);
		expect(runs[0].event).toMatchObject({ verified: true, outcome: 'declined', transactionType: 'CAPTURE' });
		expect(outputOf(runs[0].execution, 'Fulfill Order')).toBeUndefined();
		expect(outputOf(runs[0].execution, 'No Fulfillment')).toEqual([
			expect.objectContaining({ fulfil: false, reason: 'CAPTURE declined', transactionId }),
		]);
	});

	it('duplicated deliveries (extra copies, a redelivery, a replay) start nothing more', async () => {
		e2e.emulator.configure({ webhooks: { duplicates: 2, retries: 0, delayMs: 0 } });
		const ref = `dup-${randomUUID().slice(0, 8)}`;
		const transactionId = await purchase({ ref, webhookUrl: urls.fulfillment });
		const copies = await e2e.emulator.waitForDeliveries(3, 30_000);
		expect(copies.map((delivery) => delivery.copy).sort()).toEqual([0, 1, 2]);
		for (const delivery of copies) expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([200]);

		const redelivered = await http(`${e2e.emulator.url}/__emulator/webhooks/${copies[0].id}/redeliver`, {
			method: 'POST',
		});
		expect(redelivered.status).toBeLessThan(300);
		const all = await e2e.emulator.waitForDeliveries(4, 30_000);
		expect(
			all.filter((delivery) => delivery.redeliveryOf === copies[0].id).map((d) => d.attempts.map((a) => a.status)),
		).toEqual([[200]]);

		// The same body posted once more: the trigger says why it started nothing.
		const replay = await postJson(urls.fulfillment, copies[0].payload);
		expect(replay).toMatchObject({
			status: 200,
			body: { received: true, started: false, reason: expect.stringMatching(/^Duplicate/) },
		});

		const runs = await runsFor(ids.fulfillment, transactionId);
		expect(runs).toHaveLength(1);
		expect(runs[0].event).toMatchObject({ verified: true, merchantTxnRef: ref });
	});

	it('spoofed notifications are refused with 403 and a reason, start nothing, and do not block the genuine one', async () => {
		// A real payment whose notification we capture (it starts its own execution), to forge from.
		const modelRef = `model-${randomUUID().slice(0, 8)}`;
		const modelId = await purchase({ ref: modelRef, webhookUrl: urls.fulfillment });
		const [model] = await e2e.emulator.waitForDeliveries(1, 30_000);
		// A second real payment that nobody has notified yet (no webhook_url).
		const quietRef = `quiet-${randomUUID().slice(0, 8)}`;
		const quietId = await purchase({ ref: quietRef });
		const genuine = rewrite(model.payload, { [modelId]: quietId, [modelRef]: quietRef }) as Record<string, unknown>;

		const unknownId = randomUUID();
		const unknown = await postJson(urls.fulfillment, rewrite(model.payload, { [modelId]: unknownId }));
		expect(unknown.status).toBe(403);
		expect(unknown.body).toMatchObject({
			received: false,
			started: false,
			reason: expect.stringContaining(`no transaction ${unknownId}`),
		});

		const tampered = rewrite(genuine, { '12.34': '1234.00' });
		expect(JSON.stringify(tampered)).not.toBe(JSON.stringify(genuine));
		const forged = await postJson(urls.fulfillment, tampered);
		expect(forged.status).toBe(403);
		expect(forged.body).toMatchObject({
			received: false,
			started: false,
			reason: expect.stringMatching(/^Not verified: .*amount 1234 ≠ gateway's 12\.34/),
		});

		// The genuine notification of the same transaction still starts it.
		const real = await postJson(urls.fulfillment, genuine);
		expect(real).toMatchObject({ status: 200, body: { received: true, started: true } });

		const runs = await webhookRuns(ids.fulfillment);
		expect(runs.filter((run) => run.event.transactionId === unknownId)).toHaveLength(0);
		expect(runs.filter((run) => run.event.transactionId === quietId).map((run) => run.event)).toEqual([
			expect.objectContaining({ verified: true, amount: 12.34, merchantTxnRef: quietRef }),
		]);
		expect(runs.filter((run) => run.event.transactionId === modelId)).toHaveLength(1);
	});

	it('malformed JSON is refused (422 by n8n as application/json, 400 by the trigger as text/plain) and starts nothing', async () => {
		const before = (await webhookRuns(ids.fulfillment)).length;
		const truncated = '{"transaction_details": {"id": "';
		const asJson = await postJson(urls.fulfillment, truncated, 'application/json');
		expect(asJson.status).toBe(422);
		const asText = await postJson(urls.fulfillment, truncated, 'text/plain');
		expect(asText.status).toBe(400);
		expect(asText.body).toMatchObject({
			received: false,
			started: false,
			reason: expect.stringMatching(/^Malformed JSON/),
		});
		const notObject = await postJson(urls.fulfillment, '[1,2,3]');
		expect(notObject).toMatchObject({ status: 400, body: { reason: 'The body must be a JSON object, got an array' } });
		expect((await webhookRuns(ids.fulfillment)).length).toBe(before);
	});
});

describe('purchase-3ds-with-trigger example, published', () => {
	it("the shopper's return starts exactly one execution (source redirect) and lands on the success page; the later webhook starts nothing", async () => {
		// Hold the emulator's notification back so the shopper's return is first (the order the test is about).
		e2e.emulator.configure({ webhooks: { duplicates: 0, retries: 0, delayMs: 8_000 } });
		const started = await e2e.n8n.execute(ids.threeDs);
		if (!started.ok) throw new Error(`The 3DS purchase failed:\n${started.describe()}`);
		const [pending] = started.items('Start 3D Secure Purchase');
		expect(pending).toMatchObject({ outcome: 'pending', approved: false, amount: 1000, currency: 'JPY' });
		expect(pending.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__emulator\/3ds\//);

		// The shopper approves on the 3DS page, which sends the browser to the trigger's return URL.
		const page = await http(`${pending.redirectUrl as string}?outcome=approve`);
		expect(page.status).toBe(302);
		const back = new URL(page.location as string);
		expect(`${back.origin}${back.pathname}`).toBe(urls.threeDsReturn);
		const transactionId = back.searchParams.get('transaction_reference') as string;
		expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);

		// The browser follows: the trigger verifies, starts the workflow and sends it on to the shop's page.
		const landed = await http(page.location as string);
		expect(landed.status).toBe(302);
		expect(landed.location).toBe(`https://shop.example/thank-you?transaction_reference=${transactionId}`);
		// A reload of the return page goes to the same place and starts nothing.
		const reload = await http(page.location as string);
		expect(reload).toMatchObject({ status: 302, location: landed.location });

		// Then the gateway's notification arrives: acknowledged, nothing more started.
		const [notification] = await e2e.emulator.waitForDeliveries(1, 30_000);
		expect(notification).toMatchObject({ transactionId, delivered: true });
		expect(notification.attempts.map((attempt) => attempt.status)).toEqual([200]);

		const runs = await runsFor(ids.threeDs, transactionId);
		expect(runs).toHaveLength(1);
		expect(runs[0].execution.status).toBe('success');
		expect(runs[0].event).toMatchObject({
			source: 'redirect',
			verified: true,
			outcome: 'approved',
			transactionType: 'CAPTURE',
			amount: 1000,
		});
		expect(outputOf(runs[0].execution, 'Record Payment Result')).toEqual([
			expect.objectContaining({ transactionId, approved: true, amount: 1000, source: 'redirect' }),
		]);
	});

	it('a return without a known transaction goes to the failure page and starts nothing', async () => {
		const before = (await webhookRuns(ids.threeDs)).length;
		const unknownId = randomUUID();
		const unknown = await http(`${urls.threeDsReturn}?transaction_reference=${unknownId}`);
		expect(unknown).toMatchObject({
			status: 302,
			location: `https://shop.example/payment-failed?transaction_reference=${unknownId}`,
		});
		const none = await http(urls.threeDsReturn);
		expect(none).toMatchObject({ status: 302, location: 'https://shop.example/payment-failed' });
		expect((await webhookRuns(ids.threeDs)).length).toBe(before);
	});
});

describe('examples imported as they are: their URLs follow this n8n', () => {
	it('n8n runs on another port than the examples name, and the stored workflows carry its address', async () => {
		expect(base).not.toBe(EXAMPLE_N8N_URL);
		for (const id of [ids.fulfillment, ids.threeDs]) {
			const stored = JSON.stringify((await e2e.n8n.rest('GET', `/rest/workflows/${id}`)).data);
			expect(stored).not.toContain(EXAMPLE_N8N_URL);
			expect(stored).toContain(`${base}/webhook/`);
		}
	});

	it("authorize-capture-refund: the authorization, the capture and the refund each reach the fulfillment example's trigger", async () => {
		const { id } = await e2e.n8n.importWorkflow(AUTHORIZE_FILE);
		const result = await e2e.n8n.execute(id);
		if (!result.ok) throw new Error(`authorize-capture-refund failed:\n${result.describe()}`);
		expect(result.items('Refund')).toEqual([
			expect.objectContaining({ outcome: 'approved', transactionType: 'REFUND' }),
		]);

		const deliveries = await e2e.emulator.waitForDeliveries(3, 30_000);
		expect(deliveries.map((delivery) => [delivery.url, delivery.attempts.map((attempt) => attempt.status)])).toEqual([
			[urls.fulfillment, [200]],
			[urls.fulfillment, [200]],
			[urls.fulfillment, [200]],
		]);
		const notified = new Set(deliveries.map((delivery) => delivery.transactionId));
		const runs = (await webhookRuns(ids.fulfillment)).filter((run) => notified.has(run.event.transactionId as string));
		expect(runs.map((run) => run.event.transactionType).sort()).toEqual(['CAPTURE', 'PRE_AUTH', 'REFUND']);
		for (const run of runs) expect(run.execution.status).toBe('success');
		const capture = runs.find((run) => run.event.transactionType === 'CAPTURE')!;
		expect(outputOf(capture.execution, 'Fulfill Order')).toEqual([
			expect.objectContaining({ fulfil: true, amount: 100 }),
		]);
	});
});
