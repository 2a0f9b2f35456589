import { startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { api, control, startReceiver, subscriptionBody, type Receiver } from './testkit';

let emu: RunningEmulator;
beforeEach(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.close());

const create = async (sub: Record<string, unknown> = {}, patch: Record<string, unknown> = {}) => {
	const r = await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu, sub, patch));
	expect(r.status).toBe(201);
	return r;
};
const action = (id: string, a: string) => api(emu, 'GET', `/subscription/${id}/${a}`);
const details = async (id: string) => (await api(emu, 'GET', `/subscription/${id}`)).json.subscription_details[0];

describe('the manual’s conditional rules for subscription{}', () => {
	it.each<[string, Record<string, unknown>, RegExp]>([
		['CYCLE without cycle_interval', { cycle_interval: undefined }, /subscription\.cycle_interval is required/],
		['CYCLE without max_cycle_count', { max_cycle_count: undefined }, /subscription\.max_cycle_count is required/],
		[
			'max_cycle_count above 9999',
			{ max_cycle_count: 10000 },
			/subscription\.max_cycle_count must be between 1 and 9999/,
		],
		['cycle_interval not an integer', { cycle_interval: 1.5 }, /subscription\.cycle_interval must be an integer/],
		[
			'has_trial_period without its fields',
			{ has_trial_period: true, trial_period_duration_type: undefined, trial_period_duration: undefined },
			/trial_period_duration_type is required.*trial_period_duration is required/,
		],
		[
			'trial_period_duration_type not DAYS/MONTHS',
			{ has_trial_period: true, trial_period_duration_type: 'WEEKS' },
			/trial_period_duration_type must be DAYS or MONTHS/,
		],
		[
			'has_discount without discount_percentage',
			{ discount_percentage: undefined },
			/subscription\.discount_percentage is required when has_discount is true/,
		],
		[
			'has_discount without discount_duration',
			{ discount_duration: undefined },
			/subscription\.discount_duration is required/,
		],
		['discount_percentage above 100', { discount_percentage: 101 }, /discount_percentage must be between 0 and 100/],
		['discount_percentage below 0', { discount_percentage: -1 }, /discount_percentage must be between 0 and 100/],
		['has_discount missing', { has_discount: undefined }, /subscription\.has_discount is required/],
		['has_trial_period not a boolean', { has_trial_period: 'no' }, /subscription\.has_trial_period must be a boolean/],
		['plan_name of 101 characters', { plan_name: 'p'.repeat(101) }, /subscription\.plan_name must be at most 100/],
		['plan_desc of 201 characters', { plan_desc: 'd'.repeat(201) }, /subscription\.plan_desc must be at most 200/],
		['cycle_type WEEKS', { cycle_type: 'WEEKS' }, /subscription\.cycle_type must be DAYS or MONTHS/],
		[
			'subscription_end_type missing',
			{ subscription_end_type: undefined },
			/subscription\.subscription_end_type is required/,
		],
	])('%s → 400', async (_label, sub, message) => {
		const r = await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu, sub));
		expect(r.status).toBe(400);
		expect(r.json.gateway_response.message).toMatch(message);
		expect(emu.transactions()).toHaveLength(0);
	});

	it('subscription missing → 400', async () => {
		const r = await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu, {}, { subscription: undefined }));
		expect(r.status).toBe(400);
		expect(r.json.gateway_response.message).toMatch(/subscription is required/);
	});

	it('accepts trial fields alongside has_trial_period false (the sample does), and an unlimited plan without cycle counts', async () => {
		await create({ has_trial_period: false, trial_period_duration_type: 'DAYS', trial_period_duration: 10 });
		const unlimited = await create({
			subscription_end_type: 'UNLIMITED',
			max_cycle_count: undefined,
			cycle_interval: undefined,
			has_discount: false,
		});
		expect(unlimited.json.subscription_details).toMatchObject({
			type: 'UNLIMITED',
			max_cycle_count: null,
			status: 'ACTIVE',
		});
		const listed = await details(unlimited.json.subscription_details.id);
		expect(listed.max_cycle_count).toBe('');
		expect(listed.subscription_plan_details.billing_cycle_interval).toBe('');
	});

	it('charges the full amount when there is no discount, and reports a trial in the plan', async () => {
		const r = await create(
			{ has_discount: false, has_trial_period: true, trial_period_duration_type: 'DAYS', trial_period_duration: 7 },
			{ amount: '12.34', currency: 'USD' },
		);
		expect(r.json.payment_details.amount).toBe('12.34');
		expect(r.json.subscription_details.subscription_plan_details).toMatchObject({
			amount: 12.34,
			ccy: 'USD',
			trial_period_duration: 7,
			trial_period_duration_type: 'DAYS',
			plan_discount_percentage: '',
			plan_discount_duration: '',
		});
		// The first next_payment_date is pushed out by the trial.
		const days =
			(Date.parse(r.json.subscription_details.next_payment_date) - Date.parse(r.json.transaction_details.timestamp)) /
			86_400_000;
		expect(days).toBeGreaterThanOrEqual(7);
		expect(days).toBeLessThan(7.01);
	});

	it('declines with 65 for the 3DS card and creates nothing', async () => {
		const r = await api(
			emu,
			'POST',
			'/subscription/payment',
			subscriptionBody(emu, {}, { card: { number: TEST_CARDS.threeDS.number } }),
		);
		expect(r.json.payment_details.response_code).toBe(65);
		expect((await api(emu, 'GET', '/subscription/list')).json.subscription_details).toEqual([]);
	});
});

