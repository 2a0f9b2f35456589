/** Exactly-once starts: the seen memory, its window and bound, and that only accepted events are remembered. */
import { SeenEvents, eventKey } from '../../../nodes/DasGateway/trigger/dedupe';
import { declinedSample, filledWebhookSample } from '../../fixtures/invented';
import { transactionStatusResponse as statusSample } from '../../fixtures/manualVerbatim';
import { post, resetMemory, returnWith, statusStub } from './util';

beforeEach(resetMemory);
afterEach(() => jest.restoreAllMocks());

const ID = filledWebhookSample.transaction_details.id;
const approvedRecord = {
	...statusSample,
	transaction_type: 'CAPTURE',
	merchant_details: { ...statusSample.merchant_details, merchant_txn_ref: 'order-1001' },
	payment_details: { ...statusSample.payment_details, amount: 10.5 },
	transaction_details: { ...statusSample.transaction_details, id: ID },
};
const declinedRecord = {
	...approvedRecord,
	success: false,
	gateway_response: { version: '1', type: 'ERROR', message: 'Payment Declined.', code: 'ERR1005' },
	payment_details: { ...approvedRecord.payment_details, response_code: 5 },
};

describe('duplicates', () => {
	it('the same event again is acknowledged 200 and starts nothing (without asking the gateway again)', async () => {
		const gateway = statusStub({ [ID]: { body: approvedRecord } });
		const first = await post(filledWebhookSample, { http: gateway });
		expect(first.body).toEqual({ received: true, started: true });
		const second = await post(filledWebhookSample, { http: gateway });
		expect(second.status).toBe(200);
		expect(second.body).toEqual({
			received: true,
			started: false,
			reason: 'Duplicate: this event was already received',
		});
		expect(second.result.workflowData).toBeUndefined();
		expect(second.gatewayCalls).toBe(0);
	});

	it('a different outcome of the same transaction starts again', async () => {
		const approved = await post(filledWebhookSample, { parameters: { options: { verifyWithGateway: false } } });
		const declined = await post(
			{ ...declinedSample, transaction_details: { ...declinedSample.transaction_details, id: ID } },
			{ parameters: { options: { verifyWithGateway: false } } },
		);
		expect(approved.body.started).toBe(true);
		expect(declined.body.started).toBe(true);
		expect(declined.items[0]).toMatchObject({ transactionId: ID, outcome: 'declined' });
	});

	it('memory is per workflow and node', async () => {
		const off = { options: { verifyWithGateway: false } };
		expect((await post(filledWebhookSample, { parameters: off, workflowId: 'wf-1', nodeId: 'a' })).body.started).toBe(
			true,
		);
		expect((await post(filledWebhookSample, { parameters: off, workflowId: 'wf-1', nodeId: 'b' })).body.started).toBe(
			true,
		);
		expect((await post(filledWebhookSample, { parameters: off, workflowId: 'wf-2', nodeId: 'a' })).body.started).toBe(
			true,
		);
		expect((await post(filledWebhookSample, { parameters: off, workflowId: 'wf-1', nodeId: 'a' })).body.started).toBe(
			false,
		);
	});

	it('after the window the same event starts again; window 0 turns dedupe off', async () => {
		const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
		const params = { options: { verifyWithGateway: false, dedupeWindowMinutes: 10 } };
		expect((await post(filledWebhookSample, { parameters: params })).body.started).toBe(true);
		clock.mockReturnValue(1_000_000 + 9 * 60_000);
		expect((await post(filledWebhookSample, { parameters: params })).body.started).toBe(false);
		clock.mockReturnValue(1_000_000 + 10 * 60_000);
		expect((await post(filledWebhookSample, { parameters: params })).body.started).toBe(true);

		const off = { options: { verifyWithGateway: false, dedupeWindowMinutes: 0 } };
		expect((await post(filledWebhookSample, { parameters: off, workflowId: 'w0' })).body.started).toBe(true);
		expect((await post(filledWebhookSample, { parameters: off, workflowId: 'w0' })).body.started).toBe(true);
	});

	it('a rejected delivery does not poison: a forged copy refused first, then the genuine one starts', async () => {
		const gateway = statusStub({ [ID]: { body: approvedRecord } });
		const forged = await post(
			{ ...filledWebhookSample, payment_details: { ...filledWebhookSample.payment_details, amount: '0.01' } },
			{ http: gateway },
		);
		expect(forged.status).toBe(403);
		const secretMissing = await post(filledWebhookSample, {
			http: gateway,
			parameters: { options: { sharedSecret: 'x' } },
		});
		expect(secretMissing.status).toBe(401);
		const genuine = await post(filledWebhookSample, { http: gateway });
		expect(genuine.body.started).toBe(true);
	});

	it('the key is the gateway\'s record: a notification claiming "approved" for a declined transaction starts the declined event once', async () => {
		const gateway = statusStub({ [ID]: { body: declinedRecord } });
		const first = await post(filledWebhookSample, { http: gateway });
		expect(first.items[0]).toMatchObject({ outcome: 'declined', verified: true });
		const again = await post(filledWebhookSample, { http: gateway });
		expect(again.body.started).toBe(false);
	});

	it('concurrent copies start once', async () => {
		const gateway = statusStub({ [ID]: { body: approvedRecord } });
		const results = await Promise.all([1, 2, 3, 4].map(() => post(filledWebhookSample, { http: gateway })));
		expect(results.filter((r) => r.body.started)).toHaveLength(1);
		expect(results.every((r) => r.status === 200)).toBe(true);
	});

	it('webhook then redirect (and redirect then webhook) of the same event start one execution', async () => {
		const gateway = statusStub({ [ID]: { body: approvedRecord } });
		const pages = { successRedirectUrl: 'https://shop.test/ok', failureRedirectUrl: 'https://shop.test/ko' };
		const hook = await post(filledWebhookSample, { http: gateway, parameters: pages });
		const back = await returnWith(ID, { http: gateway, parameters: pages });
		expect(hook.body.started).toBe(true);
		expect(back.items).toHaveLength(0);
		expect(back.redirect).toEqual({ status: 302, url: `https://shop.test/ok?transaction_reference=${ID}` });

		resetMemory();
		const back2 = await returnWith(ID, { http: gateway, parameters: pages });
		const hook2 = await post(filledWebhookSample, { http: gateway, parameters: pages });
		expect(back2.items).toHaveLength(1);
		expect(hook2.body).toEqual({
			received: true,
			started: false,
			reason: 'Duplicate: this event was already received',
		});
	});
});

