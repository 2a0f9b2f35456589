/**
 * authorize (PRE_AUTH) → capture (partial, never beyond the authorized amount) → refund (partial,
 * never beyond the captured amount); void only before any capture. Card tokens. Idempotent replay.
 */
import { startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { api, httpRequest, newRef, paymentBody, startReceiver, subscriptionBody, type Receiver } from './testkit';

let emu: RunningEmulator;
beforeEach(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.close());

const MID = () => emu.merchantId;
const authorise = async (amount: string | number = '100.00', currency = 'USD', patch: Record<string, unknown> = {}) => {
	const r = await api(emu, 'POST', '/authorization', paymentBody(emu, { amount, currency, ...patch }));
	expect(r.status).toBe(201);
	return r.json.transaction_details.id as string;
};
const purchase = async (amount: string | number = '100.00', currency = 'USD') => {
	const r = await api(emu, 'POST', '/payment', paymentBody(emu, { amount, currency }));
	expect(r.status).toBe(201);
	return r.json.transaction_details.id as string;
};
const capture = (transactionId: string, amount: string | number) =>
	api(emu, 'POST', '/capture', { transactionId, amount, merchant_id: MID() });
const refund = (transactionId: string, amount: string | number) =>
	api(emu, 'POST', '/refund', { transactionId, amount, merchant_id: MID() });
const voidTxn = (transactionId: string) => api(emu, 'POST', '/void', { transactionId, merchant_id: MID() });
const snapshot = (id: string) => emu.transactions().find((t) => t.id === id);

function expect412(r: { status: number; json: any }, message: RegExp, code = 'ERR0412') {
	expect(r.status).toBe(412);
	expect(r.json).toMatchObject({ success: false, status_code: 412, gateway_response: { type: 'ERROR', code } });
	expect(r.json.gateway_response.message).toMatch(message);
}

describe('capture', () => {
	it('allows partial captures up to the authorized amount, then 412', async () => {
		const id = await authorise('100.00');
		expect((await capture(id, '30.00')).status).toBe(201);
		expect((await capture(id, 70)).status).toBe(201);
		expect(snapshot(id)).toMatchObject({ type: 'PRE_AUTH', capturedAmount: '100.00' });
		expect412(await capture(id, '0.01'), /already fully captured/);
	});

	it('refuses an over-capture with 412 naming the remaining amount, and changes nothing', async () => {
		const id = await authorise('50.00');
		expect((await capture(id, '20.00')).status).toBe(201);
		expect412(
			await capture(id, '30.01'),
			/Capture amount 30\.01 USD exceeds the remaining authorised amount 30\.00 USD/,
		);
		expect(snapshot(id)?.capturedAmount).toBe('20.00');
		expect((await capture(id, '30.00')).status).toBe(201);
	});

	it('keeps amounts exact: 0.10 + 0.20 captures fill a 0.30 authorization', async () => {
		const id = await authorise('0.30');
		expect((await capture(id, '0.10')).status).toBe(201);
		expect((await capture(id, 0.2)).status).toBe(201);
		expect(snapshot(id)?.capturedAmount).toBe('0.30');
		expect((await capture(id, '0.01')).status).toBe(412);
	});

	it('works in minor units per currency: JPY has no decimals, KWD has three', async () => {
		const jpy = await authorise('1000', 'JPY');
		for (let i = 0; i < 3; i++) expect((await capture(jpy, '333')).status).toBe(201);
		expect((await capture(jpy, '2')).status).toBe(412);
		expect((await capture(jpy, '0.5')).status).toBe(400);
		expect((await capture(jpy, '1')).status).toBe(201);
		const kwd = await authorise('1.234', 'KWD');
		const tooPrecise = await capture(kwd, '1.2345');
		expect(tooPrecise.status).toBe(400);
		expect(tooPrecise.json.gateway_response.message).toMatch(/amount has more decimal places than KWD allows \(3\)/);
		expect((await capture(kwd, '1.234')).json.payment_details.amount).toBe('1.234');
	});

	it('refuses to capture a purchase, a capture, a refund, a void or a declined authorization', async () => {
		const p = await purchase();
		expect412(await capture(p, '1'), /is a CAPTURE; only an authorised \(PRE_AUTH\)/);
		const a = await authorise();
		const c = (await capture(a, '10')).json.transaction_details.id;
		expect412(await capture(c, '1'), /is a CAPTURE/);
		const rf = (await refund(c, '1')).json.transaction_details.id;
		expect412(await capture(rf, '1'), /is a REFUND/);
		const a2 = await authorise();
		const v = (await voidTxn(a2)).json.transaction_details.id;
		expect412(await capture(v, '1'), /is a VOID/);
		expect412(await capture(a2, '1'), /has been voided/);
		const declined = await authorise('10.00', 'USD', { card: { number: TEST_CARDS.declined.number } });
		expect412(await capture(declined, '1'), /was declined \(response_code 5\)/);
	});
});

describe('refund', () => {
	it('allows partial refunds of a purchase up to the captured amount, then 412 ERR0204', async () => {
		const p = await purchase('100.00');
		expect((await refund(p, '60.00')).status).toBe(201);
		expect412(
			await refund(p, '40.01'),
			/You don’t have balance amount for refund\. Requested 40\.01 USD, refundable 40\.00 USD/,
			'ERR0204',
		);
		expect((await refund(p, '40')).status).toBe(201);
		expect(snapshot(p)).toMatchObject({ refundedAmount: '100.00' });
		expect412(await refund(p, '0.01'), /balance amount for refund/, 'ERR0204');
	});

	it('refuses to refund an authorization before capture, and accepts its id once captured', async () => {
		const a = await authorise('100.00');
		expect412(await refund(a, '1'), /has not been captured/);
		const c = (await capture(a, '60.00')).json.transaction_details.id;
		const viaAuth = await refund(a, '10.00');
		expect(viaAuth.status).toBe(201);
		expect(viaAuth.json.transaction_type).toBe('REFUND');
		// The capture id and the authorization id draw on the same captured money.
		expect((await refund(c, '45.00')).status).toBe(201);
		expect412(await refund(a, '5.01'), /refundable 5\.00 USD/, 'ERR0204');
		expect412(await refund(c, '5.01'), /refundable 5\.00 USD/, 'ERR0204');
		expect((await refund(c, '5.00')).status).toBe(201);
		expect(snapshot(a)).toMatchObject({ capturedAmount: '60.00', refundedAmount: '60.00' });
		expect(snapshot(c)).toMatchObject({ capturedAmount: '60.00', refundedAmount: '60.00' });
	});

	it('limits a capture’s refund to that capture when there are several', async () => {
		const a = await authorise('100.00');
		const c1 = (await capture(a, '30.00')).json.transaction_details.id;
		const c2 = (await capture(a, '70.00')).json.transaction_details.id;
		expect412(await refund(c1, '30.01'), /refundable 30\.00 USD/, 'ERR0204');
		expect((await refund(c2, '70.00')).status).toBe(201);
		expect((await refund(a, '30.00')).status).toBe(201); // what is left sits on c1
		expect(snapshot(c1)?.refundedAmount).toBe('30.00');
	});

	it('refuses to refund a refund, a void or a declined purchase', async () => {
		const p = await purchase();
		const rf = (await refund(p, '1')).json.transaction_details.id;
		expect412(await refund(rf, '1'), /is a REFUND; only a captured transaction can be refunded/);
		const a = await authorise();
		const v = (await voidTxn(a)).json.transaction_details.id;
		expect412(await refund(v, '1'), /is a VOID/);
		const declined = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, { card: { number: TEST_CARDS.insufficientFunds.number } }),
		);
		expect412(await refund(declined.json.transaction_details.id, '1'), /was declined \(response_code 51\)/);
	});
});

