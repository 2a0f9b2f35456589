import { ERR3003_MESSAGE, startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { api, paymentBody } from './testkit';

let emu: RunningEmulator;
beforeEach(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.close());

const pay = (path: string, number: string, patch: Record<string, unknown> = {}) =>
	api(
		emu,
		'POST',
		path,
		paymentBody(emu, { card: { number, cvc: number.startsWith('37') ? '1234' : '123' }, ...patch }),
	);

describe('approving cards', () => {
	it.each([
		['VISA', TEST_CARDS.visa.number, 'VISA-SSL', '411111******1111'],
		['MASTERCARD', TEST_CARDS.mastercard.number, 'ECMC-SSL', '545454******5454'],
		['AMEX', TEST_CARDS.amex.number, 'AMEX-SSL', '378282*****0005'],
		['VISA', '4242424242424242', 'VISA-SSL', '424242******4242'],
		['JCB', '3530111333300000', 'JCB-SSL', '353011******0000'],
	])('%s %s approves', async (scheme, number, label, masked) => {
		for (const path of ['/payment', '/authorization']) {
			const r = await pay(path, number);
			expect(r.status).toBe(201);
			expect(r.json.success).toBe(true);
			expect(r.json.payment_details).toMatchObject({
				response_code: 0,
				scheme,
				payment_method: label,
				card: { number: masked },
			});
		}
	});
});

describe('declining cards: HTTP 201, full transaction body, success false, ERROR, response_code ≠ 0, recorded', () => {
	it.each([
		['declined', TEST_CARDS.declined.number, 5, /Do not honour/],
		['insufficient funds', TEST_CARDS.insufficientFunds.number, 51, /Insufficient funds/],
		['expired card', TEST_CARDS.expiredCard.number, 54, /Expired card/],
		['issuer system error', TEST_CARDS.issuerError.number, 96, /System error/],
	])('%s (%s) → response_code %d', async (_label, number, code, message) => {
		for (const path of ['/payment', '/authorization', '/subscription/payment']) {
			const body =
				path === '/subscription/payment'
					? {
							subscription: {
								plan_name: 'p',
								plan_desc: 'd',
								cycle_type: 'DAYS',
								subscription_end_type: 'CYCLE',
								cycle_interval: 1,
								max_cycle_count: 3,
								has_trial_period: false,
								has_discount: false,
							},
						}
					: {};
			const r = await pay(path, number, body);
			expect(r.status).toBe(201);
			expect(r.json.success).toBe(false);
			expect(r.json.status_code).toBe(201);
			expect(r.json.gateway_response.type).toBe('ERROR');
			expect(r.json.gateway_response.message).toMatch(message);
			expect(r.json.gateway_response.code).toBe(`ERR1${String(code).padStart(3, '0')}`);
			expect(r.json.payment_details.response_code).toBe(code);
			expect(r.json.payment_details.auth_code).toBeNull();
			expect(r.json.transaction_details.stored_payment_method_id).toBeNull();
			expect(r.json).not.toHaveProperty('subscription_details');
			const s = await api(emu, 'GET', `/transaction/status/${r.json.transaction_details.id}`);
			expect(s.status).toBe(200);
			expect(s.json.success).toBe(false);
			expect(s.json.payment_details.response_code).toBe(code);
			expect(s.json.payment_details.responseDescription).toMatch(message);
		}
		// A declined first cycle creates no subscription.
		expect((await api(emu, 'GET', '/subscription/list')).json.subscription_details).toEqual([]);
	});

	it('a declined card does not get a token even when asked to store it', async () => {
		const r = await pay('/payment', TEST_CARDS.declined.number, {
			payment_method: { type: 'VISA', store_payment_method: true },
		});
		expect(r.json.success).toBe(false);
		expect(r.json.transaction_details.stored_payment_method_id).toBeNull();
	});
});

describe('the 3DS card 4000002500003155', () => {
	it.each(['/payment', '/authorization'])(
		'declines on %s with response_code 65 "Authentication requested"',
		async (path) => {
			const r = await pay(path, TEST_CARDS.threeDS.number);
			expect(r.status).toBe(201);
			expect(r.json.success).toBe(false);
			expect(r.json.payment_details.response_code).toBe(65);
			expect(r.json.gateway_response.message).toMatch(/Authentication requested/);
		},
	);

	it('goes through the 3DS page on /paymentv2', async () => {
		const r = await pay('/paymentv2', TEST_CARDS.threeDS.number, {
			return_url: { success_url: 'http://shop.example/ok' },
		});
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ success: true, statusCode: 200 });
		expect(emu.transactions()).toHaveLength(0); // nothing is charged before the shopper authenticates
	});
});

describe('risk rule ERR3003 (4000000000000101)', () => {
	it.each(['/payment', '/authorization', '/paymentv2'])(
		'answers 400 on %s with the manual’s message and records no transaction',
		async (path) => {
			const r = await pay(path, TEST_CARDS.binBlacklisted.number, {
				return_url: { success_url: 'http://shop.example/ok' },
			});
			expect(r.status).toBe(400);
			expect(r.json).toMatchObject({
				success: false,
				status_code: 400,
				gateway_response: { type: 'ERROR', code: 'ERR3003', message: 'Card BIN is found on Entity’s blacklist.' },
			});
			expect(ERR3003_MESSAGE).toBe('Card BIN is found on Entity’s blacklist.');
			expect(emu.transactions()).toHaveLength(0);
		},
	);
});

describe('a card number failing Luhn', () => {
	it.each(['/payment', '/authorization', '/paymentv2'])(
		'answers 406 Not Acceptable on %s with a transaction body, response_code 14, recorded',
		async (path) => {
			const r = await pay(path, '4111111111111112', { return_url: { success_url: 'http://shop.example/ok' } });
			expect(r.status).toBe(406);
			expect(r.json.success).toBe(false);
			expect(r.json.status_code).toBe(406);
			expect(r.json.gateway_response.type).toBe('ERROR');
			expect(r.json.payment_details.response_code).toBe(14);
			expect(r.json.payment_details.card.number).toBe('411111******1112');
			const s = await api(emu, 'GET', `/transaction/status/${r.json.transaction_details.id}`);
			expect(s.status).toBe(200);
			expect(s.json.payment_details.response_code).toBe(14);
		},
	);
});
