import { startEmulator, type RunningEmulator } from '../../emulator';
import { runNode, runNodeExpectingError, subscriptionParameters } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

let executions = 0;
async function createSubscription(changes: Record<string, unknown> = {}) {
	return await runNode({
		baseUrl: emulator.url,
		executionId: `sub-${++executions}`,
		parameters: subscriptionParameters(changes),
	});
}

const subscriptionCall = (operation: string, subscriptionId: string, changes: Record<string, unknown> = {}) => ({
	resource: 'subscription',
	operation,
	subscriptionId,
	...changes,
});

describe('Subscription → Create', () => {
	it('sends the plan with only the fields that apply and returns the first payment with the subscription', async () => {
		const { output, calls } = await createSubscription();
		expect(calls[0].url).toMatch(/\/subscription\/payment$/);
		expect((calls[0].body as Record<string, unknown>).subscription).toEqual({
			plan_name: 'Monthly box',
			plan_desc: 'One box a month',
			cycle_type: 'MONTHS',
			subscription_end_type: 'CYCLE',
			cycle_interval: 1,
			max_cycle_count: 12,
			has_trial_period: false,
			has_discount: false,
		});
		expect(output[0].json).toMatchObject({ outcome: 'approved', approved: true });
		const subscription = output[0].json.subscription as Record<string, unknown>;
		expect(subscription.subscriptionId).toEqual(expect.any(String));
		expect(subscription.status).toBe('ACTIVE');
	});

	it('sends max cycles, trial and discount when they apply', async () => {
		const { calls, output } = await createSubscription({
			endType: 'CYCLE',
			maxCycles: 3,
			cycleType: 'DAYS',
			cycleInterval: 7,
			hasTrialPeriod: true,
			trialDurationType: 'DAYS',
			trialDuration: 14,
			hasDiscount: true,
			discountPercentage: 12.5,
			discountDuration: 2,
		});
		expect((calls[0].body as Record<string, unknown>).subscription).toMatchObject({
			subscription_end_type: 'CYCLE',
			max_cycle_count: 3,
			has_trial_period: true,
			trial_period_duration_type: 'DAYS',
			trial_period_duration: 14,
			has_discount: true,
			discount_percentage: 12.5,
			discount_duration: 2,
		});
		expect((output[0].json.subscription as Record<string, unknown>).maxCycles).toBe(3);
	});

	it('leaves out trial and discount values the editor hides (toggles off)', async () => {
		const { calls } = await createSubscription({
			hasTrialPeriod: false,
			trialDuration: 5,
			hasDiscount: false,
			discountPercentage: 50,
			maxCycles: 4,
		});
		const plan = (calls[0].body as Record<string, Record<string, unknown>>).subscription;
		expect(plan).not.toHaveProperty('trial_period_duration');
		expect(plan).not.toHaveProperty('discount_percentage');
		expect(plan.max_cycle_count).toBe(4);
	});
});

describe('Subscription → Get, Pause, Resume, Cancel, Get Many', () => {
	it('walks a subscription through pause, resume and cancel', async () => {
		const created = await createSubscription();
		const id = (created.output[0].json.subscription as Record<string, string>).subscriptionId;

		const get = await runNode({ baseUrl: emulator.url, parameters: subscriptionCall('get', id) });
		expect(get.calls[0]).toMatchObject({ method: 'GET' });
		expect(get.calls[0].url).toMatch(new RegExp(`/subscription/${id}$`));
		expect(get.output).toHaveLength(1);
		expect(get.output[0].json).toMatchObject({ subscriptionId: id, status: 'ACTIVE', plan: { name: 'Monthly box' } });

		const paused = await runNode({ baseUrl: emulator.url, parameters: subscriptionCall('pause', id) });
		expect(paused.calls[0].url).toMatch(/\/pause$/);
		expect(paused.output[0].json).toMatchObject({ subscriptionId: id, status: 'PAUSED' });

		const pausedAgain = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: subscriptionCall('pause', id),
		});
		expect(pausedAgain.error.httpCode).toBe('412');

		const resumed = await runNode({ baseUrl: emulator.url, parameters: subscriptionCall('resume', id) });
		expect(resumed.output[0].json).toMatchObject({ subscriptionId: id, status: 'ACTIVE' });

		const cancelled = await runNode({ baseUrl: emulator.url, parameters: subscriptionCall('cancel', id) });
		expect(cancelled.output[0].json).toMatchObject({ subscriptionId: id, status: 'CANCELLED' });
	});

	it('get many: one item per subscription, filtered by status and currency, cut to the limit', async () => {
		const ids: string[] = [];
		for (const currency of ['USD', 'USD', 'EUR']) {
			const { output } = await createSubscription({ currency });
			ids.push((output[0].json.subscription as Record<string, string>).subscriptionId);
		}
		await runNode({ baseUrl: emulator.url, parameters: subscriptionCall('pause', ids[0]) });

		const all = await runNode({
			baseUrl: emulator.url,
			parameters: { resource: 'subscription', operation: 'getMany', returnAll: true },
		});
		expect(all.calls[0].url).toMatch(/\/subscription\/list$/);
		expect(all.output.map((item) => item.json.subscriptionId).sort()).toEqual([...ids].sort());
		expect(all.output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);

		const limited = await runNode({
			baseUrl: emulator.url,
			parameters: { resource: 'subscription', operation: 'getMany', returnAll: false, limit: 2 },
		});
		expect(limited.output).toHaveLength(2);

		const active = await runNode({
			baseUrl: emulator.url,
			parameters: { resource: 'subscription', operation: 'getMany', returnAll: true, filters: { status: ['ACTIVE'] } },
		});
		expect(active.output.map((item) => item.json.subscriptionId).sort()).toEqual([ids[1], ids[2]].sort());

		const euro = await runNode({
			baseUrl: emulator.url,
			parameters: { resource: 'subscription', operation: 'getMany', returnAll: true, filters: { currency: 'eur' } },
		});
		expect(euro.output.map((item) => item.json.subscriptionId)).toEqual([ids[2]]);

		const raw = await runNode({
			baseUrl: emulator.url,
			parameters: {
				resource: 'subscription',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: { status: ['PAUSED'] },
			},
		});
		expect(raw.output).toHaveLength(1);
		expect(raw.output[0].json).toMatchObject({ id: ids[0], status: 'PAUSED' });
	});

	it('404 for an unknown subscription', async () => {
		const { error } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: subscriptionCall('get', '00000000-0000-4000-8000-000000000000'),
		});
		expect(error.httpCode).toBe('404');
	});
});
