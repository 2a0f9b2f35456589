import {
	captureRequestSchema,
	checkAmount,
	hostedPaymentLinkRequestSchema,
	isIanaTimeZone,
	passesLuhn,
	paymentRequestSchema,
	subscriptionRequestSchema,
	threeDsPaymentRequestSchema,
	validateRequest,
	voidRequestSchema,
} from '../../nodes/DasGateway/gateway/schemas';
import * as manual from '../fixtures/manualVerbatim';

const nextYear = String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0');

const payment = {
	amount: '10.50',
	currency: 'USD',
	merchant_txn_ref: 'order-1',
	customer_ip: '203.0.113.7',
	merchant_id: 'EMU0000001',
	time_zone: 'Asia/Kuala_Lumpur',
	card: { number: '4111111111111111', name: 'Ada Lovelace', cvc: '123', expiry_month: '12', expiry_year: nextYear },
	billing_address: {
		country: 'GB',
		email: 'ada@example.com',
		phone_number: '+44 20 7946 0000',
		address1: '1 Analytical Way',
		city: 'London',
		state: 'London',
		postal_code: 'N1 9GU',
	},
};

function issuesOf(schema: Parameters<typeof validateRequest>[0], body: unknown) {
	const result = validateRequest(schema, body);
	return result.ok ? {} : Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message]));
}

describe('payment request', () => {
	it('accepts a complete body and normalizes what the gateway expects', () => {
		const result = validateRequest(paymentRequestSchema, {
			...payment,
			currency: 'usd',
			card: { ...payment.card, number: '4111-1111 1111-1111', expiry_month: 3 },
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.currency).toBe('USD');
		expect(result.data.amount).toBe('10.5');
		expect(result.data.card).toMatchObject({ number: '4111111111111111', expiry_month: '03' });
	});

	it.each([
		['currency', { currency: 'JPYY' }, 'currency', 'ISO 4217'],
		[
			'country',
			{ billing_address: { ...payment.billing_address, country: 'XX' } },
			'billing_address.country',
			'ISO 3166',
		],
		[
			'email',
			{ billing_address: { ...payment.billing_address, email: 'not-an-email' } },
			'billing_address.email',
			'valid email',
		],
		[
			'email length',
			{ billing_address: { ...payment.billing_address, email: `${'a'.repeat(40)}@example.com` } },
			'billing_address.email',
			'at most 45',
		],
		[
			'phone length',
			{ billing_address: { ...payment.billing_address, phone_number: '1'.repeat(21) } },
			'billing_address.phone_number',
			'at most 20',
		],
		[
			'address1 length',
			{ billing_address: { ...payment.billing_address, address1: 'a'.repeat(200) } },
			'billing_address.address1',
			'at most 199',
		],
		[
			'city length',
			{ billing_address: { ...payment.billing_address, city: 'a'.repeat(66) } },
			'billing_address.city',
			'at most 65',
		],
		[
			'missing postal code',
			{ billing_address: { ...payment.billing_address, postal_code: undefined } },
			'billing_address.postal_code',
			'is required',
		],
		['IP', { customer_ip: '999.1.1.1' }, 'customer_ip', 'IPv4 or IPv6'],
		['time zone', { time_zone: 'Mars/Olympus' }, 'time_zone', 'IANA'],
		['merchant ref length', { merchant_txn_ref: 'r'.repeat(46) }, 'merchant_txn_ref', 'at most 45'],
		['Luhn', { card: { ...payment.card, number: '4111111111111112' } }, 'card.number', 'Luhn'],
		['too short', { card: { ...payment.card, number: '411111111111' } }, 'card.number', '13 to 19'],
		['too long', { card: { ...payment.card, number: '41111111111111111111' } }, 'card.number', '13 to 19'],
		['cvc', { card: { ...payment.card, cvc: '12' } }, 'card.cvc', '3 or 4 digits'],
		['month', { card: { ...payment.card, expiry_month: '13' } }, 'card.expiry_month', '01 to 12'],
		['expired', { card: { ...payment.card, expiry_month: '01', expiry_year: '20' } }, 'card.expiry_year', 'expired'],
		['zero amount', { amount: '0.00' }, 'amount', 'greater than 0'],
		['negative amount', { amount: -5 }, 'amount', 'positive number'],
		['decimals for JPY', { currency: 'JPY', amount: '100.5' }, 'amount', 'whole number for JPY'],
		['decimals for USD', { amount: '1.005' }, 'amount', 'at most 2 decimals for USD'],
		['no card', { card: undefined }, 'card', 'saved card'],
		['webhook URL', { return_url: { webhook_url: 'not a url' } }, 'return_url.webhook_url', 'full URL'],
	])('refuses a bad %s', (_name, patch, path, words) => {
		const issues = issuesOf(paymentRequestSchema, { ...payment, ...patch });
		expect(issues[path]).toEqual(expect.stringContaining(words));
	});

	it('accepts three decimals for KWD and a saved card without a card', () => {
		const body = {
			...payment,
			currency: 'KWD',
			amount: '1.234',
			card: undefined,
			payment_method: {
				type: 'visa',
				store_payment_method: true,
				stored_payment_method_id: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
			},
		};
		const result = validateRequest(paymentRequestSchema, body);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.data.payment_method?.type).toBe('VISA');
	});

	it('refuses a card together with a saved card', () => {
		const issues = issuesOf(paymentRequestSchema, {
			...payment,
			payment_method: { type: 'VISA', store_payment_method: true, stored_payment_method_id: 'tok' },
		});
		expect(issues['payment_method.stored_payment_method_id']).toContain('cannot be combined');
	});

	it('sends browser dimensions as the digit strings of the manual, from numbers or strings', () => {
		const urls = { success_url: 'https://a.example/ok', decline_url: 'https://a.example/ko' };
		const result = validateRequest(threeDsPaymentRequestSchema, {
			...payment,
			return_url: urls,
			browser_info: { screenColorDepth: 24, screenHeight: '1200', screenWidth: 1600 },
		});
		expect(result.ok && result.data.browser_info).toEqual({
			screenColorDepth: '24',
			screenHeight: '1200',
			screenWidth: '1600',
		});
		expect(
			issuesOf(threeDsPaymentRequestSchema, { ...payment, return_url: urls, browser_info: { screenColorDepth: 24.5 } }),
		).toEqual({
			'browser_info.screenColorDepth': expect.stringContaining('number of bits'),
		});
	});

	it('requires success and decline URLs for 3DS', () => {
		expect(Object.keys(issuesOf(threeDsPaymentRequestSchema, payment))).toEqual([
			'return_url.success_url',
			'return_url.decline_url',
		]);
		expect(
			validateRequest(threeDsPaymentRequestSchema, {
				...payment,
				return_url: { success_url: 'https://a.example/ok', decline_url: 'https://a.example/ko' },
			}).ok,
		).toBe(true);
	});
});

