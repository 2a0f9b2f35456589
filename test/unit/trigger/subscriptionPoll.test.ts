/**
 * The Subscription Trigger's poll() against the in-process emulator, through the real credential and transport: the
 * emulator's own API and its advance control make the changes, and each poll must emit each of them once.
 */
import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';

import { DasGatewaySubscriptionTrigger } from '../../../nodes/DasGateway/DasGatewaySubscriptionTrigger.node';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { api, subscriptionBody } from '../../emulator/testkit';
import { createHttpWithCredentials, emulatorCredentials } from '../../helpers/httpWithCredentials';

const node = new DasGatewaySubscriptionTrigger();
let emulator: RunningEmulator;

beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
	await emulator.close();
});

beforeEach(() => emulator.reset());

function pollContext(
	options: { mode?: 'trigger' | 'manual'; parameters?: IDataObject; staticData?: IDataObject } = {},
) {
	const staticData = options.staticData ?? {};
	const { httpRequestWithAuthentication, calls } = createHttpWithCredentials(emulatorCredentials(emulator.url));
	const nodeData: INode = {
		id: 'sub-trigger',
		name: 'DasGateway Subscription Trigger',
		type: 'n8n-nodes-dasgateway.dasGatewaySubscriptionTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const ctx = {
		getNodeParameter: (name: string, fallback?: unknown) =>
			options.parameters && name in options.parameters ? options.parameters[name] : fallback,
		getNode: () => nodeData,
		getMode: () => options.mode ?? 'trigger',
		getCredentials: async () => emulatorCredentials(emulator.url),
		getWorkflowStaticData: () => staticData,
		helpers: { httpRequestWithAuthentication },
	} as unknown as IPollFunctions;
	return { ctx, staticData, calls };
}

async function poll(ctx: IPollFunctions) {
	const result = await node.poll.call(ctx);
	return result === null ? null : result[0].map((item) => item.json);
}

async function createSubscription(plan: Record<string, unknown> = {}): Promise<string> {
	const reference = `sub-${Math.random().toString(36).slice(2, 10)}`;
	const response = await api(
		emulator,
		'POST',
		'/subscription/payment',
		subscriptionBody(emulator, plan, { merchant_txn_ref: reference }),
	);
	expect(response.status).toBe(201);
	return (response.json as { subscription_details: { id: string } }).subscription_details.id;
}

const summary = (items: IDataObject[] | null) =>
	(items ?? []).map((item) => [item.event, item.subscriptionId, item.previousStatus]);

describe('DasGateway Subscription Trigger poll', () => {
	it('records on the first poll, then emits each change of the gateway once', async () => {
		const toPause = await createSubscription({ max_cycle_count: 10 });
		const toCancel = await createSubscription({ max_cycle_count: 10 });
		const toDecline = await createSubscription({ max_cycle_count: 10 });
		const toComplete = await createSubscription({ max_cycle_count: 2 });
		const { ctx, staticData } = pollContext({ parameters: { renewalWindowDays: 0 } });

		expect(await poll(ctx)).toBeNull();
		expect(Object.keys((staticData.subscriptionWatch as { subscriptions: object }).subscriptions)).toHaveLength(4);

		const created = await createSubscription({ max_cycle_count: 10 });
		expect((await api(emulator, 'GET', `/subscription/${toPause}/pause`)).status).toBe(200);
		expect((await api(emulator, 'GET', `/subscription/${toCancel}/cancel`)).status).toBe(200);
		await emulator.advanceSubscription(toDecline, { outcome: 'decline' });
		await emulator.advanceSubscription(toComplete);

		const items = await poll(ctx);
		expect(summary(items).sort()).toEqual(
			[
				['created', created, null],
				['paymentSucceeded', created, 'ACTIVE'],
				['paused', toPause, 'ACTIVE'],
				['cancelled', toCancel, 'ACTIVE'],
				['paymentFailed', toDecline, 'ACTIVE'],
				['paymentSucceeded', toComplete, 'ACTIVE'],
				['completed', toComplete, 'ACTIVE'],
			].sort(),
		);
		const failed = items!.find((item) => item.event === 'paymentFailed')!;
		expect(failed).toMatchObject({
			subscriptionId: toDecline,
			status: 'ACTIVE',
			lastPaymentStatus: 'FAILED',
			eventId: `${toDecline}:paymentFailed:${(failed.payment as IDataObject).transactionId}`,
			payment: { cycle: 2, status: 'FAILED' },
		});
		expect(failed.occurredAt).toBe((failed.payment as IDataObject).date);
		expect(items!.find((item) => item.event === 'paused')).toMatchObject({
			eventId: `${toPause}:paused:1`,
			status: 'PAUSED',
			payment: null,
		});

		expect(await poll(ctx)).toBeNull();
	});

	it('emits only the chosen events, and does not emit the others later', async () => {
		const subscription = await createSubscription({ max_cycle_count: 10 });
		const { ctx, staticData } = pollContext({ parameters: { events: ['paused'] } });
		expect(await poll(ctx)).toBeNull();
		await createSubscription();
		await api(emulator, 'GET', `/subscription/${subscription}/pause`);
		expect(summary(await poll(ctx))).toEqual([['paused', subscription, 'ACTIVE']]);
		const all = pollContext({ staticData });
		expect(await poll(all.ctx)).toBeNull();
	});

	it('records nothing when the gateway cannot be read, so the next poll still emits the change', async () => {
		const subscription = await createSubscription({ max_cycle_count: 10 });
		const { ctx, staticData } = pollContext();
		await poll(ctx);
		const before = JSON.stringify(staticData);
		await api(emulator, 'GET', `/subscription/${subscription}/cancel`);
		emulator.injectFault({ fault: '500', path: '/subscription/list' });
		await expect(poll(ctx)).rejects.toThrow(/HTTP 500/);
		expect(JSON.stringify(staticData)).toBe(before);
		expect(summary(await poll(ctx))).toEqual([['cancelled', subscription, 'ACTIVE']]);
	});

	it('shows the most recent dated change in a manual run without touching the kept state', async () => {
		const { ctx, staticData } = pollContext({ mode: 'manual' });
		await expect(poll(ctx)).rejects.toThrow('No subscription event to show yet');
		const subscription = await createSubscription({ max_cycle_count: 10 });
		await emulator.advanceSubscription(subscription, { outcome: 'decline' });
		const [item] = (await poll(ctx))!;
		expect(item).toMatchObject({
			event: 'paymentFailed',
			subscriptionId: subscription,
			payment: { cycle: 2, status: 'FAILED' },
		});
		expect(staticData).toEqual({});
	});

	it('refuses an unknown event or a bad number of days before calling the gateway', async () => {
		const bad = pollContext({ parameters: { events: ['paused', 'refunded'] } });
		await expect(poll(bad.ctx)).rejects.toThrow(/^Events must be among /);
		const days = pollContext({ parameters: { renewalWindowDays: '3.5' } });
		await expect(poll(days.ctx)).rejects.toThrow(/^Renewal Due Within \(Days\) must be a whole number/);
		expect(bad.calls).toHaveLength(0);
		expect(days.calls).toHaveLength(0);
	});
});
