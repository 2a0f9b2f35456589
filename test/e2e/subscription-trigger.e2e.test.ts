/**
 * The DasGateway Subscription Trigger in a published workflow of a real `n8n start`, polling every minute against
 * the in-process emulator. Activation runs the first poll (it records and emits nothing); the emulator's API and its
 * advance control then change subscriptions, and the executions n8n records must carry each resulting event once.
 *
 * Wall time: n8n's per-minute poll fires at a random second, so each round waits for at most one poll (≤ 60 s).
 * Round 1 makes every kind of change but resume; round 2 resumes, which proves round 1's events were not repeated
 * by the poll that emits it.
 */
import type { IDataObject } from 'n8n-workflow';

import { PACKAGE_NAME, type StoredExecution, type WorkflowInput } from '../n8n/instance';
import { waitFor } from '../n8n/processes';
import { api, subscriptionBody } from '../emulator/testkit';
import { emulatorCredentialRef, setupE2e, type E2eContext } from './support/harness';

const TRIGGER = 'DasGateway Subscription Trigger';
let e2e: E2eContext;
let workflowId: string;

beforeAll(async () => {
	e2e = await setupE2e({ name: 'subscription-trigger', server: true });
});

afterAll(async () => {
	await e2e?.close();
});

let references = 0;
/** A subscription created through the gateway API (default plan: 1-day cycle, 10 % off the first cycle). */
async function createSubscription(maxCycles: number): Promise<string> {
	const body = subscriptionBody(
		e2e.emulator,
		{ max_cycle_count: maxCycles },
		{ merchant_txn_ref: `sub-trigger-${++references}` },
	);
	const response = await api(e2e.emulator, 'POST', '/subscription/payment', body);
	if (response.status !== 201) throw new Error(`create: HTTP ${response.status} ${JSON.stringify(response.json)}`);
	return (response.json as { subscription_details: { id: string } }).subscription_details.id;
}

async function change(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<void> {
	const response = await api(e2e.emulator, 'GET', `/subscription/${id}/${action}`);
	if (response.status !== 200) throw new Error(`${action}: HTTP ${response.status}`);
}

function triggerWorkflow(): WorkflowInput {
	return {
		name: 'subscription events',
		nodes: [
			{
				name: TRIGGER,
				type: `${PACKAGE_NAME}.dasGatewaySubscriptionTrigger`,
				typeVersion: 1,
				position: [0, 0],
				credentials: emulatorCredentialRef,
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, renewalWindowDays: 3 },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const itemsOf = (execution: StoredExecution): IDataObject[] =>
	(execution.data?.resultData.runData[TRIGGER]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json as IDataObject);

/** Every event item of every finished execution so far, oldest execution first. */
async function emitted(): Promise<IDataObject[]> {
	const executions = await e2e.n8n.executions({ workflowId, includeData: true });
	return executions
		.filter((execution) => execution.status === 'success')
		.sort((a, b) => Number(a.id) - Number(b.id))
		.flatMap(itemsOf);
}

async function waitForEvents(count: number): Promise<IDataObject[]> {
	return await waitFor(
		`${count} subscription event(s) from the polling trigger`,
		async () => {
			const items = await emitted();
			return items.length >= count ? items : undefined;
		},
		{ timeoutMs: 150_000, intervalMs: 1000 },
	);
}

const summary = (items: IDataObject[]) => items.map((item) => `${item.event} ${item.subscriptionId}`).sort();

describe('DasGateway Subscription Trigger in a real n8n', () => {
	it('records on activation, then emits each change of the gateway once', async () => {
		e2e.emulator.reset();
		const toPause = await createSubscription(10);
		const toCancel = await createSubscription(10);
		const toDecline = await createSubscription(10);
		const toComplete = await createSubscription(2);

		workflowId = (await e2e.n8n.importWorkflow(triggerWorkflow())).id;
		await e2e.n8n.publishWorkflow(workflowId); // runs the first poll: records, emits nothing
		expect(await emitted()).toEqual([]);

		// Round 1: every kind of change but resume.
		const created = await createSubscription(10);
		await change(toPause, 'pause');
		await change(toCancel, 'cancel');
		await e2e.emulator.advanceSubscription(toDecline, { outcome: 'decline' });
		await e2e.emulator.advanceSubscription(toComplete);
		const round1 = await waitForEvents(8);
		expect(summary(round1)).toEqual(
			[
				`created ${created}`,
				`paymentSucceeded ${created}`,
				`renewalDue ${created}`, // a 1-day cycle: due within the 3 days
				`paused ${toPause}`,
				`cancelled ${toCancel}`,
				`paymentFailed ${toDecline}`,
				`paymentSucceeded ${toComplete}`,
				`completed ${toComplete}`,
			].sort(),
		);
		const failed = round1.find((item) => item.event === 'paymentFailed') as IDataObject;
		expect(failed).toMatchObject({
			subscriptionId: toDecline,
			status: 'ACTIVE',
			previousStatus: 'ACTIVE',
			lastPaymentStatus: 'FAILED',
			payment: { cycle: 2, status: 'FAILED', currency: 'JPY' },
		});
		expect(failed.eventId).toBe(`${toDecline}:paymentFailed:${(failed.payment as IDataObject).transactionId}`);
		expect(failed.occurredAt).toBe((failed.payment as IDataObject).date);
		expect(round1.find((item) => item.event === 'paused')).toMatchObject({
			status: 'PAUSED',
			previousStatus: 'ACTIVE',
			eventId: `${toPause}:paused:1`,
		});
		expect(round1.find((item) => item.event === 'completed')).toMatchObject({
			status: 'COMPLETED',
			eventId: `${toComplete}:completed:final`,
		});

		// Round 2: the poll that sees the resume emits it alone; nothing of round 1 comes again.
		await change(toPause, 'resume');
		const all = await waitForEvents(9);
		expect(all).toHaveLength(9);
		expect(all[8]).toMatchObject({
			event: 'resumed',
			subscriptionId: toPause,
			previousStatus: 'PAUSED',
			eventId: `${toPause}:resumed:2`,
		});
		expect(new Set(all.map((item) => item.eventId)).size).toBe(9);
	});
});
