import { startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { api, hppBody, httpRequest, paymentBody, subscriptionBody, type AuthMode } from './testkit';
import { BASE_PATH } from './index';

let emu: RunningEmulator;
beforeEach(async () => {
	emu = await startEmulator({ port: 0, apiKey: 'key-123', xApiKey: 'xkey-456', merchantId: 'JP00000328' });
});
afterEach(() => emu.close());

function expectError(r: { status: number; json: any }, status: number, message: RegExp) {
	expect(r.status).toBe(status);
	expect(r.json).toMatchObject({ success: false, status_code: status, gateway_response: { type: 'ERROR' } });
	expect(typeof r.json.gateway_response.code).toBe('string');
	expect(r.json.gateway_response.message).toMatch(message);
}

describe('authentication', () => {
	it('exposes the keys it was started with, and the encoded key is base64(apiKey + ":")', () => {
		expect(emu.apiKey).toBe('key-123');
		expect(emu.xApiKey).toBe('xkey-456');
		expect(emu.merchantId).toBe('JP00000328');
		expect(emu.encodedApiKey).toBe(Buffer.from('key-123:').toString('base64'));
	});

	it.each<[string, AuthMode]>([
		['Basic base64(key + ":") (curl -u key:)', 'colon'],
		['Basic base64(key) (the "encoded key" without a colon)', 'no-colon'],
	])('accepts %s', async (_label, auth) => {
		const r = await api(emu, 'POST', '/payment', paymentBody(emu), { auth });
		expect(r.status).toBe(201);
		expect(r.json.success).toBe(true);
	});

	it('accepts the scheme name in any case', async () => {
		const r = await api(emu, 'GET', '/subscription/list', undefined, {
			auth: { authorization: `basic ${emu.encodedApiKey}`, xApiKey: 'xkey-456' },
		});
		expect(r.status).toBe(200);
	});

	it.each<[string, AuthMode, RegExp]>([
		['no headers at all', 'none', /Missing Authorization/],
		['no Authorization', { xApiKey: 'xkey-456' }, /Missing Authorization/],
		['the raw key without base64', { authorization: 'Basic key-123', xApiKey: 'xkey-456' }, /Invalid API key/],
		['the raw key without "Basic"', { authorization: 'key-123', xApiKey: 'xkey-456' }, /Basic/],
		[
			'Bearer instead of Basic',
			{ authorization: `Bearer ${Buffer.from('key-123:').toString('base64')}`, xApiKey: 'xkey-456' },
			/Basic/,
		],
		[
			'a wrong key',
			{ authorization: `Basic ${Buffer.from('nope:').toString('base64')}`, xApiKey: 'xkey-456' },
			/Invalid API key/,
		],
		['no x-api-key', { authorization: `Basic ${Buffer.from('key-123:').toString('base64')}` }, /Missing x-api-key/],
		[
			'a wrong x-api-key',
			{ authorization: `Basic ${Buffer.from('key-123:').toString('base64')}`, xApiKey: 'other' },
			/Invalid x-api-key/,
		],
		[
			'the api key as x-api-key',
			{ authorization: `Basic ${Buffer.from('key-123:').toString('base64')}`, xApiKey: 'key-123' },
			/Invalid x-api-key/,
		],
	])('answers 401 with a JSON gateway_response for %s', async (_label, auth, message) => {
		const r = await api(emu, 'POST', '/payment', paymentBody(emu), { auth });
		expectError(r, 401, message);
		expect(r.headers['content-type']).toMatch(/^application\/json/);
		expect(emu.transactions()).toHaveLength(0);
	});

	it('guards GET calls as well', async () => {
		expectError(await api(emu, 'GET', '/subscription/list', undefined, { auth: 'none' }), 401, /Missing Authorization/);
		expectError(
			await api(emu, 'GET', '/transaction/status/b2c120f8-6d34-4f8f-a736-b34943dde2d7', undefined, { auth: 'none' }),
			401,
			/Missing/,
		);
	});

	it('answers 401 when the body’s merchant_id is not the emulator’s merchant, on every kind of call', async () => {
		const pay = await api(emu, 'POST', '/payment', paymentBody(emu, { merchant_id: 'JP00000999' }));
		expectError(pay, 401, /merchant_id "JP00000999" does not match/);
		const hpp = await api(emu, 'POST', '/hpp/generate/link', hppBody(emu, { merchant_id: 'OTHER' }));
		expectError(hpp, 401, /merchant_id/);
		const auth = await api(emu, 'POST', '/authorization', paymentBody(emu));
		const cap = await api(emu, 'POST', '/capture', {
			transactionId: auth.json.transaction_details.id,
			amount: '1',
			merchant_id: 'JP00000999',
		});
		expectError(cap, 401, /merchant_id/);
		expect(emu.transactions()).toHaveLength(1);
	});
});

describe('validation (the manual’s field tables) → 400 naming the field', () => {
	const long = (n: number) => 'x'.repeat(n);

	it.each<[string, string, Record<string, unknown>, RegExp]>([
		['amount missing', '/payment', { amount: undefined }, /amount is required/],
		['amount with decimals in JPY', '/payment', { amount: '10.5' }, /amount has more decimal places than JPY allows/],
		['amount negative', '/payment', { amount: -5 }, /amount must be greater than 0/],
		['amount zero', '/authorization', { amount: '0' }, /amount must be greater than 0/],
		['amount not a number', '/payment', { amount: 'ten' }, /amount must be a decimal number/],
		['currency missing', '/payment', { currency: undefined }, /currency is required/],
		['currency of 2 letters', '/payment', { currency: 'JP' }, /currency must be a 3-letter/],
		['currency in lower case', '/payment', { currency: 'jpy' }, /currency must be a 3-letter/],
		['currency not ISO 4217', '/payment', { currency: 'XYZ' }, /currency is not an ISO 4217/],
		['card missing', '/payment', { card: undefined }, /card is required/],
		[
			'card.number with letters',
			'/payment',
			{ card: { number: '4111abcd11111111' } },
			/card\.number must be 13 to 19 digits/,
		],
		['card.number too short', '/payment', { card: { number: '411111' } }, /card\.number must be 13 to 19 digits/],
		['card.number not a string', '/payment', { card: { number: 4111111111111111 } }, /card\.number must be a string/],
		['card.cvc of 2 digits', '/payment', { card: { cvc: '12' } }, /card\.cvc must be 3 or 4 digits/],
		['card.cvc of 5 digits', '/payment', { card: { cvc: '12345' } }, /card\.cvc must be at most 4/],
		['card.cvc of 4 digits on a VISA', '/payment', { card: { cvc: '1234' } }, /card\.cvc must be 3 digits/],
		[
			'card.cvc of 3 digits on an AMEX',
			'/payment',
			{ card: { number: TEST_CARDS.amex.number, cvc: '123' } },
			/card\.cvc must be 4 digits for an AMEX/,
		],
		['card.cvc missing', '/authorization', { card: { cvc: undefined } }, /card\.cvc is required/],
		['card.expiry_month 13', '/payment', { card: { expiry_month: '13' } }, /card\.expiry_month must be a month/],
		[
			'card.expiry_year of 4 digits',
			'/payment',
			{ card: { expiry_year: '2030' } },
			/card\.expiry_year must be at most 2/,
		],
		[
			'an expired card',
			'/payment',
			{ card: { expiry_month: '01', expiry_year: '20' } },
			/card\.expiry_year with card\.expiry_month: the card expired \(01\/20\)/,
		],
		['card.name empty', '/payment', { card: { name: '' } }, /card\.name is required/],
		['card.name of 256 characters', '/payment', { card: { name: long(256) } }, /card\.name must be at most 255/],
		['merchant_txn_ref missing', '/payment', { merchant_txn_ref: undefined }, /merchant_txn_ref is required/],
		[
			'merchant_txn_ref of 46 characters',
			'/payment',
			{ merchant_txn_ref: long(46) },
			/merchant_txn_ref must be at most 45/,
		],
		['customer_ip missing', '/payment', { customer_ip: undefined }, /customer_ip is required/],
		['customer_ip of 46 characters', '/payment', { customer_ip: long(46) }, /customer_ip must be at most 45/],
		['merchant_id missing', '/payment', { merchant_id: undefined }, /merchant_id is required/],
		['billing_address missing', '/payment', { billing_address: undefined }, /billing_address is required/],
		[
			'billing_address.country of 3 letters',
			'/payment',
			{ billing_address: { country: 'JPN' } },
			/billing_address\.country must be at most 2/,
		],
		[
			'billing_address.country in lower case',
			'/payment',
			{ billing_address: { country: 'jp' } },
			/billing_address\.country must be a 2-letter/,
		],
		[
			'billing_address.email of 46 characters',
			'/payment',
			{ billing_address: { email: `${long(40)}@a.com` } },
			/billing_address\.email must be at most 45/,
		],
		[
			'billing_address.email not an email',
			'/payment',
			{ billing_address: { email: 'nobody' } },
			/billing_address\.email must be an email/,
		],
		[
			'billing_address.phone_number of 21 characters',
			'/payment',
			{ billing_address: { phone_number: '1'.repeat(21) } },
			/billing_address\.phone_number must be at most 20/,
		],
		[
			'billing_address.phone_number missing',
			'/payment',
			{ billing_address: { phone_number: undefined } },
			/billing_address\.phone_number is required/,
		],
		[
			'billing_address.address1 of 200 characters',
			'/payment',
			{ billing_address: { address1: long(200) } },
			/billing_address\.address1 must be at most 199/,
		],
		[
			'billing_address.city of 66 characters',
			'/payment',
			{ billing_address: { city: long(66) } },
			/billing_address\.city must be at most 65/,
		],
		[
			'billing_address.state of 66 characters',
			'/payment',
			{ billing_address: { state: long(66) } },
			/billing_address\.state must be at most 65/,
		],
		[
			'billing_address.postal_code missing',
			'/payment',
			{ billing_address: { postal_code: undefined } },
			/billing_address\.postal_code is required/,
		],
		[
			'billing_address.postal_code of 46 characters',
			'/payment',
			{ billing_address: { postal_code: long(46) } },
			/billing_address\.postal_code must be at most 45/,
		],
		[
			'shipping_address.city missing (Purchase table: mandatory when the object is sent)',
			'/payment',
			{ shipping_address: { city: undefined } },
			/shipping_address\.city is required/,
		],
		[
			'return_url.webhook_url not a URL',
			'/payment',
			{ return_url: { webhook_url: 'not a url' } },
			/return_url\.webhook_url must be an absolute http\(s\) URL/,
		],
		[
			'return_url.success_url of 256 characters',
			'/payment',
			{ return_url: { success_url: `http://a.example/${long(240)}` } },
			/return_url\.success_url must be at most 255/,
		],
		['time_zone missing', '/payment', { time_zone: undefined }, /time_zone is required/],
		['time_zone not IANA', '/authorization', { time_zone: 'Mars/Olympus' }, /time_zone must be an IANA time zone/],
		[
			'cardinal_session_id of 129 characters',
			'/payment',
			{ cardinal_session_id: long(129) },
			/cardinal_session_id must be at most 128/,
		],
		[
			'payment_method.type missing',
			'/payment',
			{ payment_method: { store_payment_method: true } },
			/payment_method\.type is required/,
		],
		[
			'payment_method.store_payment_method not a boolean',
			'/payment',
			{ payment_method: { type: 'VISA', store_payment_method: 'true' } },
			/payment_method\.store_payment_method must be a boolean/,
		],
		[
			'paymentv2 without return_url (mandatory for 3DS)',
			'/paymentv2',
			{ return_url: undefined },
			/return_url is required/,
		],
		[
			'paymentv2 with browser_info not an object',
			'/paymentv2',
			{ return_url: {}, browser_info: 'chrome' },
			/browser_info must be a JSON object/,
		],
	])('%s', async (_label, path, patch, message) => {
		const r = await api(emu, 'POST', path, paymentBody(emu, patch));
		expectError(r, 400, message);
		expect(emu.transactions()).toHaveLength(0);
	});

	it('names every problem at once and uses VAL0035 when the card holder name is the first one', async () => {
		const r = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, { card: { name: '' }, currency: 'jp', billing_address: { country: 'Japan' } }),
		);
		expectError(r, 400, /currency.*card\.name.*billing_address\.country/);
		expect(r.json.gateway_response.code).toBe('VAL0001');
		const nameOnly = await api(emu, 'POST', '/payment', paymentBody(emu, { card: { name: '' } }));
		expect(nameOnly.json.gateway_response.code).toBe('VAL0035');
	});

	it('accepts amounts as string, float and int, a shipping address left out, and empty return URLs (as the samples)', async () => {
		for (const amount of ['10', 10, 10.0]) {
			const r = await api(
				emu,
				'POST',
				'/payment',
				paymentBody(emu, {
					amount,
					shipping_address: undefined,
					return_url: { webhook_url: '', success_url: '', decline_url: '' },
				}),
			);
			expect(r.status).toBe(201);
			expect(r.json.payment_details.amount).toBe('10');
		}
		const usd = await api(emu, 'POST', '/payment', paymentBody(emu, { amount: 10.1, currency: 'USD' }));
		expect(usd.json.payment_details.amount).toBe('10.10');
	});

	it('token and subscription tables make every shipping field optional', async () => {
		const partial = { shipping_address: { city: undefined, email: undefined, phone_number: undefined } };
		const token = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, { ...partial, payment_method: { type: 'VISA', store_payment_method: true } }),
		);
		expect(token.status).toBe(201);
		const sub = await api(emu, 'POST', '/subscription/payment', subscriptionBody(emu, {}, partial));
		expect(sub.status).toBe(201);
	});

	it('paymentv2 does not require time_zone (the 3DS manual leaves it optional)', async () => {
		const r = await api(
			emu,
			'POST',
			'/paymentv2',
			paymentBody(emu, { time_zone: undefined, return_url: { success_url: 'http://shop.example/ok' } }),
		);
		expect(r.status).toBe(200);
	});

	it('rejects a body that is not JSON, or not an object', async () => {
		const bad = await httpRequest(`${emu.url}${BASE_PATH}/payment`, {
			method: 'POST',
			body: '{"amount": 10,',
			headers: { authorization: `Basic ${emu.encodedApiKey}`, 'x-api-key': emu.xApiKey },
		});
		expectError(bad, 400, /not valid JSON/);
		expectError(await api(emu, 'POST', '/payment', [1, 2]), 400, /JSON object/);
		expectError(await api(emu, 'POST', '/payment'), 400, /JSON object/);
	});

	describe('HPP link (its own table: phone not phone_number, no postal_code, amount may be null)', () => {
		it.each<[string, Record<string, unknown>, RegExp]>([
			['amount absent', { amount: undefined }, /amount is required/],
			['currency null with an amount', { currency: null }, /currency is required/],
			['merchant_email missing', { merchant_email: undefined }, /merchant_email is required/],
			[
				'merchant_email of 46 characters',
				{ merchant_email: `${'m'.repeat(40)}@a.com` },
				/merchant_email must be at most 45/,
			],
			['merchant_txn_ref missing', { merchant_txn_ref: undefined }, /merchant_txn_ref is required/],
			[
				'billing_address.phone_number instead of phone',
				{ billing_address: { phone: undefined, phone_number: '8112345678' } },
				/billing_address\.phone is required/,
			],
			[
				'billing_address.phone of 16 characters',
				{ billing_address: { phone: '1'.repeat(16) } },
				/billing_address\.phone must be at most 15/,
			],
			[
				'shipping_address.phone of 21 characters',
				{ shipping_address: { phone: '1'.repeat(21) } },
				/shipping_address\.phone must be at most 20/,
			],
			[
				'return_url.cancel_url not a URL',
				{ return_url: { cancel_url: 'nope' } },
				/return_url\.cancel_url must be an absolute/,
			],
			[
				'payment_method.store_payment_method missing',
				{ payment_method: { type: 'VISA' } },
				/payment_method\.store_payment_method is required/,
			],
		])('%s', async (_label, patch, message) => {
			expectError(await api(emu, 'POST', '/hpp/generate/link', hppBody(emu, patch)), 400, message);
		});
	});

	describe('capture / refund / void', () => {
		it.each<[string, string, Record<string, unknown>, RegExp]>([
			['transactionId missing', '/capture', { transactionId: undefined }, /transactionId is required/],
			[
				'transactionId not a UUID',
				'/refund',
				{ transactionId: 'abc' },
				/transactionId must be a transaction id \(UUID\)/,
			],
			[
				'transactionId of 37 characters',
				'/void',
				{ transactionId: `${'a'.repeat(37)}` },
				/transactionId must be at most 36/,
			],
			['amount missing', '/capture', { amount: undefined }, /amount is required/],
			['amount not a number', '/refund', { amount: 'lots' }, /amount must be a decimal number/],
			['merchant_id of 11 characters (the table says 10)', '/capture', { merchant_id: 'JP000003281' }, /merchant_id/],
			['notes of 129 characters', '/refund', { notes: 'n'.repeat(129) }, /notes must be at most 128/],
		])('%s', async (_label, path, patch, message) => {
			const auth = await api(emu, 'POST', '/authorization', paymentBody(emu));
			const base = { transactionId: auth.json.transaction_details.id, amount: '1', merchant_id: emu.merchantId };
			const body: Record<string, unknown> = { ...base, ...patch };
			for (const k of Object.keys(patch)) if (patch[k] === undefined) delete body[k];
			const r = await api(emu, 'POST', path, body);
			// merchant_id too long is also "not our merchant": either answer names merchant_id.
			expect([400, 401]).toContain(r.status);
			expectError(r, r.status, message);
		});
	});

	it('GET status with a malformed id → 400, an unknown id → 404', async () => {
		expectError(await api(emu, 'GET', '/transaction/status/not-a-uuid'), 400, /transactionId must be a transaction id/);
		expectError(
			await api(emu, 'GET', '/transaction/status/b2c120f8-6d34-4f8f-a736-b34943dde2d7'),
			404,
			/Transaction b2c120f8-6d34-4f8f-a736-b34943dde2d7 not found/,
		);
	});

	it('unknown routes and wrong methods → 404', async () => {
		expectError(await api(emu, 'GET', '/payment'), 404, /Cannot GET/);
		expectError(await api(emu, 'POST', '/nothing-here', {}), 404, /Route not found/);
		const outside = await httpRequest(`${emu.url}/api/v2/whatever`);
		expect(outside.status).toBe(404);
	});
});