const savedCard = {
	type: 'VISA',
	store_payment_method: true,
	stored_payment_method_id: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
};
const urls3ds = { success_url: 'https://a.example/ok', decline_url: 'https://a.example/ko' };

describe('issue 9: what the manual allows is accepted, what it does not is refused', () => {
	it("accepts the 3DS manual's own request, once its placeholders and expired card year are replaced", () => {
		const { card, return_url: returnUrl } = manual.paymentV2Request;
		// As printed it is refused for exactly those: "< Webhook url >" is no URL, and 12/24 has expired.
		expect(Object.keys(issuesOf(threeDsPaymentRequestSchema, manual.paymentV2Request)).sort()).toEqual([
			'card.expiry_year',
			'return_url.webhook_url',
		]);
		const filled = {
			...manual.paymentV2Request,
			card: { ...card, expiry_year: nextYear },
			return_url: { ...returnUrl, webhook_url: 'https://shop.example/hook' },
		};
		const result = validateRequest(threeDsPaymentRequestSchema, filled);
		expect(result.ok && result.data).toEqual({ ...filled, merchant_id: '< Merchant ID >' });
	});

	it('purchase or authorize with a saved card and a shipping address with only some fields: accepted (Use of Card Token table)', () => {
		const result = validateRequest(paymentRequestSchema, {
			...payment,
			card: undefined,
			payment_method: savedCard,
			shipping_address: { country: 'jp', city: 'Tokyo' },
		});
		expect(result.ok && result.data.shipping_address).toEqual({ country: 'JP', city: 'Tokyo' });
	});

	it('saving the card with a partial shipping address: accepted (Generate Card Token table)', () => {
		const result = validateRequest(paymentRequestSchema, {
			...payment,
			payment_method: { type: 'visa', store_payment_method: true },
			shipping_address: { email: 'ship@example.com' },
		});
		expect(result.ok).toBe(true);
	});

	it('a plain card purchase with a partial shipping address: refused, naming each missing field (Purchase table)', () => {
		expect(issuesOf(paymentRequestSchema, { ...payment, shipping_address: { country: 'JP', city: 'Tokyo' } })).toEqual({
			'shipping_address.email': 'is required once a shipping address is given',
			'shipping_address.phone_number': 'is required once a shipping address is given',
			'shipping_address.address1': 'is required once a shipping address is given',
			'shipping_address.state': 'is required once a shipping address is given',
		});
	});

	it('a shipping address whose fields are all blank is not sent', () => {
		const blank = { country: '', email: ' ', phone_number: '', address1: '', city: '', state: '', postal_code: '' };
		const result = validateRequest(paymentRequestSchema, {
			...payment,
			card: undefined,
			payment_method: savedCard,
			shipping_address: blank,
		});
		expect(result.ok).toBe(true);
		expect(result.ok && 'shipping_address' in result.data).toBe(false);
	});

	it('subscription create with a partial shipping address: accepted (Create Subscription table)', () => {
		const result = validateRequest(subscriptionRequestSchema, {
			...payment,
			subscription: plan,
			shipping_address: { postal_code: '1600022' },
		});
		expect(result.ok).toBe(true);
	});

	it('purchase with 3D Secure without a time zone: accepted (the 3DS manual does not require time_zone)', () => {
		const result = validateRequest(threeDsPaymentRequestSchema, {
			...payment,
			time_zone: undefined,
			return_url: urls3ds,
		});
		expect(result.ok).toBe(true);
		expect(result.ok && result.data.time_zone).toBeUndefined();
		expect(
			issuesOf(threeDsPaymentRequestSchema, { ...payment, time_zone: 'Mars/Olympus', return_url: urls3ds }),
		).toEqual({ time_zone: expect.stringContaining('IANA') });
	});

	it('purchase with 3D Secure and a saved card: refused (the 3DS manual takes a card)', () => {
		const issues = issuesOf(threeDsPaymentRequestSchema, {
			...payment,
			card: undefined,
			payment_method: savedCard,
			return_url: urls3ds,
		});
		expect(issues.card).toBe('is required');
		expect(issues.payment_method).toContain('3DS manual takes a card only');
	});

	it('purchase with 3D Secure saving the card: refused, not silently dropped', () => {
		const issues = issuesOf(threeDsPaymentRequestSchema, {
			...payment,
			payment_method: { type: 'VISA', store_payment_method: true },
			return_url: urls3ds,
		});
		expect(Object.keys(issues)).toEqual(['payment_method']);
	});

	it('cardinal_session_id only where the token tables list it', () => {
		expect(issuesOf(paymentRequestSchema, { ...payment, cardinal_session_id: 'c-1' })).toEqual({
			cardinal_session_id: expect.stringContaining('card token tables'),
		});
		expect(
			validateRequest(paymentRequestSchema, {
				...payment,
				cardinal_session_id: 'c-1',
				payment_method: { type: 'VISA', store_payment_method: true },
			}).ok,
		).toBe(true);
		expect(
			issuesOf(threeDsPaymentRequestSchema, { ...payment, cardinal_session_id: 'c-1', return_url: urls3ds }),
		).toEqual({ cardinal_session_id: expect.stringContaining('3DS manual') });
	});

	it('browser_info only on 3D Secure purchases; cancel_url only on the hosted page', () => {
		expect(Object.keys(issuesOf(paymentRequestSchema, { ...payment, browser_info: { language: 'en' } }))).toEqual([
			'browser_info',
		]);
		expect(
			Object.keys(issuesOf(paymentRequestSchema, { ...payment, return_url: { cancel_url: 'https://a.example/c' } })),
		).toEqual(['return_url']);
	});

	it('subscription with a saved card: refused (Create Subscription takes a card)', () => {
		const issues = issuesOf(subscriptionRequestSchema, {
			...payment,
			card: undefined,
			payment_method: savedCard,
			subscription: plan,
		});
		expect(issues).toEqual({ card: 'is required', payment_method: expect.stringContaining('card only') });
	});
});

