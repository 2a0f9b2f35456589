/** Subscription → Report through the node, against subscriptions the node itself created in the emulator. */
import { startEmulator, type RunningEmulator } from '../../emulator';
import { api } from '../../emulator/testkit';
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
async function create(changes: Record<string, unknown>): Promise<string> {
	const { output } = await runNode({
		baseUrl: emulator.url,
		executionId: `report-${++executions}`,
		parameters: subscriptionParameters(changes),
	});
	return (output[0].json.subscription as { subscriptionId: string }).subscriptionId;
}

const report = (changes: Record<string, unknown> = {}) =>
	runNode({ baseUrl: emulator.url, parameters: { resource: 'subscription', operation: 'report', ...changes } });

async function seed() {
	const ids = {
		monthlyUsd: await create({ planName: 'Monthly USD', amount: 12, currency: 'USD' }),
		weeklyUsd: await create({
			planName: 'Weekly USD',
			amount: 7.5,
			currency: 'USD',
			cycleType: 'DAYS',
			cycleInterval: 7,
		}),
		discountJpy: await create({
			planName: 'Discounted JPY',
			amount: 1000,
			currency: 'JPY',
			hasDiscount: true,
			discountPercentage: 10,
			discountDuration: 2,
		}),
		pausedEur: await create({ planName: 'Paused EUR', amount: 20, currency: 'EUR' }),
		cancelledEur: await create({ planName: 'Cancelled EUR', amount: 5, currency: 'EUR' }),
		declinedUsd: await create({
			planName: 'Declined USD',
			amount: 3.33,
			currency: 'USD',
			cycleType: 'DAYS',
			cycleInterval: 30,
			maxCycles: 2,
		}),
	};
	expect((await api(emulator, 'GET', `/subscription/${ids.pausedEur}/pause`)).status).toBe(200);
	expect((await api(emulator, 'GET', `/subscription/${ids.cancelledEur}/cancel`)).status).toBe(200);
	await emulator.advanceSubscription(ids.declinedUsd, { outcome: 'decline' });
	return ids;
}

describe('Subscription → Report', () => {
	it('summarizes every subscription in one item with exact figures', async () => {
		const ids = await seed();
		const { output, calls } = await report({ period: 'last24Hours', renewalWindowDays: 7 });
		expect(calls.map((call) => call.url)).toEqual([expect.stringMatching(/\/subscription\/list$/)]);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		const item = output[0].json;
		expect(item.total).toBe(6);
		expect(item.countsByStatus).toEqual({ ACTIVE: 4, PAUSED: 1, CANCELLED: 1, COMPLETED: 0 });
		expect(item.recurring).toEqual({
			// cycle 2 of a two-cycle 10 % discount: 900
			JPY: { subscriptions: 1, perCycle: 900, monthly: 900, notNormalised: 0 },
			// 12 + 7.50 + 3.33 per cycle; monthly 12 + 7.50 × 1461/336 (32.6116…) + 3.33 × 1461/1440 (3.3785…) = 47.99
			USD: { subscriptions: 3, perCycle: 22.83, monthly: 47.99, notNormalised: 0 },
		});
		// Every first payment is in the last 24 hours (the JPY one discounted), and the declined cycle 2.
		expect(item.collected).toEqual({
			EUR: { count: 2, amount: 25 },
			JPY: { count: 1, amount: 900 },
			USD: { count: 3, amount: 22.83 },
		});
		expect(item.failed).toEqual({ USD: { count: 1, amount: 3.33 } });
		expect((item.started as { count: number }).count).toBe(6);
		expect((item.renewalsDue as Array<{ subscriptionId: string }>).map((entry) => entry.subscriptionId)).toEqual([
			ids.weeklyUsd,
		]);
		expect(item.renewalsDue).toEqual([
			expect.objectContaining({
				plan: 'Weekly USD',
				cycle: 2,
				amount: 7.5,
				currency: 'USD',
				overdue: false,
				lastCycle: false,
			}),
		]);
		expect(item.lastCycle).toEqual([
			expect.objectContaining({ subscriptionId: ids.declinedUsd, cycle: 2, maxCycles: 2 }),
		]);
		expect(item.lastPaymentFailed).toEqual([
			expect.objectContaining({ subscriptionId: ids.declinedUsd, amount: 3.33, currency: 'USD' }),
		]);
		expect(String(item.text).split('\n').slice(0, 3)).toEqual([
			'Subscriptions: 6 (ACTIVE 4, PAUSED 1, CANCELLED 1, COMPLETED 0)',
			'Recurring (ACTIVE): 900 JPY per cycle, 900 JPY monthly; 22.83 USD per cycle, 47.99 USD monthly',
			expect.stringMatching(
				/^Last 24 hours \(.*\): collected 25.00 EUR \(2\), 900 JPY \(1\), 22.83 USD \(3\); failed 3.33 USD \(1\); started 6$/,
			),
		]);
		expect(item.figures).toMatchObject({ total: 6, active: 4, recurringMonthlyUSD: 47.99, failedAmountUSD: 3.33 });
	});

	it('outputs one item per row, each paired to its input', async () => {
		await seed();
		const { output } = await report({ output: 'rows' });
		expect(output.every((row) => (row.pairedItem as { item: number }).item === 0)).toBe(true);
		const recurring = output.map((row) => row.json).filter((row) => row.section === 'recurring');
		expect(recurring).toEqual([
			expect.objectContaining({ key: 'JPY', currency: 'JPY', count: 1, amount: 900, monthly: 900 }),
			expect.objectContaining({ key: 'USD', currency: 'USD', count: 3, amount: 22.83, monthly: 47.99 }),
		]);
	});

	it('takes a custom period', async () => {
		await seed();
		const { output } = await report({
			period: 'custom',
			periodFrom: '2020-01-01T00:00:00Z',
			periodTo: '2020-02-01T00:00:00Z',
		});
		expect(output[0].json).toMatchObject({ collected: {}, failed: {}, started: { count: 0, subscriptions: [] } });
		expect(output[0].json.period).toMatchObject({
			kind: 'custom',
			from: '2020-01-01T00:00:00.000Z',
			to: '2020-02-01T00:00:00.000Z',
		});
	});

	it('refuses a period out of order or a bad window before calling the gateway', async () => {
		const order = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: {
				resource: 'subscription',
				operation: 'report',
				period: 'custom',
				periodFrom: '2026-02-01',
				periodTo: '2026-01-01',
			},
		});
		expect(order.error.message).toBe('To must be after "From" [item 0]');
		expect(order.calls).toHaveLength(0);
		const window = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: { resource: 'subscription', operation: 'report', renewalWindowDays: '7 days' },
		});
		expect(window.error.message).toMatch(/^Renewals Due Within \(Days\) must be a number .*\[item 0\]$/);
		expect(window.calls).toHaveLength(0);
	});
});
