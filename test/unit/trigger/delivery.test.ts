/**
 * Delivery safety: bounded work on hostile bodies, nothing recorded before the item is built, an answer only
 * once n8n holds the execution, and a seen-events record that survives a restart and is shared between
 * processes (each process simulated by its own copy of the node's modules).
 */
import type { IDataObject } from 'n8n-workflow';

import { DasGatewayTrigger } from '../../../nodes/DasGateway/DasGatewayTrigger.node';
import * as normalize from '../../../nodes/DasGateway/gateway/normalize';
import { DURABLE_KEY, MAX_DURABLE_ENTRIES, SeenEvents } from '../../../nodes/DasGateway/trigger/dedupe';
import { MAX_DEPTH } from '../../../nodes/DasGateway/trigger/payload';
import { filledWebhookSample } from '../../fixtures/invented';
import { transactionStatusResponse as statusSample } from '../../fixtures/manualVerbatim';
import { createWebhookContext } from '../../helpers/webhookContext';
import { noVerification, post, resetMemory, restartProcess, returnWith, run, statusStub } from './util';

beforeEach(resetMemory);

const ID = filledWebhookSample.transaction_details.id;
const DUPLICATE = {
	received: true,
	started: false,
	reason: 'Duplicate: this event was already received',
};
const gatewayRecord = {
	...statusSample,
	transaction_type: 'CAPTURE',
	merchant_details: {
		...statusSample.merchant_details,
		merchant_txn_ref: 'order-1001',
	},
	payment_details: { ...statusSample.payment_details, amount: 10.5 },
	transaction_details: { ...statusSample.transaction_details, id: ID },
};

/** `[[[…1…]]]` nested `levels` deep (2 bytes a level), as text: JSON.stringify of such a value would itself recurse. */
function nestedJson(levels: number): string {
	return '['.repeat(levels) + '1' + ']'.repeat(levels);
}

function withId(id: string) {
	return {
		...filledWebhookSample,
		transaction_details: { ...filledWebhookSample.transaction_details, id },
	};
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('bounded work on the body', () => {
	it('a genuine notification wrapped around 30,000 nested levels is refused 400 with a reason; the clean redelivery starts', async () => {
		const deep = JSON.stringify(filledWebhookSample).replace(/}$/, `,"extra":${nestedJson(30_000)}}`);
		expect(deep.length).toBeLessThan(64 * 1024);
		const refused = await post(deep, { parameters: noVerification });
		expect(refused.status).toBe(400);
		expect(refused.body).toEqual({
			received: false,
			started: false,
			reason: `Too deeply nested: more than ${MAX_DEPTH} levels of objects or arrays`,
		});
		expect(refused.result.workflowData).toBeUndefined();

		const clean = await post(filledWebhookSample, {
			parameters: noVerification,
		});
		expect(clean.status).toBe(200);
		expect(clean.body).toEqual({ received: true, started: true });
		expect(clean.items).toHaveLength(1);
	});

	it('a deep body n8n parsed itself (no raw bytes) is refused the same way', async () => {
		const body = JSON.parse(JSON.stringify(filledWebhookSample)) as IDataObject;
		let cursor: IDataObject = body;
		for (let level = 0; level < 30_000; level++) cursor = cursor.a = {};
		const refused = await run({
			request: { body, webhookName: 'default' },
			parameters: noVerification,
		});
		expect(refused.status).toBe(400);
		expect(refused.body.reason).toMatch(/^Too deeply nested/);
	});

	it('exactly the limit passes, one more level is refused', async () => {
		// The envelope itself is level 1: the extra field adds MAX_DEPTH - 1 levels below it.
		const atLimit = JSON.stringify(filledWebhookSample).replace(/}$/, `,"extra":${nestedJson(MAX_DEPTH - 1)}}`);
		const over = JSON.stringify(filledWebhookSample).replace(/}$/, `,"extra":${nestedJson(MAX_DEPTH)}}`);
		expect((await post(over, { parameters: noVerification })).status).toBe(400);
		expect((await post(atLimit, { parameters: noVerification })).body.started).toBe(true);
	});

	it('a failure while building the item answers 500 and claims nothing: the redelivery starts', async () => {
		const masking = jest.spyOn(normalize, 'redactCardData').mockImplementationOnce(() => {
			throw new RangeError('Maximum call stack size exceeded');
		});
		const failed = await post(filledWebhookSample, { parameters: noVerification });
		expect(failed.status).toBe(500);
		expect(failed.body).toEqual({
			received: false,
			started: false,
			reason: 'Could not process the notification: Maximum call stack size exceeded',
		});
		expect(failed.result.workflowData).toBeUndefined();
		masking.mockRestore();

		const again = await post(filledWebhookSample, { parameters: noVerification });
		expect(again.body).toEqual({ received: true, started: true });
	});
});