const plan = {
	plan_name: 'Monthly box',
	plan_desc: 'One box a month',
	cycle_type: 'MONTHS',
	subscription_end_type: 'CYCLE',
	cycle_interval: 1,
	max_cycle_count: 12,
	has_trial_period: false,
	has_discount: false,
};

describe('subscription plan rules', () => {
	const planSent = (patch: object) => {
		const result = validateRequest(subscriptionRequestSchema, { ...payment, subscription: { ...plan, ...patch } });
		return result.ok ? (result.data.subscription as Record<string, unknown>) : null;
	};
	const subscriptionIssues = (patch: object) =>
		issuesOf(subscriptionRequestSchema, { ...payment, subscription: { ...plan, ...patch } });

	it('accepts a plain cycle plan', () => {
		expect(subscriptionIssues({})).toEqual({});
	});
	it('subscription_end_type "UNLIMITED" is refused: the request table documents CYCLE only', () => {
		expect(subscriptionIssues({ subscription_end_type: 'UNLIMITED', max_cycle_count: undefined })).toEqual({
			'subscription.subscription_end_type': expect.stringContaining('must be CYCLE'),
			'subscription.max_cycle_count': expect.stringContaining('is required'),
		});
	});
	it('needs max cycles (mandatory for CYCLE)', () => {
		expect(subscriptionIssues({ max_cycle_count: undefined })['subscription.max_cycle_count']).toBe(
			'is required when the subscription ends after a number of cycles',
		);
	});
	it("needs trial fields with a trial; without one they are accepted and not sent (as the manual's sample sends them)", () => {
		expect(subscriptionIssues({ has_trial_period: true })['subscription.trial_period_duration']).toContain(
			'is required',
		);
		expect(
			planSent({ has_trial_period: true, trial_period_duration_type: 'DAYS', trial_period_duration: 7 }),
		).toMatchObject({ trial_period_duration_type: 'DAYS', trial_period_duration: 7 });
		const sent = planSent({ trial_period_duration_type: 'DAYS', trial_period_duration: 10 });
		expect(sent).not.toBeNull();
		expect(sent).not.toHaveProperty('trial_period_duration');
		expect(sent).not.toHaveProperty('trial_period_duration_type');
	});
	it('needs discount fields with a discount, percentage more than 0 and at most 100; without one they are not sent', () => {
		expect(subscriptionIssues({ has_discount: true })['subscription.discount_percentage']).toContain('is required');
		expect(
			subscriptionIssues({ has_discount: true, discount_percentage: 101, discount_duration: 1 })[
				'subscription.discount_percentage'
			],
		).toContain('at most 100');
		expect(
			subscriptionIssues({ has_discount: true, discount_percentage: 0, discount_duration: 1 })[
				'subscription.discount_percentage'
			],
		).toBe('must be greater than 0');
		expect(
			subscriptionIssues({ has_discount: true, discount_percentage: -5, discount_duration: 1 })[
				'subscription.discount_percentage'
			],
		).toBe('must be greater than 0');
		expect(planSent({ has_discount: true, discount_percentage: 0.5, discount_duration: 1 })).toMatchObject({
			discount_percentage: 0.5,
		});
		expect(planSent({ has_discount: true, discount_percentage: 100, discount_duration: 1 })).toMatchObject({
			discount_percentage: 100,
		});
		const sent = planSent({ discount_percentage: 50, discount_duration: 3 });
		expect(sent).not.toBeNull();
		expect(sent).not.toHaveProperty('discount_percentage');
		expect(sent).not.toHaveProperty('discount_duration');
	});
	it('refuses booleans and counts of the wrong type (a "false" string is not false)', () => {
		expect(subscriptionIssues({ has_discount: 'false' })['subscription.has_discount']).toBeDefined();
		expect(subscriptionIssues({ cycle_interval: '1' })['subscription.cycle_interval']).toBeDefined();
		expect(subscriptionIssues({ max_cycle_count: 0 })['subscription.max_cycle_count']).toBe('must be at least 1');
	});
	it('caps counts at 9999 and names at the manual lengths', () => {
		expect(subscriptionIssues({ cycle_interval: 10000 })['subscription.cycle_interval']).toContain('at most 9999');
		expect(subscriptionIssues({ plan_name: 'p'.repeat(101) })['subscription.plan_name']).toContain('at most 100');
		expect(subscriptionIssues({ cycle_type: 'WEEKS' })['subscription.cycle_type']).toContain('one of DAYS, MONTHS');
	});
});

