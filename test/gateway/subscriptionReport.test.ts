import { Fraction, discountMinor, formatMinor, fromMinor, toMinor } from '../../nodes/DasGateway/gateway/money';
import { normalizeSubscriptionList } from '../../nodes/DasGateway/gateway/normalize';
import {
	ReportPeriodError,
	buildSubscriptionReport,
	reportRows,
	resolvePeriod,
} from '../../nodes/DasGateway/gateway/subscriptionReport';
import { wireSubscriptionList, type WireSubscriptionSpec } from '../fixtures/subscriptions';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Eight subscriptions: three currencies plus KWD, a trial, a discount, DAYS and MONTHS cycles, every status. */
const SPECS: WireSubscriptionSpec[] = [
	{
		id: id(1),
		status: 'ACTIVE',
		name: 'Monthly USD',
		amount: 12,
		ccy: 'USD',
		cycleType: 'MONTHLY',
		interval: 1,
		maxCycles: 24,
		completed: 1,
		nextCycle: 2,
		nextDate: '2026-12-30T10:00:00.000Z',
		transactions: [{ id: 't1-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-30T10:00:00.000Z', amount: 12 }],
	},
	{
		id: id(2),
		status: 'ACTIVE',
		name: 'Weekly USD',
		amount: 7.5,
		ccy: 'USD',
		cycleType: 'DAYS',
		interval: 7,
		maxCycles: 24,
		completed: 2,
		nextCycle: 3,
		nextDate: '2026-12-05T09:00:00.000Z',
		transactions: [
			{ id: 't2-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-20T09:00:00.000Z', amount: 7.5 },
			{ id: 't2-2', cycle: 2, status: 'SUCCESSFUL', date: '2026-11-27T09:00:00.000Z', amount: 7.5 },
		],
	},
	{
		id: id(3),
		status: 'ACTIVE',
		name: 'Discounted JPY',
		amount: 1000,
		ccy: 'JPY',
		cycleType: 'MONTHLY',
		interval: 1,
		maxCycles: 12,
		discount: { percentage: 10, duration: 2 },
		completed: 1,
		nextCycle: 2,
		nextDate: '2026-12-29T08:00:00.000Z',
		transactions: [{ id: 't3-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-29T08:00:00.000Z', amount: 900 }],
	},
	{
		id: id(4),
		status: 'ACTIVE',
		name: 'Trial USD',
		amount: 5.25,
		ccy: 'USD',
		cycleType: 'MONTHLY',
		interval: '',
		maxCycles: 24,
		trialDays: 14,
		completed: 1,
		nextCycle: 2,
		nextDate: '2026-12-14T07:00:00.000Z',
		transactions: [{ id: 't4-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-16T07:00:00.000Z', amount: 5.25 }],
	},
	{
		id: id(5),
		status: 'PAUSED',
		name: 'Paused USD',
		amount: 20,
		ccy: 'USD',
		cycleType: 'MONTHLY',
		interval: 1,
		maxCycles: 24,
		completed: 1,
		nextCycle: 2,
		nextDate: '2026-12-02T00:00:00.000Z',
		transactions: [{ id: 't5-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-02T00:00:00.000Z', amount: 20 }],
	},
	{
		id: id(6),
		status: 'CANCELLED',
		name: 'Cancelled JPY',
		amount: 500,
		ccy: 'JPY',
		cycleType: 'DAYS',
		interval: 30,
		maxCycles: 24,
		completed: 1,
		nextCycle: 2,
		nextDate: '2026-12-01T00:00:00.000Z',
		transactions: [{ id: 't6-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-01T00:00:00.000Z', amount: 500 }],
	},
	{
		id: id(7),
		status: 'COMPLETED',
		name: 'Completed EUR',
		amount: 9.99,
		ccy: 'EUR',
		cycleType: 'DAYS',
		interval: 1,
		maxCycles: 2,
		completed: 2,
		nextCycle: '',
		nextDate: '',
		transactions: [
			{ id: 't7-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-11-28T06:00:00.000Z', amount: 9.99 },
			{ id: 't7-2', cycle: 2, status: 'SUCCESSFUL', date: '2026-11-29T06:00:00.000Z', amount: 9.99 },
		],
	},
	{
		id: id(8),
		status: 'ACTIVE',
		name: 'Quarterly KWD',
		amount: 1.005,
		ccy: 'KWD',
		cycleType: 'MONTHLY',
		interval: 3,
		maxCycles: 2,
		completed: 1,
		nextCycle: 2,
		nextDate: '2026-12-01T05:00:00.000Z',
		lastPaymentStatus: 'FAILED',
		transactions: [
			{ id: 't8-1', cycle: 1, status: 'SUCCESSFUL', date: '2026-09-01T05:00:00.000Z', amount: 1.005 },
			{ id: 't8-2', cycle: 2, status: 'FAILED', date: '2026-11-28T05:00:00.000Z', amount: 1.005 },
		],
	},
];

