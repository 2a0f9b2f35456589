/**
 * Every one of the 16 calls, with its answer's field set compared to the manual's sample,
 * quirks included (see shapes.ts for the list).
 */
import { startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { UUID_RE, api, hppBody, httpRequest, keys, paymentBody, subscriptionBody } from './testkit';

let emu: RunningEmulator;
beforeEach(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.close());

const TXN_KEYS = [
	'success',
	'status_code',
	'is_live',
	'transaction_type',
	'gateway_response',
	'merchant_details',
	'payment_details',
	'transaction_details',
	'risk-details',
].sort();
const MERCHANT_KEYS = ['legal_name', 'mid', 'merchant_txn_ref', 'billing_details', 'device_details'].sort();
const ADDRESS_KEYS = ['country', 'email', 'address1', 'phone_number', 'city', 'state', 'postal_code'].sort();
const PAYMENT_KEYS = ['amount', 'response_code', 'auth_code', 'currency', 'payment_method', 'scheme', 'card'].sort();
const CARD_KEYS = ['name', 'number', 'exp_month', 'exp_year'].sort();
const FOLLOW_UP_KEYS = [
	'success',
	'status_code',
	'is_live',
	'transaction_type',
	'gateway_response',
	'merchant_details',
	'payment_details',
	'transaction_details',
].sort();
const PLAN_KEYS = [
	'name',
	'desc',
	'billing_cycle_type',
	'billing_cycle_interval',
	'amount',
	'ccy',
	'trial_period_duration',
	'trial_period_duration_type',
	'plan_discount_percentage',
	'plan_discount_duration',
].sort();
const SUB_OBJECT_KEYS = [
	'id',
	'type',
	'max_cycle_count',
	'status',
	'completed_payment_cycle',
	'last_payment_status',
	'next_payment_date',
	'next_payment_cycle',
	'subscription_plan_details',
	'subscription_transcation_details',
].sort();
const SUB_TXN_KEYS = ['id', 'ref', 'cycle', 'status', 'transaction_date', 'amount', 'ccy', 'event'].sort();

/** Authorisation / Purchase / token / subscription answers share this shape. */
function expectTransactionShape(b: any, body: any) {
	expect(keys(b)).toEqual(TXN_KEYS.concat(b.subscription_details ? ['subscription_details'] : []).sort());
	expect(b.is_live).toBe(false);
	expect(b.status_code).toBe(201);
	expect(keys(b.gateway_response)).toEqual(['code', 'message', 'type', 'version']);
	expect(b.gateway_response.version).toBe('1');
	expect(keys(b.merchant_details)).toEqual(MERCHANT_KEYS);
	expect(b.merchant_details.legal_name).toBe('DasGateway Emulator Merchant Ltd.');
	expect(b.merchant_details.mid).toBe(emu.merchantId);
	expect(b.merchant_details.merchant_txn_ref).toBe(body.merchant_txn_ref);
	expect(keys(b.merchant_details.billing_details)).toEqual(['billing_address', 'shipping_address']);
	expect(keys(b.merchant_details.billing_details.billing_address)).toEqual(ADDRESS_KEYS);
	expect(b.merchant_details.billing_details.billing_address).toEqual(body.billing_address);
	expect(keys(b.merchant_details.billing_details.shipping_address)).toEqual(ADDRESS_KEYS);
	expect(b.merchant_details.device_details).toEqual({ visited_ip: '127.0.0.1', customer_ip: body.customer_ip });
	expect(keys(b.payment_details)).toEqual(PAYMENT_KEYS);
	expect(typeof b.payment_details.amount).toBe('string');
	expect(keys(b.payment_details.card)).toEqual(CARD_KEYS);
	expect(b.payment_details.card.number).toMatch(/^\d{6}\*+\d{4}$/);
	expect(typeof b.transaction_details.ref).toBe('string');
	expect(keys(b.transaction_details)).toEqual([
		'id',
		'merchant_txn_ref',
		'ref',
		'stored_payment_method_id',
		'timestamp',
	]);
	expect(b.transaction_details.id).toMatch(UUID_RE);
	expect(b.transaction_details.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
	expect(b['risk-details']).toEqual({ risk_score: null });
	expect(b).not.toHaveProperty('risk_details');
}

async function authorise(amount = '100.00', currency = 'USD') {
	const body = paymentBody(emu, { amount, currency });
	const r = await api(emu, 'POST', '/authorization', body);
	expect(r.status).toBe(201);
	return { body, r, id: r.json.transaction_details.id as string };
}

describe('the 16 calls answer with the manual’s shapes', () => {
	it('1. POST /hpp/generate/link: id, url, amount, currency, refs, return_url with cancel_url, phone (not phone_number), status, isValid', async () => {
		const body = hppBody(emu);
		const r = await api(emu, 'POST', '/hpp/generate/link', body);
		expect(r.status).toBe(201);
		expect(keys(r.json)).toEqual(
			[
				'id',
				'url',
				'amount',
				'currency',
				'merchant_txn_ref',
				'merchant_id',
				'merchant_email',
				'return_url',
				'billing_address',
				'shipping_address',
				'status',
				'isValid',
			].sort(),
		);
		expect(r.json.id).toMatch(UUID_RE);
		expect(r.json.url).toBe(`${emu.url}/__emulator/hpp/${r.json.id}`);
		expect(r.json.amount).toBe('2500');
		expect(r.json.currency).toBe('JPY');
		expect(r.json.merchant_id).toBe(emu.merchantId);
		expect(r.json.merchant_email).toBe(body.merchant_email);
		expect(r.json.merchant_txn_ref).toBe(body.merchant_txn_ref);
		expect(r.json.return_url).toEqual(body.return_url);
		expect(keys(r.json.billing_address)).toEqual(['address1', 'city', 'country', 'email', 'phone', 'state']);
		expect(r.json.billing_address).toEqual(body.billing_address);
		expect(r.json.shipping_address).toEqual(body.shipping_address);
		expect(r.json.isValid).toBe(true);
		expect(r.json.status).toBe('ACTIVE');
	});

	it('1b. HPP link with amount null (shopper types it): amount and currency come back as "" like the sample; cancel_url null when not given', async () => {
		const r = await api(
			emu,
			'POST',
			'/hpp/generate/link',
			hppBody(emu, { amount: null, currency: null, return_url: { cancel_url: undefined } }),
		);
		expect(r.status).toBe(201);
		expect(r.json.amount).toBe('');
		expect(r.json.currency).toBe('');
		expect(r.json.return_url.cancel_url).toBeNull();
	});

	it('2. POST /authorization: PRE_AUTH, INFO0000, billing inside merchant_details, amount a string, currency given', async () => {
		const { body, r } = await authorise('100.5', 'USD');
		expectTransactionShape(r.json, body);
		expect(r.json.success).toBe(true);
		expect(r.json.transaction_type).toBe('PRE_AUTH');
		expect(r.json.gateway_response).toEqual({
			version: '1',
			type: 'INFO',
			message: 'Payment Successful.',
			code: 'INFO0000',
		});
		expect(r.json.payment_details).toMatchObject({
			amount: '100.50',
			response_code: 0,
			currency: 'USD',
			payment_method: 'VISA-SSL',
			scheme: 'VISA',
			card: { name: 'John Doe', number: '411111******1111', exp_month: '12', exp_year: body.card.expiry_year },
		});
		expect(r.json.payment_details.auth_code).toMatch(/^\d{6}$/);
		expect(r.json.transaction_details.merchant_txn_ref).toBe(body.merchant_txn_ref);
		expect(r.json.transaction_details.stored_payment_method_id).toBeNull();
		expect(r.json.merchant_details.billing_details.shipping_address).toEqual(body.shipping_address);
	});

	it('3. POST /payment: CAPTURE, and currency null as in the Purchase sample', async () => {
		const body = paymentBody(emu);
		const r = await api(emu, 'POST', '/payment', body);
		expect(r.status).toBe(201);
		expectTransactionShape(r.json, body);
		expect(r.json.transaction_type).toBe('CAPTURE');
		expect(r.json.payment_details.amount).toBe('1000');
		expect(r.json.payment_details.currency).toBeNull();
	});

	it('4. POST /payment with payment_method.store_payment_method: returns a stored_payment_method_id, currency given (token sample)', async () => {
		const body = paymentBody(emu, {
			payment_method: { type: 'VISA', store_payment_method: true },
			cardinal_session_id: 'abc',
		});
		const r = await api(emu, 'POST', '/payment', body);
		expect(r.status).toBe(201);
		expectTransactionShape(r.json, body);
		expect(r.json.transaction_details.stored_payment_method_id).toMatch(UUID_RE);
		expect(r.json.payment_details.currency).toBe('JPY');
	});

	it('5. POST /payment with a stored_payment_method_id and no card: charges the stored card', async () => {
		const first = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, {
				payment_method: { type: 'MASTERCARD', store_payment_method: true },
				card: { number: TEST_CARDS.mastercard.number },
			}),
		);
		const token = first.json.transaction_details.stored_payment_method_id;
		const body = paymentBody(emu, {
			card: undefined,
			payment_method: { type: 'MASTERCARD', store_payment_method: true, stored_payment_method_id: token },
			amount: '777',
		});
		const r = await api(emu, 'POST', '/payment', body);
		expect(r.status).toBe(201);
		expectTransactionShape(r.json, body);
		expect(r.json.transaction_details.stored_payment_method_id).toBe(token);
		expect(r.json.payment_details.card.number).toBe('545454******5454');
		expect(r.json.payment_details.scheme).toBe('MASTERCARD');
		expect(r.json.payment_details.amount).toBe('777');
		expect(r.json.transaction_details.id).not.toBe(first.json.transaction_details.id);
	});

	it('6. POST /paymentv2: { url, statusCode: 200, success: true, redirect_url } pointing at the emulator’s 3DS page', async () => {
		const body = paymentBody(emu, {
			card: { number: TEST_CARDS.threeDS.number },
			return_url: { success_url: 'http://shop.example/ok', decline_url: 'http://shop.example/ko' },
		});
		const r = await api(emu, 'POST', '/paymentv2', body);
		expect(r.status).toBe(200);
		expect(keys(r.json)).toEqual(['redirect_url', 'statusCode', 'success', 'url']);
		expect(r.json.statusCode).toBe(200);
		expect(r.json.success).toBe(true);
		expect(r.json.url).toMatch(new RegExp(`^${emu.url}/__emulator/3ds/[A-Za-z0-9_-]+$`));
		expect(r.json.redirect_url).toBe(r.json.url);
	});

	it('7. POST /capture: new CAPTURE transaction, INFO0001, currency null, amount a string, no billing', async () => {
		const { id, body } = await authorise('100.00');
		const r = await api(emu, 'POST', '/capture', {
			transactionId: id,
			amount: '40.00',
			merchant_id: emu.merchantId,
			notes: 'first part',
		});
		expect(r.status).toBe(201);
		expect(keys(r.json)).toEqual(FOLLOW_UP_KEYS);
		expect(r.json).toMatchObject({ success: true, status_code: 201, is_live: false, transaction_type: 'CAPTURE' });
		expect(r.json.gateway_response).toEqual({
			version: '1',
			type: 'INFO',
			message: 'Amount successfully captured.',
			code: 'INFO0001',
		});
		expect(keys(r.json.merchant_details)).toEqual(['legal_name', 'merchant_txn_ref', 'mid']);
		expect(r.json.merchant_details.merchant_txn_ref).toBe(body.merchant_txn_ref);
		expect(keys(r.json.payment_details)).toEqual(PAYMENT_KEYS);
		expect(r.json.payment_details.amount).toBe('40.00');
		expect(r.json.payment_details.currency).toBeNull();
		expect(r.json.payment_details.card.number).toBe('411111******1111');
		expect(keys(r.json.transaction_details)).toEqual(['id', 'merchant_txn_ref', 'ref', 'timestamp']);
		expect(r.json.transaction_details.id).toMatch(UUID_RE);
		expect(r.json.transaction_details.id).not.toBe(id);
		expect(typeof r.json.transaction_details.ref).toBe('string');
	});

	it('8. POST /refund: REFUND, INFO0002, currency null, stored_payment_method_id in transaction_details (refund sample)', async () => {
		const pay = await api(emu, 'POST', '/payment', paymentBody(emu, { amount: '50.00', currency: 'USD' }));
		const r = await api(emu, 'POST', '/refund', {
			transactionId: pay.json.transaction_details.id,
			amount: '20.00',
			merchant_id: emu.merchantId,
			notes: 'returned',
		});
		expect(r.status).toBe(201);
		expect(keys(r.json)).toEqual(FOLLOW_UP_KEYS);
		expect(r.json.transaction_type).toBe('REFUND');
		expect(r.json.gateway_response).toEqual({
			version: '1',
			type: 'INFO',
			message: 'Amount successfully refunded.',
			code: 'INFO0002',
		});
		expect(r.json.payment_details.amount).toBe('20.00');
		expect(r.json.payment_details.currency).toBeNull();
		expect(keys(r.json.transaction_details)).toEqual([
			'id',
			'merchant_txn_ref',
			'ref',
			'stored_payment_method_id',
			'timestamp',
		]);
	});

	it('9. POST /void: VOID, INFO0003 "Amount Successfully Cancelled.", amount = the authorized amount', async () => {
		const { id } = await authorise('12.34');
		const r = await api(emu, 'POST', '/void', { transactionId: id, merchant_id: emu.merchantId });
		expect(r.status).toBe(201);
		expect(keys(r.json)).toEqual(FOLLOW_UP_KEYS);
		expect(r.json.transaction_type).toBe('VOID');
		expect(r.json.gateway_response).toEqual({
			version: '1',
			type: 'INFO',
			message: 'Amount Successfully Cancelled.',
			code: 'INFO0003',
		});
		expect(r.json.payment_details.amount).toBe('12.34');
		expect(r.json.payment_details.currency).toBeNull();
		expect(keys(r.json.transaction_details)).toEqual(['id', 'merchant_txn_ref', 'ref', 'timestamp']);
	});

	it('10. GET /transaction/status/{id}: billing inside transaction_details, risk_details (underscore), amount and ref numbers, responseDescription', async () => {
		const { id, body } = await authorise('2', 'JPY');
		const r = await api(emu, 'GET', `/transaction/status/${id}`);
		expect(r.status).toBe(200);
		const b = r.json;
		expect(keys(b)).toEqual(
			[
				'success',
				'status_code',
				'is_live',
				'transaction_type',
				'gateway_response',
				'merchant_details',
				'payment_details',
				'transaction_details',
				'risk_details',
			].sort(),
		);
		expect(b).toMatchObject({ success: true, status_code: 200, is_live: false, transaction_type: 'PRE_AUTH' });
		expect(b.gateway_response).toEqual({
			version: '1',
			type: 'INFO',
			message: 'Payment Successful.',
			code: 'INFO0000',
		});
		expect(keys(b.merchant_details)).toEqual(['legal_name', 'merchant_txn_ref', 'mid']);
		expect(keys(b.payment_details)).toEqual([...PAYMENT_KEYS, 'responseDescription'].sort());
		expect(b.payment_details.amount).toBe(2);
		expect(b.payment_details.currency).toBe('JPY');
		expect(b.payment_details.responseDescription).toBe('The transaction was completed successfully.');
		expect(b.payment_details).not.toHaveProperty('additional_data');
		expect(keys(b.transaction_details)).toEqual(['billing_details', 'id', 'ref', 'timestamp']);
		expect(typeof b.transaction_details.ref).toBe('number');
		expect(b.transaction_details.id).toBe(id);
		expect(b.transaction_details.billing_details.billing_address).toEqual(body.billing_address);
		expect(b.transaction_details.billing_details.shipping_address).toEqual(body.shipping_address);
		expect(b.risk_details).toEqual({ risk_score: null });
		expect(b).not.toHaveProperty('risk-details');
	});

	it('10b. status of capture, refund and void transactions gives their own type', async () => {
		const { id } = await authorise('100.00');
		const cap = await api(emu, 'POST', '/capture', {
			transactionId: id,
			amount: '100.00',
			merchant_id: emu.merchantId,
		});
		const ref = await api(emu, 'POST', '/refund', {
			transactionId: cap.json.transaction_details.id,
			amount: '1.00',
			merchant_id: emu.merchantId,
		});
		const other = await authorise('5.00');
		const voided = await api(emu, 'POST', '/void', { transactionId: other.id, merchant_id: emu.merchantId });
		for (const [r, type, amount] of [
			[cap, 'CAPTURE', 100],
			[ref, 'REFUND', 1],
			[voided, 'VOID', 5],
		] as const) {
			const s = await api(emu, 'GET', `/transaction/status/${r.json.transaction_details.id}`);
			expect(s.status).toBe(200);
			expect(s.json.transaction_type).toBe(type);
			expect(s.json.payment_details.amount).toBe(amount);
			expect(s.json.payment_details.currency).toBe('USD');
		}
	});

	it('10c. status of a 3DS (paymentv2) transaction has payment_details.additional_data.payment_data_source.type "card"', async () => {
		const v2 = await api(
			emu,
			'POST',
			'/paymentv2',
			paymentBody(emu, {
				card: { number: TEST_CARDS.threeDS.number },
				return_url: { success_url: 'http://shop.example/ok' },
			}),
		);
		const done = await httpRequest(`${v2.json.url}?outcome=approve`);
		expect(done.status).toBe(302);
		const id = new URL(String(done.headers.location)).searchParams.get('transaction_reference') as string;
		const s = await api(emu, 'GET', `/transaction/status/${id}`);
		expect(s.status).toBe(200);
		expect(s.json.transaction_type).toBe('CAPTURE');
		expect(s.json.payment_details.additional_data).toEqual({ payment_data_source: { type: 'card' } });
		expect(s.json.payment_details.auth_code).toBeNull();
		expect(s.json.payment_details.payment_method).toBeNull();
		expect(s.json.risk_details).toEqual({ risk_score: null });
	});

	it('11. POST /subscription/payment: CAPTURE of the (discounted) first cycle plus a subscription_details OBJECT as in the sample', async () => {
		const body = subscriptionBody(emu);
		const r = await api(emu, 'POST', '/subscription/payment', body);
		expect(r.status).toBe(201);
		expectTransactionShape(r.json, body);
		expect(r.json.transaction_type).toBe('CAPTURE');
		expect(r.json.payment_details.amount).toBe('900'); // 1000 JPY less 10%, as the sample's 900
		expect(r.json.payment_details.currency).toBe('JPY');
		expect(r.json.transaction_details.stored_payment_method_id).toBeNull();
		const s = r.json.subscription_details;
		expect(Array.isArray(s)).toBe(false);
		expect(keys(s)).toEqual([
			'completed_payment_cycle',
			'id',
			'max_cycle_count',
			'next_payment_cycle',
			'next_payment_date',
			'status',
			'subscription_plan_details',
			'type',
		]);
		expect(s).toMatchObject({
			type: 'CYCLE',
			max_cycle_count: 2,
			status: 'ACTIVE',
			completed_payment_cycle: 1,
			next_payment_cycle: 2,
		});
		expect(s.id).toMatch(UUID_RE);
		const days = (Date.parse(s.next_payment_date) - Date.parse(r.json.transaction_details.timestamp)) / 86_400_000;
		expect(days).toBeGreaterThanOrEqual(1);
		expect(days).toBeLessThan(1.01);
		expect(keys(s.subscription_plan_details)).toEqual(PLAN_KEYS);
		expect(s.subscription_plan_details).toEqual({
			name: 'Two day plan',
			desc: 'Two day plan',
			billing_cycle_type: 'DAYS',
			billing_cycle_interval: 1,
			amount: 1000,
			ccy: 'JPY',
			trial_period_duration: '',
			trial_period_duration_type: 'NONE',
			plan_discount_percentage: 10,
			plan_discount_duration: 1,
		});
	});

	it('12. GET /subscription/list: subscription_details ARRAY, last_payment_status, subscription_transcation_details (misspelt), "" for empty plan values', async () => {
		await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu));
		await api(
			emu,
			'POST',
			'/subscription/payment',
			subscriptionBody(
				emu,
				{ cycle_type: 'MONTHS', has_discount: false, discount_percentage: undefined, discount_duration: undefined },
				{ amount: '101' },
			),
		);
		const r = await api(emu, 'GET', '/subscription/list');
		expect(r.status).toBe(200);
		expect(keys(r.json)).toEqual(['is_live', 'status_code', 'subscription_details', 'success']);
		expect(r.json).toMatchObject({ success: true, status_code: 200, is_live: false });
		expect(Array.isArray(r.json.subscription_details)).toBe(true);
		expect(r.json.subscription_details).toHaveLength(2);
		const [first, second] = r.json.subscription_details;
		for (const s of [first, second]) {
			expect(keys(s)).toEqual(SUB_OBJECT_KEYS);
			expect(s).not.toHaveProperty('subscription_transaction_details');
			expect(s.last_payment_status).toBe('SUCCESSFUL');
			expect(s.subscription_transcation_details).toHaveLength(1);
			expect(keys(s.subscription_transcation_details[0])).toEqual(SUB_TXN_KEYS);
		}
		expect(first.subscription_transcation_details[0]).toMatchObject({
			cycle: 1,
			status: 'SUCCESSFUL',
			amount: 900,
			ccy: 'JPY',
			event: 'CAPTURED',
		});
		expect(typeof first.subscription_transcation_details[0].ref).toBe('number');
		// The list sample: MONTHLY, plan_discount_* "".
		expect(second.subscription_plan_details).toMatchObject({
			billing_cycle_type: 'MONTHLY',
			amount: 101,
			trial_period_duration: '',
			trial_period_duration_type: 'NONE',
			plan_discount_percentage: '',
			plan_discount_duration: '',
		});
	});

	it('13. GET /subscription/{id}: subscription_details is an ARRAY of one', async () => {
		const c = await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu));
		const id = c.json.subscription_details.id;
		const r = await api(emu, 'GET', `/subscription/${id}`);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ success: true, status_code: 200, is_live: false });
		expect(Array.isArray(r.json.subscription_details)).toBe(true);
		expect(r.json.subscription_details).toHaveLength(1);
		expect(keys(r.json.subscription_details[0])).toEqual(SUB_OBJECT_KEYS);
		expect(r.json.subscription_details[0].id).toBe(id);
		expect(r.json.subscription_details[0].subscription_transcation_details[0].id).toBe(c.json.transaction_details.id);
	});

	it.each([
		['pause', 'PAUSED'],
		['resume', 'ACTIVE'],
		['cancel', 'CANCELLED'],
	])(
		'14-16. GET /subscription/{id}/%s: INFO3000 "Subscription Updated." and a subscription_details OBJECT (%s)',
		async (action, status) => {
			const c = await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu));
			const id = c.json.subscription_details.id;
			if (action === 'resume') expect((await api(emu, 'GET', `/subscription/${id}/pause`)).status).toBe(200);
			const r = await api(emu, 'GET', `/subscription/${id}/${action}`);
			expect(r.status).toBe(200);
			expect(keys(r.json)).toEqual(['gateway_response', 'is_live', 'status_code', 'subscription_details', 'success']);
			expect(r.json.gateway_response).toEqual({
				version: '1',
				type: 'INFO',
				message: 'Subscription Updated.',
				code: 'INFO3000',
			});
			const s = r.json.subscription_details;
			expect(Array.isArray(s)).toBe(false);
			expect(keys(s)).toEqual(SUB_OBJECT_KEYS);
			expect(s.status).toBe(status);
			expect(s.subscription_plan_details.billing_cycle_type).toBe('DAYS');
			expect(s.subscription_plan_details.plan_discount_percentage).toBe(10);
			expect(s.subscription_transcation_details[0]).toMatchObject({
				cycle: 1,
				status: 'SUCCESSFUL',
				amount: 900,
				event: 'CAPTURED',
			});
		},
	);
});
