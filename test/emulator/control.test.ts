import { BASE_PATH, startEmulator, type RunningEmulator } from './index';
import { isLoopback, normaliseIp } from './server';
import { api, control, httpRequest, paymentBody, startReceiver } from './testkit';

let emu: RunningEmulator;
beforeEach(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.close());

describe('control calls under /__emulator/ (no auth)', () => {
	it('GET /health', async () => {
		const r = await control(emu, 'GET', '/health');
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ ok: true, url: emu.url, merchantId: emu.merchantId, basePath: BASE_PATH });
		expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
		expect(emu.port).toBeGreaterThan(0);
	});

	it('GET /requests records every gateway call, with secrets redacted, card masked, cvc removed, and the status answered', async () => {
		await api(emu, 'POST', '/payment', paymentBody(emu));
		await api(emu, 'GET', '/subscription/list', undefined, { auth: 'none' });
		await httpRequest(`${emu.url}${BASE_PATH}/payment`, {
			method: 'POST',
			body: '{"card":{"number":"4111111111111111"',
			headers: { authorization: `Basic ${emu.encodedApiKey}`, 'x-api-key': emu.xApiKey },
		});
		await control(emu, 'GET', '/health'); // control calls are not recorded
		const r = await control(emu, 'GET', '/requests');
		expect(r.status).toBe(200);
		expect(r.json).toEqual(emu.requests());
		expect(r.json).toHaveLength(3);
		const [payment, list, broken] = r.json;
		expect(payment).toMatchObject({ seq: 1, method: 'POST', path: `${BASE_PATH}/payment`, status: 201 });
		expect(payment.headers.authorization).toBe('REDACTED');
		expect(payment.headers['x-api-key']).toBe('REDACTED');
		expect(payment.body.card.number).toBe('411111******1111');
		expect(payment.body.card).not.toHaveProperty('cvc');
		expect(payment.body.card.name).toBe('John Doe');
		expect(list).toMatchObject({ method: 'GET', path: `${BASE_PATH}/subscription/list`, status: 401 });
		expect(list.headers).not.toHaveProperty('authorization');
		expect(broken.status).toBe(400);
		expect(broken.body).toBe('{"card":{"number":"411111******1111"');
		expect(JSON.stringify(r.json)).not.toContain('4111111111111111');
		expect(JSON.stringify(r.json)).not.toContain(emu.xApiKey);
	});

	it('GET /transactions gives the state snapshot', async () => {
		const p = await api(emu, 'POST', '/payment', paymentBody(emu, { amount: '5.00', currency: 'USD' }));
		const r = await control(emu, 'GET', '/transactions');
		expect(r.json).toEqual(emu.transactions());
		expect(r.json).toEqual([
			expect.objectContaining({
				id: p.json.transaction_details.id,
				type: 'CAPTURE',
				amount: '5.00',
				currency: 'USD',
				approved: true,
				responseCode: 0,
				cardNumber: '411111******1111',
			}),
		]);
	});

	it('GET /webhooks lists deliveries', async () => {
		const hooks = await startReceiver();
		try {
			await api(emu, 'POST', '/payment', paymentBody(emu, { return_url: { webhook_url: hooks.url } }));
			await emu.waitForDeliveries(1);
			const r = await control(emu, 'GET', '/webhooks');
			expect(r.json).toEqual(emu.deliveries());
			expect(r.json[0]).toMatchObject({ url: hooks.url, delivered: true });
		} finally {
			await hooks.close();
		}
	});

	it('POST /reset forgets transactions, tokens, subscriptions, requests and idempotency keys', async () => {
		const body = paymentBody(emu, { payment_method: { type: 'VISA', store_payment_method: true } });
		const p = await api(emu, 'POST', '/payment', body);
		expect((await control(emu, 'POST', '/reset')).json).toEqual({ ok: true });
		expect(emu.requests()).toEqual([]);
		expect(emu.transactions()).toEqual([]);
		expect((await api(emu, 'GET', `/transaction/status/${p.json.transaction_details.id}`)).status).toBe(404);
		const token = p.json.transaction_details.stored_payment_method_id;
		const use = await api(
			emu,
			'POST',
			'/payment',
			paymentBody(emu, {
				card: undefined,
				payment_method: { type: 'VISA', store_payment_method: true, stored_payment_method_id: token },
			}),
		);
		expect(use.status).toBe(404);
		const again = await api(emu, 'POST', '/payment', body); // same ref: a new charge, not a replay
		expect(again.json.transaction_details.id).not.toBe(p.json.transaction_details.id);
		expect(emu.requests()[0].seq).toBe(1);
	});

	it('POST /config sets latency, webhook switches and fault; GET /config reads them; nonsense is a 400', async () => {
		const r = await control(emu, 'POST', '/config', {
			latencyMs: '5-10',
			webhooks: { retries: 4, duplicates: 1 },
			fault: null,
		});
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({
			latencyMs: { min: 5, max: 10 },
			webhooks: { retries: 4, duplicates: 1, delayMs: 0 },
			fault: null,
		});
		expect((await control(emu, 'GET', '/config')).json).toEqual(r.json);
		expect((await control(emu, 'POST', '/config', { latencyMs: 'slow' })).status).toBe(400);
		expect((await control(emu, 'POST', '/config', { fault: 'boom' })).status).toBe(400);
		expect((await control(emu, 'POST', '/config', { webhooks: 3 })).status).toBe(400);
		expect((await httpRequest(`${emu.url}/__emulator/config`, { method: 'POST', body: 'not json' })).status).toBe(400);
		// Webhook switches are bounded so deliveries always end.
		expect(
			(await control(emu, 'POST', '/config', { webhooks: { retries: 1000, duplicates: 1000 } })).json.webhooks,
		).toMatchObject({ retries: 10, duplicates: 10 });
	});

	it('GET /faults lists queued faults', async () => {
		emu.injectFault({ fault: '502', path: '/capture', times: 3 });
		const r = await control(emu, 'GET', '/faults');
		expect(r.json).toEqual([{ fault: '502', path: '/capture', remaining: 3, when: 'before' }]);
	});

	it('answers 404 for an unknown control call', async () => {
		const r = await control(emu, 'GET', '/nothing');
		expect(r.status).toBe(404);
		expect(r.json.gateway_response.message).toMatch(/Unknown control call GET \/__emulator\/nothing/);
	});

	it('rejects bad options at start', async () => {
		await expect(startEmulator({ port: 0, fault: 'boom' as never })).rejects.toThrow(/Invalid fault/);
		await expect(startEmulator({ port: 0, latencyMs: -1 })).rejects.toThrow(/Invalid latencyMs/);
	});

	it('runs several emulators side by side with their own state and keys', async () => {
		const other = await startEmulator({
			port: 0,
			apiKey: 'k2',
			xApiKey: 'x2',
			merchantId: 'EMU0000002',
			merchantName: 'Other Ltd.',
		});
		try {
			expect(other.port).not.toBe(emu.port);
			const r = await api(other, 'POST', '/payment', paymentBody(other));
			expect(r.json.merchant_details).toMatchObject({ mid: 'EMU0000002', legal_name: 'Other Ltd.' });
			expect(
				(
					await api(emu, 'POST', '/payment', paymentBody(emu), {
						auth: { authorization: `Basic ${other.encodedApiKey}`, xApiKey: 'x2' },
					})
				).status,
			).toBe(401);
			expect(emu.transactions()).toEqual([]);
		} finally {
			await other.close();
		}
	});
});

describe('loopback guard of control calls', () => {
	// Control calls answer 403 to any other address; only loopback is reachable in these tests,
	// so the address test itself is checked here.
	it.each([
		['127.0.0.1', true],
		['127.8.9.10', true],
		['::1', true],
		['::ffff:127.0.0.1', true],
		['10.0.0.5', false],
		['::ffff:192.168.1.2', false],
		['fe80::1', false],
		[undefined, false],
	])('%s → %s', (ip, expected) => {
		expect(isLoopback(ip)).toBe(expected);
	});

	it('reports IPv4-mapped addresses without the ::ffff: prefix (visited_ip)', () => {
		expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
	});
});