describe('void', () => {
	it('voids an authorization before any capture, once', async () => {
		const a = await authorise('25.00');
		const v = await voidTxn(a);
		expect(v.status).toBe(201);
		expect(v.json.payment_details.amount).toBe('25.00');
		expect(snapshot(a)?.voided).toBe(true);
		expect(snapshot(v.json.transaction_details.id)).toMatchObject({ type: 'VOID', parentId: a });
		expect412(await voidTxn(a), /already voided/);
	});

	it('refuses to void after a capture (even partial), or a purchase', async () => {
		const a = await authorise('25.00');
		expect((await capture(a, '1.00')).status).toBe(201);
		expect412(await voidTxn(a), /already been captured; it can no longer be voided/);
		expect412(
			await voidTxn(await purchase()),
			/is a CAPTURE; only an authorisation \(PRE_AUTH\) can be voided \(refund it instead\)/,
		);
	});
});

describe('ids', () => {
	it('answers 404 for an unknown transaction and 400 for a malformed id, on every follow-up call', async () => {
		const unknown = 'b2c120f8-6d34-4f8f-a736-b34943dde2d7';
		for (const r of [await capture(unknown, '1'), await refund(unknown, '1'), await voidTxn(unknown)]) {
			expect(r.status).toBe(404);
			expect(r.json.gateway_response.message).toBe(`Transaction ${unknown} not found`);
		}
		for (const r of [await capture('123', '1'), await refund('123', '1'), await voidTxn('123')])
			expect(r.status).toBe(400);
	});

	it('gives each capture, refund and void its own id, linked to its parent', async () => {
		const a = await authorise();
		const c = (await capture(a, '10')).json.transaction_details.id;
		const r = (await refund(c, '1')).json.transaction_details.id;
		expect(new Set([a, c, r]).size).toBe(3);
		expect(snapshot(c)).toMatchObject({ type: 'CAPTURE', parentId: a });
		expect(snapshot(r)).toMatchObject({ type: 'REFUND', parentId: c });
	});
});