const subscriptions = () => normalizeSubscriptionList(wireSubscriptionList(SPECS));
const lastWeek = () => ({ period: resolvePeriod('last7Days', NOW), renewalWindowDays: 7 });

describe('money in minor units', () => {
	it('converts amounts exactly, whatever float they arrive as', () => {
		expect(toMinor(1.005, 'KWD')).toBe(1005);
		expect(toMinor(1.005, 'USD')).toBe(101); // half-up on the decimal digits, not on 1.00499999…
		expect(toMinor(0.1 + 0.2, 'USD')).toBe(30);
		expect(toMinor(1000, 'JPY')).toBe(1000);
		expect(toMinor(null, 'USD')).toBeNull();
		expect(toMinor(Number.NaN, 'USD')).toBeNull();
		expect(fromMinor(2475, 'USD')).toBe(24.75);
		expect(formatMinor(750, 'USD')).toBe('7.50');
		expect(formatMinor(5, 'KWD')).toBe('0.005');
		expect(formatMinor(900, 'JPY')).toBe('900');
		expect(discountMinor(1000, 10)).toBe(900);
		expect(discountMinor(999, 12.5)).toBe(874); // 874.125
		expect(discountMinor(5, 50)).toBe(3); // 2.5 → 3, half-up like the gateway's emulator
	});

	it('sums fractions exactly and rounds once', () => {
		const third = Fraction.of(1, 3);
		expect(third.plus(third).plus(third).round()).toBe(1);
		expect(Fraction.of(5, 2).round()).toBe(3);
		expect(Fraction.of(7, 3).round()).toBe(2);
	});
});

