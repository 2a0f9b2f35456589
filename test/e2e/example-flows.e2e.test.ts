/**
 * The scheduled subscription report (examples/subscription-report.json) in a real n8n, against a seeded emulator:
 * subscriptions are created by a DasGateway workflow run in n8n (the node's create operation), then some are
 * paused, canceled, declined or run to completion through the emulator's own API, and the Subscription → Report
 * node's one item must give the exact counts, recurring values, period payments and renewals those imply.
 *
 * CLI only. What `n8n execute --id` (n8n 2.8.4) runs here: it refuses a workflow without a Manual Trigger
 * ("Missing node to start execution"), yet the run starts at the first node in the workflow's node list that has a
 * trigger method, here the Schedule Trigger (which emits one item when run by hand); the Manual Trigger on the same
 * chain does not run. The example therefore has both, each alone feeding the same chain.
 */
import { join } from 'node:path';

import { NODE_TYPE, REPO_ROOT, readWorkflowFile, type WorkflowInput, type WorkflowNode } from '../n8n/instance';
import { emulatorCredentialRef, runWorkflow, setupE2e, type E2eContext } from './support/harness';

const REPORT = join(REPO_ROOT, 'examples', 'subscription-report.json');

let e2e: E2eContext;

beforeAll(async () => {
	e2e = await setupE2e({ name: 'example-flows', server: false });
});

afterAll(async () => {
	await e2e?.close();
});

/** A call to the emulator's gateway API with its keys (what a second system would do to the same account). */
async function gateway<T = Record<string, unknown>>(method: string, path: string): Promise<T> {
	const response = await fetch(`${e2e.emulator.url}/api/v1/server-to-server-interface${path}`, {
		method,
		headers: { authorization: `Basic ${e2e.emulator.encodedApiKey}`, 'x-api-key': e2e.emulator.xApiKey },
		signal: AbortSignal.timeout(10_000),
	});
	const body = (await response.json()) as T;
	if (response.status !== 200) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
	return body;
}

interface PlanSpec {
	name: string;
	amount: number;
	currency: string;
	cycleType: 'DAYS' | 'MONTHS';
	cycleInterval: number;
	endType: 'CYCLE';
	maxCycles?: number;
	trialDays?: number;
	discount?: { percentage: number; duration: number };
}

/** The plans seeded, by what becomes of them. */
const PLANS: Record<string, PlanSpec> = {
	monthlyUsd: {
		name: 'Monthly USD',
		amount: 12,
		currency: 'USD',
		cycleType: 'MONTHS',
		cycleInterval: 1,
		endType: 'CYCLE',
		maxCycles: 24,
	},
	weeklyUsd: {
		name: 'Weekly USD',
		amount: 7.5,
		currency: 'USD',
		cycleType: 'DAYS',
		cycleInterval: 7,
		endType: 'CYCLE',
		maxCycles: 24,
	},
	trialUsd: {
		name: 'Trial USD',
		amount: 5.25,
		currency: 'USD',
		cycleType: 'MONTHS',
		cycleInterval: 1,
		endType: 'CYCLE',
		maxCycles: 24,
		trialDays: 14,
	},
	discountJpy: {
		name: 'Discounted JPY',
		amount: 1000,
		currency: 'JPY',
		cycleType: 'MONTHS',
		cycleInterval: 1,
		endType: 'CYCLE',
		maxCycles: 12,
		discount: { percentage: 10, duration: 2 },
	},
	pausedUsd: {
		name: 'Paused USD',
		amount: 20,
		currency: 'USD',
		cycleType: 'MONTHS',
		cycleInterval: 1,
		endType: 'CYCLE',
		maxCycles: 24,
	},
	cancelledJpy: {
		name: 'Cancelled JPY',
		amount: 500,
		currency: 'JPY',
		cycleType: 'DAYS',
		cycleInterval: 30,
		endType: 'CYCLE',
		maxCycles: 24,
	},
	completedEur: {
		name: 'Completed EUR',
		amount: 9.99,
		currency: 'EUR',
		cycleType: 'DAYS',
		cycleInterval: 1,
		endType: 'CYCLE',
		maxCycles: 2,
	},
};