describe('the seen memory', () => {
	it('is bounded: the oldest entries leave first', () => {
		const memory = new SeenEvents(3);
		const window = 60_000;
		for (const key of ['a', 'b', 'c', 'd']) expect(memory.claim(key, 1000, window)).toBe(true);
		expect(memory.size).toBe(3);
		expect(memory.has('a', 1000, window)).toBe(false); // pushed out
		expect(memory.has('d', 1000, window)).toBe(true);
		expect(memory.claim('b', 1000, window)).toBe(false);
	});

	it('default bound is 10 000 entries', () => {
		const memory = new SeenEvents();
		for (let i = 0; i < 10_050; i++) memory.claim(`k${i}`, 0, 60_000);
		expect(memory.size).toBe(10_000);
		expect(memory.has('k0', 0, 60_000)).toBe(false);
		expect(memory.has('k10049', 0, 60_000)).toBe(true);
	});

	it('drops expired entries as it goes', () => {
		const memory = new SeenEvents();
		memory.claim('old', 0, 1000);
		memory.claim('new', 5000, 1000);
		expect(memory.size).toBe(1);
	});

	it('keys ignore id case and type case', () => {
		expect(eventKey('ABC', 'capture', 'approved')).toBe(eventKey('abc', 'CAPTURE', 'approved'));
		expect(eventKey('abc', 'CAPTURE', 'approved')).not.toBe(eventKey('abc', 'CAPTURE', 'declined'));
	});
});
