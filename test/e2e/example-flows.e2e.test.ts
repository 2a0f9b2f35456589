/**
 * The scheduled subscription report (examples/subscription-report.json) in a real n8n, against a seeded emulator:
 * subscriptions are created by a DasGateway workflow run in n8n (the node's create operation), then some are
 * paused, cancelled or run to completion through the emulator's own API, and the report's one item must give
 * the exact counts, sums and next payments those subscriptions imply.
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
	monthlyUsd: { name: 'Monthly USD', amount: 12, currency: 'USD', cycleType: 'MONTHS', cycleInterval: 1, endType: 'CYCLE', maxCycles: 24 },
	weeklyUsd: { name: 'Weekly USD', amount: 7.5, currency: 'USD', cycleType: 'DAYS', cycleInterval: 7, endType: 'CYCLE', maxCycles: 24 },
	trialUsd: { name: 'Trial USD', amount: 5.25, currency: 'USD', cycleType: 'MONTHS', cycleInterval: 1, endType: 'CYCLE', maxCycles: 24, trialDays: 14 },
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
	pausedUsd: { name: 'Paused USD', amount: 20, currency: 'USD', cycleType: 'MONTHS', cycleInterval: 1, endType: 'CYCLE', maxCycles: 24 },
	cancelledJpy: { name: 'Cancelled JPY', amount: 500, currency: 'JPY', cycleType: 'DAYS', cycleInterval: 30, endType: 'CYCLE', maxCycles: 24 },
	completedEur: { name: 'Completed EUR', amount: 9.99, currency: 'EUR', cycleType: 'DAYS', cycleInterval: 1, endType: 'CYCLE', maxCycles: 2 },
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
			...(plan.discount ? { hasDiscount: true, discountPercentage: plan.discount.percentage, discountDuration: plan.discount.duration } : {}),
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
		nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...creates],
		connections: { Start: { main: [creates.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
	};
}

interface Report {
	total: number;
	byStatus: Record<string, number>;
	activeAmountByCurrency: Record<string, number>;
	nextPayments: Array<{ subscriptionId: string; plan: string; date: string; cycle: number; amount: number; currency: string }>;
	text: string;
}

async function runReport(): Promise<{ report: Report; nodes: string[] }> {
	const result = await runWorkflow(e2e, REPORT);
	if (!result.ok) throw new Error(`The report example failed in n8n:\n${result.describe()}`);
	const items = result.items('Summarise');
	expect(items).toHaveLength(1);
	return { report: items[0] as unknown as Report, nodes: result.nodeNames() };
}

describe('examples/subscription-report.json', () => {
	it('is a daily Schedule Trigger and a Manual Trigger on the same chain into one getMany (return all)', () => {
		const workflow = readWorkflowFile(REPORT);
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
		const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
		const manual = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		expect(schedule?.parameters).toEqual({ rule: { interval: [{ triggerAtHour: 7 }] } });
		const getMany = workflow.nodes.find((node) => node.type === NODE_TYPE);
		expect(getMany?.parameters).toMatchObject({ resource: 'subscription', operation: 'getMany', returnAll: true });
		const targets = (name: string) =>
			((workflow.connections[name] as { main: Array<Array<{ node: string }>> }).main[0] ?? []).map((target) => target.node);
		expect(targets(schedule!.name)).toEqual([getMany!.name]);
		expect(targets(manual!.name)).toEqual([getMany!.name]);
		expect(byName.get(targets(getMany!.name)[0])?.type).toBe('n8n-nodes-base.code');
	});

	it('reports an account with no subscriptions as one item of zeros', async () => {
		e2e.emulator.reset();
		const { report, nodes } = await runReport();
		expect(nodes).toEqual(['Every Day at 07:00', 'Get All Subscriptions', 'Summarise']);
		expect(report).toEqual({
			total: 0,
			byStatus: { ACTIVE: 0, PAUSED: 0, CANCELLED: 0, COMPLETED: 0 },
			activeAmountByCurrency: {},
			nextPayments: [],
			text: expect.stringContaining('Subscriptions: 0') as unknown as string,
		});
	});

	it('counts per status, sums ACTIVE plans per currency and lists the next payments due, soonest first', async () => {
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

		// Move some on, as the gateway's own API would.
		await gateway('GET', `/subscription/${ids.pausedUsd}/pause`);
		await gateway('GET', `/subscription/${ids.cancelledJpy}/cancel`);
		const completed = await e2e.emulator.advanceSubscription(ids.completedEur);
		expect(completed.status).toBe('COMPLETED');

		// The gateway's own list, read independently of the node, for the dates.
		const list = await gateway<{ subscription_details: Array<{ id: string; status: string; next_payment_date: string | null }> }>(
			'GET',
			'/subscription/list',
		);
		const nextDate = new Map(list.subscription_details.map((s) => [s.id, s.next_payment_date]));
		expect(list.subscription_details).toHaveLength(7);

		const { report, nodes } = await runReport();
		expect(nodes).toEqual(['Every Day at 07:00', 'Get All Subscriptions', 'Summarise']);

		expect(report.total).toBe(7);
		expect(report.byStatus).toEqual({ ACTIVE: 4, PAUSED: 1, CANCELLED: 1, COMPLETED: 1 });
		// ACTIVE only: USD 12 + 7.5 + 5.25; JPY 1000 (the plan's amount, not the discounted charge).
		expect(report.activeAmountByCurrency).toEqual({ JPY: 1000, USD: 24.75 });

		// Weekly (+7 days) before the trial (+14 days) before the two monthly ones, which were created moments
		// apart: soonest first by the gateway's own dates, by id when they are equal.
		const monthly = [ids.monthlyUsd, ids.discountJpy].sort(
			(a, b) => Date.parse(nextDate.get(a) as string) - Date.parse(nextDate.get(b) as string) || a.localeCompare(b),
		);
		const expectedOrder = [ids.weeklyUsd, ids.trialUsd, ...monthly];
		expect(report.nextPayments.map((payment) => payment.subscriptionId)).toEqual(expectedOrder);
		const planOf = (id: string) => PLANS[Object.keys(ids).find((key) => ids[key] === id) as string];
		for (const payment of report.nextPayments) {
			const plan = planOf(payment.subscriptionId);
			expect(payment).toEqual({
				subscriptionId: payment.subscriptionId,
				plan: plan.name,
				date: new Date(nextDate.get(payment.subscriptionId) as string).toISOString(),
				cycle: 2,
				amount: plan.amount,
				currency: plan.currency,
			});
		}
		// Paused, cancelled and completed subscriptions have no payment due in the report.
		for (const key of ['pausedUsd', 'cancelledJpy', 'completedEur']) {
			expect(report.nextPayments.map((payment) => payment.subscriptionId)).not.toContain(ids[key]);
		}
		expect(report.text.split('\n')).toEqual([
			'Subscriptions: 7 (ACTIVE 4, PAUSED 1, CANCELLED 1, COMPLETED 1)',
			'Active per currency: 1000 JPY, 24.75 USD',
			'Next payments:',
			...report.nextPayments.map(
				(payment) => `- ${payment.date.slice(0, 10)} ${payment.amount} ${payment.currency} (${payment.plan}, ${payment.subscriptionId})`,
			),
		]);
	});
});