describe('card tokens', () => {
	it.each(['/payment', '/authorization'])(
		'stores a card on %s and charges it without a card on /payment and /authorization',
		async (path) => {
			const first = await api(
				emu,
				'POST',
				path,
				paymentBody(emu, { payment_method: { type: 'VISA', store_payment_method: true } }),
			);
			const token = first.json.transaction_details.stored_payment_method_id;
			expect(token).toEqual(expect.any(String));
			for (const usePath of ['/payment', '/authorization']) {
				const r = await api(
					emu,
					'POST',
					usePath,
					paymentBody(emu, {
						card: undefined,
						payment_method: { type: 'VISA', store_payment_method: true, stored_payment_method_id: token },
					}),
				);
				expect(r.status).toBe(201);
				expect(r.json.success).toBe(true);
				expect(r.json.transaction_type).toBe(usePath === '/payment' ? 'CAPTURE' : 'PRE_AUTH');
				expect(r.json.transaction_details.stored_payment_method_id).toBe(token);
				expect(r.json.payment_details.card.number).toBe('411111******1111');
			}
		},
	);

	it('does not store a card unless asked', async () => {
		const r = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, { payment_method: { type: 'VISA', store_payment_method: false } }),
		);
		expect(r.json.transaction_details.stored_payment_method_id).toBeNull();
	});

	it('answers 404 for an unknown token, 400 for a token with store_payment_method false or together with a card', async () => {
		const unknown = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, {
				card: undefined,
				payment_method: {
					type: 'VISA',
					store_payment_method: true,
					stored_payment_method_id: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
				},
			}),
		);
		expect(unknown.status).toBe(404);
		expect(unknown.json.gateway_response.message).toMatch(
			/Stored payment method e9df6c8b-5341-4c74-b6a7-3f05468747cd not found/,
		);
		const off = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, {
				card: undefined,
				payment_method: { type: 'VISA', store_payment_method: false, stored_payment_method_id: 'x' },
			}),
		);
		expect(off.status).toBe(400);
		expect(off.json.gateway_response.message).toMatch(
			/store_payment_method must be true to use a stored payment method/,
		);
		const both = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, { payment_method: { type: 'VISA', store_payment_method: true, stored_payment_method_id: 'x' } }),
		);
		expect(both.status).toBe(400);
		expect(both.json.gateway_response.message).toMatch(/card must be absent/);
	});

	it('keeps the card’s behavior behind a token (a stored 3DS card still asks for authentication)', async () => {
		const v2 = await api(
			emu,
			'POST',
			'/paymentv2',
			paymentBody(emu, {
				card: { number: TEST_CARDS.threeDS.number },
				payment_method: { type: 'VISA', store_payment_method: true },
				return_url: { success_url: 'http://shop.example/ok' },
			}),
		);
		const done = await httpRequest(`${v2.json.url}?outcome=approve`);
		const txId = new URL(String(done.headers.location)).searchParams.get('transaction_reference') as string;
		const token = snapshot(txId)?.storedPaymentMethodId;
		expect(token).toEqual(expect.any(String));
		const r = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, {
				card: undefined,
				payment_method: { type: 'VISA', store_payment_method: true, stored_payment_method_id: token },
			}),
		);
		expect(r.json.payment_details.response_code).toBe(65);
	});
});