describe('buildSubscriptionReport', () => {
	it('counts per status and per plan', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		expect(report.total).toBe(8);
		expect(report.countsByStatus).toEqual({ ACTIVE: 5, PAUSED: 1, CANCELLED: 1, COMPLETED: 1 });
		expect(report.countsByPlan.map((plan) => [plan.plan, plan.total])).toEqual([
			['Cancelled JPY', 1],
			['Completed EUR', 1],
			['Discounted JPY', 1],
			['Monthly USD', 1],
			['Paused USD', 1],
			['Quarterly KWD', 1],
			['Trial USD', 1],
			['Weekly USD', 1],
		]);
		expect(report.countsByPlan[0].countsByStatus).toEqual({ ACTIVE: 0, PAUSED: 0, CANCELLED: 1, COMPLETED: 0 });
	});

	it('gives the recurring value of ACTIVE subscriptions per currency, per cycle and monthly, with running discounts', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		expect(report.recurring).toEqual({
			// 1000 less 10 % (cycle 2 of a 2-cycle discount)
			JPY: { subscriptions: 1, perCycle: 900, monthly: 900, notNormalised: 0 },
			// 1.005 every 3 months → 0.335 a month
			KWD: { subscriptions: 1, perCycle: 1.005, monthly: 0.335, notNormalised: 0 },
			// 12 + 5.25 monthly; 7.50 every 7 days = 750 × 1461/48 / 7 = 3261.16… minor → 4986.16… → 49.86
			USD: { subscriptions: 3, perCycle: 24.75, monthly: 49.86, notNormalised: 0 },
		});
	});

	it('stops applying a discount once its cycles are over', () => {
		const specs = SPECS.filter((spec) => spec.id === id(3)).map((spec) => ({ ...spec, completed: 2, nextCycle: 3 }));
		const report = buildSubscriptionReport(normalizeSubscriptionList(wireSubscriptionList(specs)), lastWeek(), NOW);
		expect(report.recurring.JPY).toEqual({ subscriptions: 1, perCycle: 1000, monthly: 1000, notNormalised: 0 });
	});

	it('shows no float noise in sums', () => {
		const specs: WireSubscriptionSpec[] = [0.1, 0.2, 0.3].map((amount, index) => ({
			id: id(20 + index),
			status: 'ACTIVE',
			name: 'Tiny',
			amount,
			ccy: 'USD',
			cycleType: 'MONTHLY',
			interval: 1,
			completed: 1,
			nextCycle: 2,
		}));
		const report = buildSubscriptionReport(normalizeSubscriptionList(wireSubscriptionList(specs)), lastWeek(), NOW);
		expect(report.recurring.USD.perCycle).toBe(0.6);
		expect(report.recurring.USD.monthly).toBe(0.6);
	});

	it('sums payments collected and failed in the period from the subscriptions’ transactions', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		expect(report.period).toEqual({
			kind: 'last7Days',
			label: 'Last 7 days',
			from: '2026-11-23T12:00:00.000Z',
			to: '2026-11-30T12:00:00.000Z',
		});
		expect(report.collected).toEqual({
			EUR: { count: 2, amount: 19.98 },
			JPY: { count: 1, amount: 900 },
			USD: { count: 2, amount: 19.5 },
		});
		expect(report.failed).toEqual({ KWD: { count: 1, amount: 1.005 } });
		expect(report.started.count).toBe(3);
		expect(report.started.subscriptions.map((entry) => [entry.subscriptionId, entry.date])).toEqual([
			[id(7), '2026-11-28T06:00:00.000Z'],
			[id(3), '2026-11-29T08:00:00.000Z'],
			[id(1), '2026-11-30T10:00:00.000Z'],
		]);
	});

	it('counts a transaction listed twice once', () => {
		const twice = [SPECS[0], { ...SPECS[0], id: id(30) }];
		const report = buildSubscriptionReport(normalizeSubscriptionList(wireSubscriptionList(twice)), lastWeek(), NOW);
		expect(report.collected).toEqual({ USD: { count: 1, amount: 12 } });
	});

	it('lists renewals due in the window, soonest first, with the amount the cycle charges', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		expect(report.renewalsDue).toEqual([
			{
				subscriptionId: id(8),
				plan: 'Quarterly KWD',
				status: 'ACTIVE',
				date: '2026-12-01T05:00:00.000Z',
				cycle: 2,
				amount: 1.005,
				currency: 'KWD',
				overdue: false,
				lastCycle: true,
				discounted: false,
			},
			{
				subscriptionId: id(2),
				plan: 'Weekly USD',
				status: 'ACTIVE',
				date: '2026-12-05T09:00:00.000Z',
				cycle: 3,
				amount: 7.5,
				currency: 'USD',
				overdue: false,
				lastCycle: false,
				discounted: false,
			},
		]);
		// Paused and canceled ones are due earlier but bill nothing; a 30-day window takes every ACTIVE one.
		const month = buildSubscriptionReport(subscriptions(), { ...lastWeek(), renewalWindowDays: 30 }, NOW);
		expect(month.renewalsDue.map((entry) => [entry.subscriptionId, entry.amount, entry.discounted])).toEqual([
			[id(8), 1.005, false],
			[id(2), 7.5, false],
			[id(4), 5.25, false],
			[id(3), 900, true],
			[id(1), 12, false],
		]);
	});

	it('lists subscriptions on their last cycle and those whose last payment failed', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		expect(report.lastCycle).toEqual([
			{
				subscriptionId: id(8),
				plan: 'Quarterly KWD',
				status: 'ACTIVE',
				date: '2026-12-01T05:00:00.000Z',
				cycle: 2,
				amount: 1.005,
				currency: 'KWD',
				maxCycles: 2,
			},
		]);
		expect(report.lastPaymentFailed).toEqual([
			{
				subscriptionId: id(8),
				plan: 'Quarterly KWD',
				status: 'ACTIVE',
				date: '2026-11-28T05:00:00.000Z',
				cycle: 2,
				amount: 1.005,
				currency: 'KWD',
			},
		]);
	});

	it('writes the figures as flat fields and a text block', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		expect(report.figures).toEqual({
			total: 8,
			active: 5,
			paused: 1,
			cancelled: 1,
			completed: 1,
			started: 3,
			renewalsDue: 2,
			lastCycle: 1,
			lastPaymentFailed: 1,
			recurringPerCycleJPY: 900,
			recurringMonthlyJPY: 900,
			recurringPerCycleKWD: 1.005,
			recurringMonthlyKWD: 0.335,
			recurringPerCycleUSD: 24.75,
			recurringMonthlyUSD: 49.86,
			collectedCountEUR: 2,
			collectedAmountEUR: 19.98,
			collectedCountJPY: 1,
			collectedAmountJPY: 900,
			collectedCountUSD: 2,
			collectedAmountUSD: 19.5,
			failedCountKWD: 1,
			failedAmountKWD: 1.005,
		});
		expect(report.text.split('\n')).toEqual([
			'Subscriptions: 8 (ACTIVE 5, PAUSED 1, CANCELLED 1, COMPLETED 1)',
			'Recurring (ACTIVE): 900 JPY per cycle, 900 JPY monthly; 1.005 KWD per cycle, 0.335 KWD monthly; 24.75 USD per cycle, 49.86 USD monthly',
			'Last 7 days (2026-11-23 12:00 – 2026-11-30 12:00 UTC): collected 19.98 EUR (2), 900 JPY (1), 19.50 USD (2); failed 1.005 KWD (1); started 3',
			'Renewals due in the next 7 days: 2',
			`- 2026-12-01 1.005 KWD (Quarterly KWD, ${id(8)})`,
			`- 2026-12-05 7.50 USD (Weekly USD, ${id(2)})`,
			'On their last cycle: 1',
			`- 2026-12-01 1.005 KWD (Quarterly KWD, ${id(8)})`,
			'Last payment failed: 1',
			`- 2026-11-28 1.005 KWD (Quarterly KWD, ${id(8)})`,
		]);
	});

	it('reports no subscriptions as zeros', () => {
		const report = buildSubscriptionReport([], lastWeek(), NOW);
		expect(report).toMatchObject({
			total: 0,
			countsByStatus: { ACTIVE: 0, PAUSED: 0, CANCELLED: 0, COMPLETED: 0 },
			recurring: {},
			collected: {},
			failed: {},
			renewalsDue: [],
		});
		expect(report.text).toContain('Recurring (ACTIVE): none');
		expect(report.text).toContain('collected none; failed none; started 0');
	});

	it('outputs the same figures as rows with the same columns each', () => {
		const report = buildSubscriptionReport(subscriptions(), lastWeek(), NOW);
		const rows = reportRows(report);
		const columns = Object.keys(rows[0]).sort();
		for (const row of rows) expect(Object.keys(row).sort()).toEqual(columns);
		expect(rows.filter((row) => row.section === 'status').map((row) => [row.key, row.count])).toEqual([
			['ACTIVE', 5],
			['PAUSED', 1],
			['CANCELLED', 1],
			['COMPLETED', 1],
		]);
		expect(rows.find((row) => row.section === 'recurring' && row.currency === 'USD')).toMatchObject({
			count: 3,
			amount: 24.75,
			monthly: 49.86,
		});
		expect(rows.filter((row) => row.section === 'renewalDue').map((row) => row.subscriptionId)).toEqual([id(8), id(2)]);
		expect(rows).toHaveLength(4 + 8 + 3 + 3 + 1 + 3 + 2 + 1 + 1);
	});
});

describe('resolvePeriod', () => {
	it('ends the preset periods at the time of the run', () => {
		expect(resolvePeriod('last24Hours', NOW).from.toISOString()).toBe('2026-11-29T12:00:00.000Z');
		expect(resolvePeriod('last30Days', NOW).from.toISOString()).toBe('2026-10-31T12:00:00.000Z');
	});

	it('takes a custom from/to and refuses what is not a date or not in order', () => {
		const period = resolvePeriod('custom', NOW, { from: '2026-11-01T00:00:00Z', to: '2026-12-01' });
		expect([period.from.toISOString(), period.to.toISOString()]).toEqual([
			'2026-11-01T00:00:00.000Z',
			'2026-12-01T00:00:00.000Z',
		]);
		expect(() => resolvePeriod('custom', NOW, { from: 'yesterday', to: '2026-12-01' })).toThrow(ReportPeriodError);
		expect(() => resolvePeriod('custom', NOW, { from: '2026-12-01', to: '2026-11-01' })).toThrow(
			'"To" must be after "From"',
		);
	});
});
