/**
 * The shopper's side: the 3DS page behind paymentv2's redirect_url and the Hosted Payment Page
 * behind the HPP link's url. Completing them charges, sends the webhook, and redirects the
 * browser to success_url / decline_url with transaction_reference (as the manual's note says).
 */
import { startEmulator, TEST_CARDS, type RunningEmulator } from './index';
import { api, hppBody, httpRequest, paymentBody, startReceiver, type Receiver } from './testkit';

let emu: RunningEmulator;
let hooks: Receiver;
beforeEach(async () => {
	emu = await startEmulator({ port: 0 });
	hooks = await startReceiver();
});
afterEach(async () => {
	await emu.close();
	await hooks.close();
});

const ref = (location: unknown) => new URL(String(location)).searchParams.get('transaction_reference') as string;
const status = async (id: string) => (await api(emu, 'GET', `/transaction/status/${id}`)).json;

describe('3DS (paymentv2)', () => {
	const start3ds = async (patch: Record<string, unknown> = {}) => {
		const r = await api(
			emu,
			'POST',
			'/paymentv2',
			paymentBody(emu, {
				card: { number: TEST_CARDS.threeDS.number },
				return_url: {
					webhook_url: hooks.url,
					success_url: 'http://shop.example/ok?order=42',
					decline_url: 'http://shop.example/ko',
				},
				...patch,
			}),
		);
		expect(r.status).toBe(200);
		return r.json.redirect_url as string;
	};

	it('serves an HTML page with Approve and Decline', async () => {
		const url = await start3ds();
		const page = await httpRequest(url);
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toMatch(/^text\/html/);
		expect(page.text).toMatch(/Approve/);
		expect(page.text).toMatch(/Decline/);
		expect(page.text).toMatch(/400000\*{6}3155/);
		expect(page.text).not.toMatch(/4000002500003155/);
	});

	it('approve → CAPTURE transaction, webhook, 302 to success_url with transaction_reference (query kept)', async () => {
		const url = await start3ds();
		const done = await httpRequest(`${url}?outcome=approve`);
		expect(done.status).toBe(302);
		const loc = new URL(String(done.headers.location));
		expect(`${loc.origin}${loc.pathname}`).toBe('http://shop.example/ok');
		expect(loc.searchParams.get('order')).toBe('42');
		const id = ref(done.headers.location);
		const s = await status(id);
		expect(s).toMatchObject({
			success: true,
			transaction_type: 'CAPTURE',
			payment_details: { response_code: 0, amount: 1000 },
		});
		await emu.waitForDeliveries(1);
		expect(hooks.received[0].body.transaction_details.id).toBe(id);
		expect(emu.transactions()).toMatchObject([{ id, channel: '3ds', approved: true }]);
	});

	it('decline → declined transaction (response_code 5), webhook, 302 to decline_url', async () => {
		const url = await start3ds();
		const done = await httpRequest(`${url}?outcome=decline`);
		expect(done.status).toBe(302);
		expect(String(done.headers.location)).toMatch(/^http:\/\/shop\.example\/ko\?transaction_reference=/);
		const s = await status(ref(done.headers.location));
		expect(s.success).toBe(false);
		expect(s.payment_details.response_code).toBe(5);
		await emu.waitForDeliveries(1);
		expect(hooks.received[0].body.success).toBe(false);
	});

	it('a declining card declines even when the shopper authenticates', async () => {
		const url = await start3ds({ card: { number: TEST_CARDS.insufficientFunds.number } });
		const done = await httpRequest(`${url}?outcome=approve`);
		expect(String(done.headers.location)).toMatch(/^http:\/\/shop\.example\/ko/);
		expect((await status(ref(done.headers.location))).payment_details.response_code).toBe(51);
	});

	it('refuses a second use with 410', async () => {
		const url = await start3ds();
		await httpRequest(`${url}?outcome=approve`);
		for (const u of [url, `${url}?outcome=approve`, `${url}?outcome=decline`]) {
			const again = await httpRequest(u);
			expect(again.status).toBe(410);
			expect(again.text).toMatch(/already/);
		}
		expect(emu.transactions()).toHaveLength(1);
	});

	it('shows a result page when no success_url was given, answers 404 for an unknown session and 400 for a bad outcome', async () => {
		const url = await start3ds({ return_url: { webhook_url: '', success_url: '', decline_url: '' } });
		expect((await httpRequest(`${url}?outcome=maybe`)).status).toBe(400);
		const done = await httpRequest(`${url}?outcome=approve`);
		expect(done.status).toBe(200);
		const id = emu.transactions()[0].id;
		expect(done.text).toContain(id);
		expect((await httpRequest(`${emu.url}/__emulator/3ds/unknown-token`)).status).toBe(404);
	});
});