describe('idempotent replay on (merchant_id, merchant_txn_ref) per endpoint', () => {
	let hooks: Receiver;
	beforeEach(async () => {
		hooks = await startReceiver();
	});
	afterEach(() => hooks.close());

	it('replays the original answer for the same amount and currency: no second charge, no second webhook', async () => {
		const body = paymentBody(emu, { return_url: { webhook_url: hooks.url } });
		const first = await api(emu, 'POST', '/payment', body);
		const again = await api(emu, 'POST', '/payment', { ...body, amount: 1000 }); // same amount, written as a number
		expect(again.status).toBe(first.status);
		expect(again.json).toEqual(first.json);
		expect(emu.transactions()).toHaveLength(1);
		await emu.waitForDeliveries(1);
		expect(emu.deliveries()).toHaveLength(1);
	});

	it('replays declines too', async () => {
		const body = paymentBody(emu, { card: { number: TEST_CARDS.declined.number } });
		const first = await api(emu, 'POST', '/authorization', body);
		const again = await api(emu, 'POST', '/authorization', body);
		expect(again.json).toEqual(first.json);
		expect(emu.transactions()).toHaveLength(1);
	});

	it.each([
		['a different amount', { amount: '1001' }],
		['a different currency', { currency: 'USD', amount: '1000' }],
	])(
		'answers 400 response_code 94 "Duplicate transmission detected" for the same ref with %s',
		async (_label, patch) => {
			const body = paymentBody(emu);
			await api(emu, 'POST', '/payment', body);
			const dup = await api(emu, 'POST', '/payment', { ...body, ...patch });
			expect(dup.status).toBe(400);
			expect(dup.json).toMatchObject({
				success: false,
				status_code: 400,
				gateway_response: { type: 'ERROR', message: 'Duplicate transmission detected' },
			});
			expect(dup.json.payment_details.response_code).toBe(94);
			expect(emu.transactions()).toHaveLength(1);
		},
	);

	it('treats the same ref on another endpoint, or another ref, as a new transaction', async () => {
		const ref = newRef();
		await api(emu, 'POST', '/payment', paymentBody(emu, { merchant_txn_ref: ref }));
		const auth = await api(emu, 'POST', '/authorization', paymentBody(emu, { merchant_txn_ref: ref }));
		expect(auth.status).toBe(201);
		await api(emu, 'POST', '/payment', paymentBody(emu));
		expect(emu.transactions()).toHaveLength(3);
	});

	it('replays a paymentv2 answer (same 3DS page) and a subscription creation', async () => {
		const v2 = paymentBody(emu, { return_url: { success_url: 'http://shop.example/ok' } });
		const a = await api(emu, 'POST', '/paymentv2', v2);
		const b = await api(emu, 'POST', '/paymentv2', v2);
		expect(b.json.url).toBe(a.json.url);
		const s = subscriptionBody(emu);
		const s1 = await api(emu, 'POST', '/subscription/payment', s);
		const s2 = await api(emu, 'POST', '/subscription/payment', s);
		expect(s2.json.subscription_details.id).toBe(s1.json.subscription_details.id);
		expect((await api(emu, 'GET', '/subscription/list')).json.subscription_details).toHaveLength(1);
	});
});