describe('pause / resume / cancel transitions', () => {
	it('ACTIVE → PAUSED → ACTIVE → CANCELLED, and every other move is 412', async () => {
		const id = (await create()).json.subscription_details.id;
		expect((await action(id, 'resume')).status).toBe(412);
		expect((await action(id, 'pause')).json.subscription_details.status).toBe('PAUSED');
		const again = await action(id, 'pause');
		expect(again.status).toBe(412);
		expect(again.json).toMatchObject({
			success: false,
			status_code: 412,
			gateway_response: {
				type: 'ERROR',
				message: `Subscription ${id} is PAUSED; only an ACTIVE subscription can be paused`,
			},
		});
		expect((await action(id, 'resume')).json.subscription_details.status).toBe('ACTIVE');
		expect((await details(id)).status).toBe('ACTIVE');
		expect((await action(id, 'cancel')).json.subscription_details.status).toBe('CANCELLED');
		for (const a of ['pause', 'resume', 'cancel']) expect((await action(id, a)).status).toBe(412);
		expect((await details(id)).status).toBe('CANCELLED');
	});

	it('cancels a PAUSED subscription', async () => {
		const id = (await create()).json.subscription_details.id;
		await action(id, 'pause');
		expect((await action(id, 'cancel')).json.subscription_details.status).toBe('CANCELLED');
	});

	it('answers 404 for an unknown id and 400 for a malformed one', async () => {
		const unknown = 'da39cae4-cf29-4e64-9438-1a7d0a76d4c3';
		for (const p of [
			`/subscription/${unknown}`,
			`/subscription/${unknown}/pause`,
			`/subscription/${unknown}/resume`,
			`/subscription/${unknown}/cancel`,
		]) {
			const r = await api(emu, 'GET', p);
			expect(r.status).toBe(404);
			expect(r.json.gateway_response.message).toBe(`Subscription ${unknown} not found`);
		}
		expect((await api(emu, 'GET', '/subscription/not-an-id')).status).toBe(400);
		expect((await api(emu, 'GET', '/subscription/not-an-id/pause')).status).toBe(400);
	});
});