describe('eventId', () => {
	it('every item carries <transaction id>|<TYPE>|<outcome>, the same whichever path brought it', async () => {
		const hook = await post(filledWebhookSample, {
			parameters: noVerification,
		});
		expect(hook.items[0].eventId).toBe(`${ID.toLowerCase()}|CAPTURE|approved`);
		resetMemory();
		const back = await returnWith(ID, {
			http: statusStub({ [ID]: { body: gatewayRecord } }),
		});
		expect(back.items[0].eventId).toBe(`${ID.toLowerCase()}|CAPTURE|approved`);
	});
});

describe('eventId is safe to store', () => {
	it('a posted transaction type cannot inject lines into the durable record', async () => {
		const forged = { ...filledWebhookSample, transaction_type: `CAPTURE\n${uuid(9)}|CAPTURE|approved 0` };
		const staticData = new Map<string, IDataObject>();
		const result = await post(forged, { parameters: noVerification, staticData });
		expect(result.items[0].eventId).toMatch(/^[0-9a-f-]{36}\|[A-Z0-9_]*\|[a-z_]+$/);
		expect(Object.keys(durableOf(staticData))).toEqual([result.items[0].eventId]);
	});
});

describe('acknowledging only what n8n holds', () => {
	it('an accepted event is not answered by the node: n8n answers { received, started } after registering the run', async () => {
		const { ctx, response, complete } = createWebhookContext({
			request: { rawBody: JSON.stringify(filledWebhookSample) },
			parameters: noVerification,
		});
		const result = await new DasGatewayTrigger().webhook.call(ctx);
		expect(response.answers).toBe(0);
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, started: true });
		expect(result.workflowData?.[0]).toHaveLength(1);
		complete(result);
		expect(response).toMatchObject({
			statusCode: 200,
			body: { received: true, started: true },
			answers: 1,
		});
	});

	it("the POST webhook sets responseData to '' (n8n 2.8.4 answers the literal text firstEntryJson without it)", () => {
		const webhook = new DasGatewayTrigger().description.webhooks?.find((w) => w.name === 'default');
		expect(webhook).toMatchObject({
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	it('when n8n cannot store the run (it answers 500), the claim is released and the redelivery starts', async () => {
		const failed = await run({
			request: { rawBody: JSON.stringify(filledWebhookSample) },
			parameters: noVerification,
			runFails: true,
		});
		expect(failed.status).toBe(500);
		const redelivery = await post(filledWebhookSample, {
			parameters: noVerification,
		});
		expect(redelivery.body).toEqual({ received: true, started: true });
		// …and after a restart too: the failed attempt was never saved to static data.
		restartProcess();
		expect((await post(filledWebhookSample, { parameters: noVerification })).body).toEqual(DUPLICATE);
	});

	it('a copy arriving while the first is still being registered is a duplicate', async () => {
		const first = createWebhookContext({
			request: { rawBody: JSON.stringify(filledWebhookSample) },
			parameters: noVerification,
		});
		const node = new DasGatewayTrigger();
		const started = await node.webhook.call(first.ctx);
		expect(started.workflowData).toBeDefined();
		const copy = await post(filledWebhookSample, {
			parameters: noVerification,
		});
		expect(copy.body).toEqual(DUPLICATE);
		first.complete(started);
	});

	it('rejections and duplicates are answered at once, by the node', async () => {
		await post(filledWebhookSample, { parameters: noVerification });
		const { ctx, response } = createWebhookContext({
			request: { rawBody: JSON.stringify(filledWebhookSample) },
			parameters: noVerification,
		});
		const result = await new DasGatewayTrigger().webhook.call(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({
			statusCode: 200,
			body: DUPLICATE,
			answers: 1,
		});
	});
});

describe('the durable record (workflow static data)', () => {
	it('survives a restart: a redelivery after it starts nothing', async () => {
		expect((await post(filledWebhookSample, { parameters: noVerification })).body.started).toBe(true);
		restartProcess();
		expect((await post(filledWebhookSample, { parameters: noVerification })).body).toEqual(DUPLICATE);
	});

	it('is not written for rejected, filtered or duplicate deliveries', async () => {
		const staticData = new Map<string, IDataObject>();
		await post({ nonsense: true }, { parameters: noVerification, staticData });
		await post(filledWebhookSample, {
			parameters: { ...noVerification, outcomes: ['declined'] },
			staticData,
		});
		expect(staticData.get('workflow-1')?.['node:DasGateway Trigger']).toEqual({});
	});

	it('a process that loses its write to a concurrent save of another process restores it at its next save', async () => {
		const staticData = new Map<string, IDataObject>();
		const processA = loadNodeInOwnProcess();
		const processB = loadNodeInOwnProcess();
		const deliver = (id: string) =>
			createWebhookContext({
				request: { rawBody: JSON.stringify(withId(id)) },
				parameters: noVerification,
				staticData,
			});

		// A and B both load the empty record; A saves {e1}, then B saves {e2} over it.
		const a1 = deliver(uuid(1));
		const b2 = deliver(uuid(2));
		const resultA1 = await processA.webhook.call(a1.ctx);
		const resultB2 = await processB.webhook.call(b2.ctx);
		a1.complete(resultA1);
		b2.complete(resultB2);
		expect(Object.keys(durableOf(staticData))).toEqual([`${uuid(2)}|CAPTURE|approved`]);

		// A's next accepted event writes back everything it holds, e1 included.
		const a3 = deliver(uuid(3));
		a3.complete(await processA.webhook.call(a3.ctx));
		expect(Object.keys(durableOf(staticData)).sort()).toEqual([1, 2, 3].map((n) => `${uuid(n)}|CAPTURE|approved`));

		// A copy of e1 now reaching B starts nothing.
		const b1 = deliver(uuid(1));
		const copy = await processB.webhook.call(b1.ctx);
		b1.complete(copy);
		expect(copy.workflowData).toBeUndefined();
		expect(b1.response.body).toEqual(DUPLICATE);
	});

	it(`is bounded: the newest ${MAX_DURABLE_ENTRIES} events are kept, and no more are read back`, () => {
		const memory = new SeenEvents();
		const window = 24 * 3_600_000;
		for (let n = 0; n < MAX_DURABLE_ENTRIES + 50; n++) {
			memory.claim(`e${n}`, 1_000 + n, window);
			memory.confirm(`e${n}`);
		}
		const record = memory.toDurable(10_000, window, 'own');
		const keys = record.events.split('\n').map((line) => line.split(' ')[0]);
		expect(keys).toHaveLength(MAX_DURABLE_ENTRIES);
		expect(keys).toContain('own');
		expect(keys).toContain(`e${MAX_DURABLE_ENTRIES + 49}`);
		expect(keys).not.toContain('e50');

		const oversized = {
			v: 1,
			events: Array.from({ length: MAX_DURABLE_ENTRIES + 10 }, (_, n) => `x${n} ${(2_000).toString(36)}`).join('\n'),
		};
		const restarted = new SeenEvents();
		restarted.merge(oversized, 3_000, window);
		expect(restarted.size).toBe(MAX_DURABLE_ENTRIES);
	});

	it('ignores a malformed or foreign record', () => {
		const memory = new SeenEvents();
		for (const junk of [null, 'x', [], { events: [] }, { events: 'nospace\n a\nb zz!!\nc 99999999999' }])
			memory.merge(junk, 1_000, 60_000);
		expect(memory.size).toBe(0);
	});

	it('entries expire with the dedupe window', async () => {
		const clock = jest.spyOn(Date, 'now').mockReturnValue(5_000_000);
		const params = {
			options: { verifyWithGateway: false, dedupeWindowMinutes: 10 },
		};
		await post(filledWebhookSample, { parameters: params });
		restartProcess();
		clock.mockReturnValue(5_000_000 + 10 * 60_000);
		expect((await post(filledWebhookSample, { parameters: params })).body.started).toBe(true);
		clock.mockRestore();
	});
});

function durableOf(staticData: Map<string, IDataObject>): Record<string, number> {
	const node = staticData.get('workflow-1')?.['node:DasGateway Trigger'] as IDataObject;
	const events = ((node?.[DURABLE_KEY] as IDataObject)?.events ?? '') as string;
	return Object.fromEntries(
		events
			.split('\n')
			.filter(Boolean)
			.map((line) => [line.split(' ')[0], parseInt(line.split(' ')[1], 36)]),
	);
}

/** A second n8n process: its own copy of the node's modules, hence its own process memory. */
function loadNodeInOwnProcess(): DasGatewayTrigger {
	let trigger: DasGatewayTrigger | undefined;
	jest.isolateModules(() => {
		const module = require('../../../nodes/DasGateway/DasGatewayTrigger.node') as {
			DasGatewayTrigger: typeof DasGatewayTrigger;
		};
		trigger = new module.DasGatewayTrigger();
	});
	return trigger!;
}