function createNode(key: string, plan: PlanSpec, index: number): WorkflowNode {
	return {
		name: `Create ${key}`,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [220, index * 160],
		credentials: emulatorCredentialRef,
		parameters: {
			resource: 'subscription',
			operation: 'create',
			merchantTxnRef: `seed-${key}`,
			amount: plan.amount,
			currency: plan.currency,
			cardNumber: '4111111111111111',
			cardholderName: 'Ada Lovelace',
			cardExpiryMonth: '12',
			cardExpiryYear: '34',
			cardCvc: '123',
			planName: plan.name,
			planDescription: `${plan.name} plan`,
			cycleType: plan.cycleType,
			cycleInterval: plan.cycleInterval,
			endType: plan.endType,
			...(plan.maxCycles ? { maxCycles: plan.maxCycles } : {}),
			...(plan.trialDays ? { hasTrialPeriod: true, trialDurationType: 'DAYS', trialDuration: plan.trialDays } : {}),
			...(plan.discount
				? { hasDiscount: true, discountPercentage: plan.discount.percentage, discountDuration: plan.discount.duration }
				: {}),
			customerIp: '203.0.113.7',
			timeZone: 'Asia/Tokyo',
			billingAddress: {
				address: {
					country: 'JP',
					email: 'ada@example.com',
					phone: '+81 3 1234 5678',
					addressLine1: '1-2-3 Shinjuku',
					city: 'Shinjuku-ku',
					state: 'Tokyo',
					postalCode: '1600022',
				},
			},
		},
	};
}