describe('Hosted Payment Page', () => {
	const link = async (patch: Record<string, unknown> = {}) => {
		const r = await api(
			emu,
			'POST',
			'/hpp/generate/link',
			hppBody(emu, { return_url: { webhook_url: hooks.url }, ...patch }),
		);
		expect(r.status).toBe(201);
		return r.json;
	};

	it('serves a page with Approve/Decline, and card and amount fields when the amount is open', async () => {
		const fixed = await link();
		const page = await httpRequest(fixed.url);
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toMatch(/^text\/html/);
		expect(page.text).toMatch(/Approve/);
		expect(page.text).toMatch(/Decline/);
		expect(page.text).toMatch(/name="card"/);
		expect(page.text).not.toMatch(/name="amount"/);
		const open = await link({ amount: null });
		expect((await httpRequest(open.url)).text).toMatch(/name="amount"/);
	});

	it('approve → CAPTURE of the link’s amount, webhook (Webhook Handler shape, phone as phone_number), 302 to success_url', async () => {
		const l = await link();
		const done = await httpRequest(`${l.url}?outcome=approve`);
		expect(done.status).toBe(302);
		expect(String(done.headers.location)).toMatch(
			/^http:\/\/shop\.example\/success\?transaction_reference=[0-9a-f-]{36}$/,
		);
		const id = ref(done.headers.location);
		const s = await status(id);
		expect(s).toMatchObject({
			success: true,
			transaction_type: 'CAPTURE',
			merchant_details: { merchant_txn_ref: l.merchant_txn_ref },
			payment_details: { amount: 2500, currency: 'JPY' },
		});
		expect(s.transaction_details.billing_details.billing_address).toMatchObject({
			country: 'JP',
			phone_number: '8112345678',
			postal_code: '',
		});
		await emu.waitForDeliveries(1);
		const p = hooks.received[0].body;
		expect(p).toMatchObject({
			status_code: 201,
			transaction_type: 'CAPTURE',
			return_url_details: { success_url: 'http://shop.example/success' },
		});
		expect(p.merchant_details.billing_details.billing_address.phone_number).toBe('8112345678');
		expect(p.transaction_details.id).toBe(id);
	});

	it('takes the amount (and currency) from the shopper when the link’s amount is null', async () => {
		const l = await link({ amount: null, currency: null });
		const missing = await httpRequest(`${l.url}?outcome=approve`);
		expect(missing.status).toBe(400);
		expect(missing.text).toMatch(/amount/);
		const done = await httpRequest(
			`${l.url}?outcome=approve&amount=12.34&currency=USD&card=${TEST_CARDS.mastercard.number}`,
		);
		expect(done.status).toBe(302);
		const s = await status(ref(done.headers.location));
		expect(s.payment_details).toMatchObject({ amount: 12.34, currency: 'USD', scheme: 'MASTERCARD' });
	});

	it('decline → response_code 5 and 302 to decline_url; a declining card declines on approve', async () => {
		const l = await link();
		const done = await httpRequest(`${l.url}?outcome=decline`);
		expect(String(done.headers.location)).toMatch(/^http:\/\/shop\.example\/decline\?transaction_reference=/);
		expect((await status(ref(done.headers.location))).payment_details.response_code).toBe(5);
		const l2 = await link();
		const d2 = await httpRequest(`${l2.url}?outcome=approve&card=${TEST_CARDS.expiredCard.number}`);
		expect(String(d2.headers.location)).toMatch(/decline/);
		expect((await status(ref(d2.headers.location))).payment_details.response_code).toBe(54);
	});

	it('refuses a used link (410) and keeps it usable after an invalid card or a cancel', async () => {
		const l = await link();
		expect((await httpRequest(`${l.url}?outcome=approve&card=4111111111111112`)).status).toBe(400);
		const cancel = await httpRequest(`${l.url}?outcome=cancel`);
		expect(cancel.status).toBe(302);
		expect(cancel.headers.location).toBe('http://shop.example/cancel');
		expect(emu.transactions()).toHaveLength(0);
		expect((await httpRequest(`${l.url}?outcome=approve`)).status).toBe(302);
		const again = await httpRequest(`${l.url}?outcome=approve`);
		expect(again.status).toBe(410);
		expect(again.text).toMatch(/already used/);
		expect(emu.transactions()).toHaveLength(1);
		expect((await httpRequest(`${emu.url}/__emulator/hpp/8099279b-e499-464d-ad50-57eed0e4b309`)).status).toBe(404);
	});

	it('stores the card when the link asks for it, and the token works on /payment', async () => {
		const l = await link({ payment_method: { type: 'VISA', store_payment_method: true } });
		const done = await httpRequest(`${l.url}?outcome=approve`);
		const token = emu.transactions().find((t) => t.id === ref(done.headers.location))?.storedPaymentMethodId;
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
		expect(r.status).toBe(201);
		expect(r.json.success).toBe(true);
	});

	it('shows a result page when the link has no success_url', async () => {
		const l = await link({ return_url: { success_url: '', decline_url: '', cancel_url: '' } });
		const done = await httpRequest(`${l.url}?outcome=approve`);
		expect(done.status).toBe(200);
		expect(done.text).toContain(emu.transactions()[0].id);
	});
});