describe('advancing (billing the next cycle)', () => {
	let hooks: Receiver;
	beforeEach(async () => {
		hooks = await startReceiver();
	});
	afterEach(() => hooks.close());

	it('bills cycle 2 at full price after a 1-cycle discount, moves the date by the interval, completes after max_cycle_count, then 412', async () => {
		const c = await create({ cycle_interval: 3 });
		const id = c.json.subscription_details.id;
		const before = Date.parse(c.json.subscription_details.next_payment_date);
		const s = await emu.advanceSubscription(id);
		expect(s.status).toBe('COMPLETED');
		expect(s.completed_payment_cycle).toBe(2);
		expect(s.last_payment_status).toBe('SUCCESSFUL');
		expect(s.next_payment_date).toBeNull();
		expect(s.next_payment_cycle).toBeNull();
		expect(s.subscription_transcation_details.map((t) => [t.cycle, t.amount, t.status])).toEqual([
			[1, 900, 'SUCCESSFUL'],
			[2, 1000, 'SUCCESSFUL'],
		]);
		const second = s.subscription_transcation_details[1];
		const status = await api(emu, 'GET', `/transaction/status/${second.id}`);
		expect(status.json).toMatchObject({
			transaction_type: 'CAPTURE',
			payment_details: { amount: 1000, currency: 'JPY' },
		});
		expect(before).toBeGreaterThan(Date.now());
		await expect(emu.advanceSubscription(id)).rejects.toMatchObject({
			status: 412,
			message: expect.stringMatching(/is COMPLETED/),
		});
	});

	it('moves next_payment_date by months for MONTHS and keeps an unlimited plan ACTIVE', async () => {
		const c = await create({
			cycle_type: 'MONTHS',
			subscription_end_type: 'UNLIMITED',
			max_cycle_count: undefined,
			cycle_interval: 1,
			has_discount: false,
		});
		const id = c.json.subscription_details.id;
		const d1 = new Date(c.json.subscription_details.next_payment_date);
		const s = await emu.advanceSubscription(id);
		const d2 = new Date(s.next_payment_date as string);
		expect(d2.getUTCFullYear() * 12 + d2.getUTCMonth() - (d1.getUTCFullYear() * 12 + d1.getUTCMonth())).toBe(1);
		expect(s).toMatchObject({ status: 'ACTIVE', completed_payment_cycle: 2, next_payment_cycle: 3 });
		const s3 = await emu.advanceSubscription(id);
		expect(s3).toMatchObject({ status: 'ACTIVE', completed_payment_cycle: 3, next_payment_cycle: 4 });
	});

	it('records a failed cycle without counting it', async () => {
		const id = (await create({ max_cycle_count: 5 })).json.subscription_details.id;
		const s = await emu.advanceSubscription(id, { outcome: 'decline' });
		expect(s).toMatchObject({
			status: 'ACTIVE',
			completed_payment_cycle: 1,
			next_payment_cycle: 2,
			last_payment_status: 'FAILED',
		});
		expect(s.subscription_transcation_details[1]).toMatchObject({ cycle: 2, status: 'FAILED', event: 'DECLINED' });
		const retry = await emu.advanceSubscription(id);
		expect(retry).toMatchObject({ completed_payment_cycle: 2, last_payment_status: 'SUCCESSFUL' });
	});

	it('refuses to advance a PAUSED or CANCELLED subscription (412) and an unknown one (404)', async () => {
		const id = (await create({ max_cycle_count: 5 })).json.subscription_details.id;
		await action(id, 'pause');
		await expect(emu.advanceSubscription(id)).rejects.toMatchObject({ status: 412 });
		await action(id, 'cancel');
		await expect(emu.advanceSubscription(id)).rejects.toMatchObject({ status: 412 });
		await expect(emu.advanceSubscription('da39cae4-cf29-4e64-9438-1a7d0a76d4c3')).rejects.toMatchObject({
			status: 404,
		});
	});

	it('sends a webhook for each cycle when the subscription was created with a webhook_url', async () => {
		const c = await create({ max_cycle_count: 3 }, { return_url: { webhook_url: hooks.url } });
		const id = c.json.subscription_details.id;
		await emu.advanceSubscription(id);
		const delivered = await emu.waitForDeliveries(2);
		expect(delivered.map((d) => d.delivered)).toEqual([true, true]);
		expect(hooks.received).toHaveLength(2);
		const cycle2 = hooks.received.find((h) => h.body.payment_details.amount === '1000');
		expect(cycle2?.body).toMatchObject({
			success: true,
			transaction_type: 'CAPTURE',
			transaction_details: { merchant_txn_ref: c.json.transaction_details.merchant_txn_ref },
		});
	});

	it('sends no webhook when the subscription has no webhook_url', async () => {
		const id = (await create({ max_cycle_count: 3 })).json.subscription_details.id;
		await emu.advanceSubscription(id);
		expect(emu.deliveries()).toEqual([]);
	});

	it('is also a control call: POST /__emulator/subscriptions/:id/advance', async () => {
		const id = (await create({ max_cycle_count: 3 })).json.subscription_details.id;
		const r = await control(emu, 'POST', `/subscriptions/${id}/advance`);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ id, completed_payment_cycle: 2 });
		const declined = await control(emu, 'POST', `/subscriptions/${id}/advance`, { outcome: 'decline' });
		expect(declined.json.last_payment_status).toBe('FAILED');
		expect((await control(emu, 'POST', '/subscriptions/da39cae4-cf29-4e64-9438-1a7d0a76d4c3/advance')).status).toBe(
			404,
		);
		expect((await control(emu, 'POST', `/subscriptions/${id}/advance`, { outcome: 'maybe' })).status).toBe(400);
		await action(id, 'pause');
		expect((await control(emu, 'POST', `/subscriptions/${id}/advance`)).status).toBe(412);
	});

	it('lists every subscription with its cycles', async () => {
		const a = (await create({ max_cycle_count: 4 })).json.subscription_details.id;
		const b = (await create({ max_cycle_count: 4 })).json.subscription_details.id;
		await emu.advanceSubscription(a);
		const list = (await api(emu, 'GET', '/subscription/list')).json.subscription_details;
		expect(list.map((s: any) => [s.id, s.subscription_transcation_details.length])).toEqual([
			[a, 2],
			[b, 1],
		]);
	});
});
