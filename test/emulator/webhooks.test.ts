import { startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { api, control, deadUrl, httpRequest, keys, paymentBody, startReceiver, type Receiver } from './testkit';

let emu: RunningEmulator;
let hooks: Receiver;
afterEach(async () => {
	await emu?.close();
	await hooks?.close();
});

const start = async (webhooks = {}, respond?: (n: number) => number | 'hang') => {
	emu = await startEmulator({ port: 0, webhooks: { retryBackoffMs: 10, ...webhooks } });
	hooks = await startReceiver(respond);
};

const ADDRESS2_KEYS = [
	'country',
	'postal_code',
	'email',
	'phone_number',
	'address1',
	'address2',
	'city',
	'state',
].sort();

describe('webhook delivery', () => {
	it('POSTs the manual’s "Webhook Handler" payload as application/json, unsigned, after a payment with return_url.webhook_url', async () => {
		await start();
		const body = paymentBody(emu, {
			return_url: {
				webhook_url: hooks.url,
				success_url: 'http://shop.example/ok',
				decline_url: 'http://shop.example/ko',
			},
			billing_address: { address2: 'Suite 4' },
		});
		const r = await api(emu, 'POST', '/payment', body);
		const [d] = await emu.waitForDeliveries(1);
		expect(d).toMatchObject({
			url: hooks.url,
			delivered: true,
			settled: true,
			transactionId: r.json.transaction_details.id,
			copy: 0,
		});
		expect(d.attempts).toHaveLength(1);
		expect(d.attempts[0].status).toBe(200);
		expect(hooks.received).toHaveLength(1);
		const h = hooks.received[0];
		expect(h.method).toBe('POST');
		expect(h.path).toBe('/hook');
		expect(h.headers['content-type']).toBe('application/json');
		expect(Object.keys(h.headers).filter((k) => /signature|hmac|digest/i.test(k))).toEqual([]);
		expect(h.body).toEqual(d.payload);
		const p = h.body;
		expect(keys(p)).toEqual(
			[
				'success',
				'status_code',
				'is_live',
				'transaction_type',
				'gateway_response',
				'return_url_details',
				'merchant_details',
				'payment_details',
				'transaction_details',
				'risk-details',
			].sort(),
		);
		expect(p).toMatchObject({ success: true, status_code: 201, is_live: false, transaction_type: 'CAPTURE' });
		expect(p.gateway_response).toEqual({
			version: '1',
			type: 'INFO',
			message: 'Payment Successful.',
			code: 'INFO0000',
		});
		expect(p.return_url_details).toEqual({
			webhook_url: hooks.url,
			success_url: 'http://shop.example/ok',
			decline_url: 'http://shop.example/ko',
		});
		expect(keys(p.merchant_details)).toEqual([
			'billing_details',
			'device_details',
			'legal_name',
			'merchant_txn_ref',
			'mid',
		]);
		expect(keys(p.merchant_details.billing_details.billing_address)).toEqual(ADDRESS2_KEYS);
		expect(p.merchant_details.billing_details.billing_address.address2).toBe('Suite 4');
		expect(p.merchant_details.billing_details.shipping_address.address2).toBe('');
		expect(p.payment_details).toMatchObject({
			amount: '1000',
			response_code: 0,
			currency: null,
			scheme: 'VISA',
			card: { number: '411111******1111' },
		});
		expect(p.transaction_details).toEqual(r.json.transaction_details);
		expect(p['risk-details']).toEqual({ risk_score: null });
	});

	it('sends nothing without a webhook_url', async () => {
		await start();
		await api(emu, 'POST', '/payment', paymentBody(emu));
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: '' } }));
		expect(emu.deliveries()).toEqual([]);
		await expect(emu.waitForDeliveries(1, 100)).rejects.toThrow(
			/Timed out after 100 ms waiting for 1 settled webhook deliveries; have 0 of 0/,
		);
	});

	it('reports declines too (success false)', async () => {
		await start();
		await api(
			emu,
			'POST',
			'/authorization',
			paymentBody(emu, {
				card: { number: TEST_CARDS.insufficientFunds.number },
				return_url: { webhook_url: hooks.url },
			}),
		);
		await emu.waitForDeliveries(1);
		expect(hooks.received[0].body).toMatchObject({
			success: false,
			transaction_type: 'PRE_AUTH',
			gateway_response: { type: 'ERROR' },
			payment_details: { response_code: 51 },
		});
	});

	it('reports capture, refund and void to the original transaction’s webhook_url', async () => {
		await start();
		const auth = await api(
			emu,
			'POST',
			'/authorization',
			paymentBody(emu, { amount: '10.00', currency: 'USD', return_url: { webhook_url: hooks.url } }),
		);
		const id = auth.json.transaction_details.id;
		const cap = await api(emu, 'POST', '/capture', { transactionId: id, amount: '4.00', merchant_id: emu.merchantId });
		await api(emu, 'POST', '/refund', {
			transactionId: cap.json.transaction_details.id,
			amount: '1.00',
			merchant_id: emu.merchantId,
		});
		const auth2 = await api(
			emu,
			'POST',
			'/authorization',
			paymentBody(emu, { return_url: { webhook_url: hooks.url } }),
		);
		await api(emu, 'POST', '/void', { transactionId: auth2.json.transaction_details.id, merchant_id: emu.merchantId });
		await emu.waitForDeliveries(5);
		const byType = hooks.received.map((h) => [
			h.body.transaction_type,
			h.body.gateway_response.code,
			h.body.payment_details.amount,
		]);
		expect(byType).toEqual(
			expect.arrayContaining([
				['PRE_AUTH', 'INFO0000', '10.00'],
				['CAPTURE', 'INFO0001', '4.00'],
				['REFUND', 'INFO0002', '1.00'],
				['PRE_AUTH', 'INFO0000', '1000'],
				['VOID', 'INFO0003', '1000'],
			]),
		);
		expect(hooks.received).toHaveLength(5);
	});

	it('holds a delivery for delayMs before the first attempt', async () => {
		await start({ delayMs: 60_000 });
		const r = await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		expect(r.status).toBe(201);
		await api(emu, 'GET', `/transaction/status/${r.json.transaction_details.id}`); // another round trip
		expect(emu.deliveries()).toHaveLength(1);
		expect(emu.deliveries()[0]).toMatchObject({ attempts: [], delivered: false, settled: false });
		expect(hooks.received).toEqual([]);
		emu.configure({ webhooks: { delayMs: 0 } });
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		await emu.waitForDeliveries(1);
		expect(emu.deliveries().map((d) => d.delivered)).toEqual([false, true]);
	});

	it('sends `duplicates` extra identical copies, each its own delivery', async () => {
		await start({ duplicates: 2 });
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		const ds = await emu.waitForDeliveries(3);
		expect(ds.map((d) => d.copy).sort()).toEqual([0, 1, 2]);
		expect(new Set(ds.map((d) => d.id)).size).toBe(3);
		expect(hooks.received).toHaveLength(3);
		expect(new Set(hooks.received.map((h) => h.raw)).size).toBe(1);
	});

	it('retries after a 500, then succeeds', async () => {
		await start({ retries: 3 }, (n) => (n <= 2 ? 500 : 200));
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		const [d] = await emu.waitForDeliveries(1);
		expect(d.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
		expect(d.delivered).toBe(true);
		expect(hooks.received).toHaveLength(3);
	});

	it('gives up after `retries` further attempts', async () => {
		await start({ retries: 1 }, () => 503);
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		const [d] = await emu.waitForDeliveries(1);
		expect(d.attempts.map((a) => a.status)).toEqual([503, 503]);
		expect(d).toMatchObject({ delivered: false, settled: true });
	});

	it('retries on a network error and records it', async () => {
		await start({ retries: 2 });
		const url = await deadUrl();
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: url } }));
		const [d] = await emu.waitForDeliveries(1);
		expect(d.attempts).toHaveLength(3);
		for (const a of d.attempts) {
			expect(a.status).toBeUndefined();
			expect(a.error).toMatch(/ECONNREFUSED/);
		}
		expect(d.delivered).toBe(false);
	});

	it('gives an attempt up after timeoutMs', async () => {
		await start({ retries: 0, timeoutMs: 150 }, () => 'hang');
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		const [d] = await emu.waitForDeliveries(1);
		expect(d.attempts).toHaveLength(1);
		expect(d.attempts[0].error).toMatch(/no answer within 150 ms/);
		expect(d.delivered).toBe(false);
	});

	it('uses the 3DS manual’s webhook shape for a paymentv2 transaction', async () => {
		await start();
		const v2 = await api(
			emu,
			'POST',
			'/paymentv2',
			paymentBody(emu, {
				amount: '1000',
				card: { number: TEST_CARDS.threeDS.number },
				return_url: { webhook_url: hooks.url, success_url: 'http://shop.example/ok' },
			}),
		);
		expect(emu.deliveries()).toEqual([]); // nothing before the shopper authenticates
		const done = await httpRequest(`${v2.json.url}?outcome=approve`);
		expect(done.status).toBe(302);
		await emu.waitForDeliveries(1);
		const p = hooks.received[0].body;
		expect(keys(p)).toEqual(
			[
				'success',
				'status_code',
				'is_live',
				'transaction_type',
				'gateway_response',
				'merchant_details',
				'payment_details',
				'transaction_details',
				'risk-details',
			].sort(),
		);
		expect(p).toMatchObject({ success: true, status_code: 200, is_live: false, transaction_type: 'CAPTURE' });
		expect(keys(p.merchant_details)).toEqual(['legal_name', 'merchant_txn_ref', 'mid']);
		expect(p.payment_details).toEqual({
			amount: 1000,
			response_code: 0,
			auth_code: null,
			currency: 'JPY',
			payment_method: '',
			scheme: 'VISA',
			card: { name: 'John Doe', number: '400000******3155', exp_month: '12', exp_year: expect.any(String) },
			additional_data: { payment_data_source: { type: 'card' } },
		});
		expect(keys(p.transaction_details)).toEqual(['id', 'merchant_txn_ref', 'ref', 'timestamp']);
		expect(typeof p.transaction_details.ref).toBe('number');
		expect(p['risk-details']).toEqual({});
	});

	it('redelivers a recorded delivery on request (control call), as a new delivery', async () => {
		await start();
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		const [d] = await emu.waitForDeliveries(1);
		const r = await control(emu, 'POST', `/webhooks/${d.id}/redeliver`);
		expect(r.status).toBe(201);
		expect(r.json).toMatchObject({ redeliveryOf: d.id, url: hooks.url });
		expect(r.json.id).not.toBe(d.id);
		await emu.waitForDeliveries(2);
		expect(hooks.received).toHaveLength(2);
		expect(hooks.received[1].raw).toBe(hooks.received[0].raw);
		expect((await control(emu, 'POST', '/webhooks/nope/redeliver')).status).toBe(404);
	});

	it('configure() changes the switches for later webhooks', async () => {
		await start();
		emu.configure({ webhooks: { duplicates: 1 } });
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		await emu.waitForDeliveries(2);
		expect(hooks.received).toHaveLength(2);
	});

	it('reset() forgets deliveries, and close() stops pending ones', async () => {
		await start({ delayMs: 60_000 });
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		expect(emu.deliveries()).toHaveLength(1);
		const waiting = emu.waitForDeliveries(1, 60_000);
		emu.reset();
		await expect(waiting).rejects.toThrow(/reset/);
		expect(emu.deliveries()).toEqual([]);
		await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
		await emu.close();
		expect(hooks.received).toEqual([]);
	});
});