describe('other requests', () => {
	it('capture: UUID id, 10-character merchant id, currency checked then left out', () => {
		const ok = validateRequest(captureRequestSchema, {
			transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			amount: 5,
			merchant_id: 'EMU0000001',
			currency: 'JPY',
		});
		expect(ok).toEqual({
			ok: true,
			data: { transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d', amount: '5', merchant_id: 'EMU0000001' },
		});
		const bad = issuesOf(captureRequestSchema, {
			transactionId: '123',
			amount: '5.5',
			merchant_id: 'EMU00000012',
			currency: 'JPY',
		});
		expect(bad).toEqual({
			transactionId: expect.stringContaining('UUID'),
			merchant_id: expect.stringContaining('at most 10'),
			amount: expect.stringContaining('whole number for JPY'),
		});
	});
	it('void needs a UUID', () => {
		expect(issuesOf(voidRequestSchema, { transactionId: 'nope', merchant_id: 'EMU0000001' })).toEqual({
			transactionId: expect.stringContaining('UUID'),
		});
	});
	it('hosted page: null amount allowed, billing phone at most 15', () => {
		const body = {
			amount: null,
			currency: 'JPY',
			merchant_id: 'EMU0000001',
			merchant_email: 'shop@example.com',
			merchant_txn_ref: 'hpp-1',
			billing_address: {
				country: 'JP',
				email: 'a@example.com',
				phone: '8112345678',
				address1: 'x',
				city: 'y',
				state: 'z',
			},
		};
		expect(validateRequest(hostedPaymentLinkRequestSchema, body).ok).toBe(true);
		expect(
			issuesOf(hostedPaymentLinkRequestSchema, {
				...body,
				billing_address: { ...body.billing_address, phone: '1'.repeat(16) },
			}),
		).toEqual({
			'billing_address.phone': expect.stringContaining('at most 15'),
		});
	});
});

describe('helpers', () => {
	it('Luhn', () => {
		expect(passesLuhn('4111111111111111')).toBe(true);
		expect(passesLuhn('378282246310005')).toBe(true);
		expect(passesLuhn('4111111111111112')).toBe(false);
	});
	it('time zones', () => {
		expect(isIanaTimeZone('Asia/Tokyo')).toBe(true);
		expect(isIanaTimeZone('UTC')).toBe(true);
		expect(isIanaTimeZone('EST')).toBe(false);
		expect(isIanaTimeZone('Europe/Nowhere')).toBe(false);
	});
	it('amounts become exact decimal strings', () => {
		// The number 0.1 + 0.2 is 0.30000000000000004: refused for USD rather than rounded by someone else.
		expect(checkAmount(0.1 + 0.2, 'USD').problem).toBe('must have at most 2 decimals for USD');
		expect(checkAmount('0.30', 'USD')).toEqual({ value: '0.3' });
		expect(checkAmount(10.5, 'USD')).toEqual({ value: '10.5' });
		expect(checkAmount(1e21, 'USD').problem).toContain('positive number');
		expect(checkAmount(Number.NaN, 'USD').problem).toBe('is required');
		expect(checkAmount('007.50', 'EUR')).toEqual({ value: '7.5' });
		expect(checkAmount('1,000', 'USD').problem).toContain('thousands separator');
		expect(checkAmount('', 'USD').problem).toBe('is required');
	});
});