/** Manual Trigger → one DasGateway "subscription: create" per plan, side by side. */
function seedWorkflow(): WorkflowInput {
	const creates = Object.entries(PLANS).map(([key, plan], index) => createNode(key, plan, index));
	return {
		name: 'seed subscriptions',
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...creates,
		],
		connections: { Start: { main: [creates.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
	};
}

interface Report {
	total: number;
	countsByStatus: Record<string, number>;
	countsByPlan: Array<{ plan: string; total: number; countsByStatus: Record<string, number> }>;
	recurring: Record<string, { subscriptions: number; perCycle: number; monthly: number; notNormalised: number }>;
	collected: Record<string, { count: number; amount: number }>;
	failed: Record<string, { count: number; amount: number }>;
	started: { count: number; subscriptions: Array<{ subscriptionId: string }> };
	renewalsDue: Array<Record<string, unknown>>;
	lastCycle: Array<Record<string, unknown>>;
	lastPaymentFailed: Array<Record<string, unknown>>;
	figures: Record<string, number>;
	text: string;
}

const REPORT_NODE = 'Subscription Report';

async function runReport(): Promise<{ report: Report; nodes: string[] }> {
	const result = await runWorkflow(e2e, REPORT);
	if (!result.ok) throw new Error(`The report example failed in n8n:\n${result.describe()}`);
	const items = result.items(REPORT_NODE);
	expect(items).toHaveLength(1);
	return { report: items[0] as unknown as Report, nodes: result.nodeNames() };
}

describe('examples/subscription-report.json', () => {
	it('is a daily Schedule Trigger and a Manual Trigger on the same chain into one Subscription → Report, no code', () => {
		const workflow = readWorkflowFile(REPORT);
		const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
		const manual = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		expect(schedule?.parameters).toEqual({ rule: { interval: [{ triggerAtHour: 7 }] } });
		const report = workflow.nodes.find((node) => node.type === NODE_TYPE);
		expect(report?.parameters).toEqual({
			resource: 'subscription',
			operation: 'report',
			period: 'last24Hours',
			renewalWindowDays: 7,
		});
		const targets = (name: string) =>
			((workflow.connections[name] as { main: Array<Array<{ node: string }>> }).main[0] ?? []).map(
				(target) => target.node,
			);
		expect(targets(schedule!.name)).toEqual([report!.name]);
		expect(targets(manual!.name)).toEqual([report!.name]);
		const working = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		expect(working.map((node) => node.type).sort()).toEqual(
			[NODE_TYPE, 'n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'].sort(),
		);
	});

	it('reports an account with no subscriptions as one item of zeros', async () => {
		e2e.emulator.reset();
		const { report, nodes } = await runReport();
		expect(nodes).toEqual(['Every Day at 07:00', REPORT_NODE]);
		expect(report).toMatchObject({
			total: 0,
			countsByStatus: { ACTIVE: 0, PAUSED: 0, CANCELLED: 0, COMPLETED: 0 },
			countsByPlan: [],
			recurring: {},
			collected: {},
			failed: {},
			started: { count: 0, subscriptions: [] },
			renewalsDue: [],
			lastCycle: [],
			lastPaymentFailed: [],
		});
		expect(report.text.split('\n')[0]).toBe('Subscriptions: 0 (ACTIVE 0, PAUSED 0, CANCELLED 0, COMPLETED 0)');
	});

	it('gives exact counts, recurring values, period payments and renewals due for a seeded account', async () => {
		e2e.emulator.reset();

		// Seed through n8n: the DasGateway node creates every subscription.
		const seeded = await runWorkflow(e2e, seedWorkflow());
		if (!seeded.ok) throw new Error(`Seeding failed in n8n:\n${seeded.describe()}`);
		const ids: Record<string, string> = {};
		for (const key of Object.keys(PLANS)) {
			const [created] = seeded.items(`Create ${key}`);
			expect(created).toMatchObject({ outcome: 'approved', transactionType: 'CAPTURE' });
			ids[key] = (created.subscription as { subscriptionId: string }).subscriptionId;
			expect(ids[key]).toMatch(/^[0-9a-f-]{36}$/);
		}

		// Move some on, as the gateway's own API and its billing would.
		await gateway('GET', `/subscription/${ids.pausedUsd}/pause`);
		await gateway('GET', `/subscription/${ids.cancelledJpy}/cancel`);
		const completed = await e2e.emulator.advanceSubscription(ids.completedEur);
		expect(completed.status).toBe('COMPLETED');
		const declined = await e2e.emulator.advanceSubscription(ids.weeklyUsd, { outcome: 'decline' });
		expect(declined.last_payment_status).toBe('FAILED');

		// The gateway's own list, read independently of the node, for the dates.
		const list = await gateway<{ subscription_details: Array<{ id: string; next_payment_date: string | null }> }>(
			'GET',
			'/subscription/list',
		);
		const nextDate = new Map(list.subscription_details.map((s) => [s.id, s.next_payment_date]));
		expect(list.subscription_details).toHaveLength(7);

		const { report, nodes } = await runReport();
		expect(nodes).toEqual(['Every Day at 07:00', REPORT_NODE]);

		expect(report.total).toBe(7);
		expect(report.countsByStatus).toEqual({ ACTIVE: 4, PAUSED: 1, CANCELLED: 1, COMPLETED: 1 });
		expect(report.countsByPlan.map((plan) => [plan.plan, plan.total])).toEqual(
			Object.values(PLANS)
				.map((plan) => [plan.name, 1])
				.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
		);
		// ACTIVE only. USD per cycle 12 + 7.50 + 5.25 (the trial does not change the amount); monthly
		// 12 + 7.50 × 1461/48/7 (a 7-day cycle: 32.6116…) + 5.25 = 49.86. JPY: cycle 2 of a 2-cycle 10 % discount.
		expect(report.recurring).toEqual({
			JPY: { subscriptions: 1, perCycle: 900, monthly: 900, notNormalised: 0 },
			USD: { subscriptions: 3, perCycle: 24.75, monthly: 49.86, notNormalised: 0 },
		});
		// Last 24 hours: every first payment (JPY 900 discounted + 500), the completed plan's second cycle, the decline.
		expect(report.collected).toEqual({
			EUR: { count: 2, amount: 19.98 },
			JPY: { count: 2, amount: 1400 },
			USD: { count: 4, amount: 44.75 },
		});
		expect(report.failed).toEqual({ USD: { count: 1, amount: 7.5 } });
		expect(report.started.count).toBe(7);

		// Within 7 days: only the weekly plan (its cycle 2, still due after the decline); the trial is 14 days out.
		expect(report.renewalsDue).toEqual([
			{
				subscriptionId: ids.weeklyUsd,
				plan: 'Weekly USD',
				status: 'ACTIVE',
				date: new Date(nextDate.get(ids.weeklyUsd) as string).toISOString(),
				cycle: 2,
				amount: 7.5,
				currency: 'USD',
				overdue: false,
				lastCycle: false,
				discounted: false,
			},
		]);
		expect(report.lastCycle).toEqual([]);
		expect(report.lastPaymentFailed).toEqual([
			expect.objectContaining({ subscriptionId: ids.weeklyUsd, cycle: 2, amount: 7.5, currency: 'USD' }),
		]);
		expect(report.figures).toMatchObject({
			total: 7,
			active: 4,
			paused: 1,
			cancelled: 1,
			completed: 1,
			recurringMonthlyUSD: 49.86,
			collectedAmountUSD: 44.75,
			failedCountUSD: 1,
		});
		const weekly = (day: string) => `- ${day} 7.50 USD (Weekly USD, ${ids.weeklyUsd})`;
		const due = (nextDate.get(ids.weeklyUsd) as string).slice(0, 10);
		const failedOn = (declined.subscription_transcation_details.at(-1)?.transaction_date as string).slice(0, 10);
		expect(report.text.split('\n')).toEqual([
			'Subscriptions: 7 (ACTIVE 4, PAUSED 1, CANCELLED 1, COMPLETED 1)',
			'Recurring (ACTIVE): 900 JPY per cycle, 900 JPY monthly; 24.75 USD per cycle, 49.86 USD monthly',
			expect.stringMatching(
				/^Last 24 hours \(.+ UTC\): collected 19\.98 EUR \(2\), 1400 JPY \(2\), 44\.75 USD \(4\); failed 7\.50 USD \(1\); started 7$/,
			),
			'Renewals due in the next 7 days: 1',
			weekly(due),
			'On their last cycle: 0',
			'Last payment failed: 1',
			weekly(failedOn),
		]);
	});
});
