/**
 * Every sample of the manuals comes out of the trigger normalized (verification off here: what is checked is
 * the parsing of each variant; verification has its own tests).
 */
import { noVerification, post, resetMemory } from './util';
import {
	declinedSample,
	filledWebhookSample,
	threeDsAuthBlock,
	threeDsStatusSample,
	threeDsWebhookSample,
} from '../../fixtures/invented';
import { transactionStatusResponse as statusSample, webhookHandlerSample } from '../../fixtures/manualVerbatim';

beforeEach(resetMemory);

describe('notification payloads are normalized', () => {
	it("the API manual's Webhook Handler sample, placeholders and all", async () => {
		const r = await post(webhookHandlerSample, { parameters: noVerification });
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ received: true, started: true });
		expect(r.items).toHaveLength(1);
		const item = r.items[0];
		expect(item).toMatchObject({
			transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			transactionType: 'CAPTURE',
			outcome: 'approved',
			approved: true,
			amount: null, // "<amount>" is a placeholder, not an amount
			currency: null,
			merchantTxnRef: null,
			storedPaymentMethodId: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
			riskScore: null,
			verified: false,
			source: 'webhook',
			isLive: false,
		});
		expect(new Date(item.receivedAt as string).toISOString()).toBe(item.receivedAt);
		expect(item.raw).toMatchObject({ transaction_type: 'CAPTURE', 'risk-details': { risk_score: null } });
	});

	it('a filled-in webhook: string amount, billing in merchant_details, card number masked in output and raw', async () => {
		const r = await post(filledWebhookSample, { parameters: noVerification });
		const item = r.items[0];
		expect(item).toMatchObject({
			amount: 10.5,
			merchantId: 'EMU0000001',
			merchantTxnRef: 'order-1001',
			reference: '38922',
			authCode: '212496',
			card: { maskedNumber: '411111******1111', last4: '1111', scheme: 'VISA' },
			billingAddress: { country: 'SG', city: 'Singapore', phone: '6591234567' },
			customerIp: '203.0.113.9',
			timestamp: '2024-05-01T10:00:00.000Z',
		});
		expect(JSON.stringify(item)).not.toContain('4111111111111111');
		expect((item.raw as { payment_details: { card: { number: string } } }).payment_details.card.number).toBe(
			'411111******1111',
		);
	});

	it("the 3DS manual's webhook sample: number amount and ref, additional_data, empty risk-details", async () => {
		const r = await post(threeDsWebhookSample, { parameters: noVerification });
		expect(r.items[0]).toMatchObject({
			transactionId: '5f0c7a52-2b1e-4a59-9d0e-0d6f0c3f2a11',
			amount: 25,
			currency: 'JPY',
			reference: '38923',
			authCode: null,
			riskScore: null,
			threeDSecure: null,
			billingAddress: null,
		});
	});

	it('status samples (risk_details with underscore, billing in transaction_details) posted as notifications', async () => {
		const a = await post(statusSample, { parameters: noVerification });
		expect(a.items[0]).toMatchObject({
			transactionType: 'PRE_AUTH',
			amount: 2,
			currency: 'JPY',
			merchantTxnRef: 'qwe',
			billingAddress: { country: 'JP', postalCode: 'CB94BQ' },
			shippingAddress: { country: 'IN' },
		});
		const b = await post(threeDsStatusSample, { parameters: noVerification });
		expect(b.items[0]).toMatchObject({ transactionType: 'CAPTURE', amount: 25, billingAddress: { city: 'Tokyo' } });
	});

	it('both risk spellings carry the score', async () => {
		const hyphen = await post(
			{ ...filledWebhookSample, 'risk-details': { risk_score: 12 } },
			{ parameters: noVerification },
		);
		expect(hyphen.items[0].riskScore).toBe(12);
		const underscore = await post(
			{ ...statusSample, risk_details: { risk_score: '7' } },
			{ parameters: noVerification },
		);
		expect(underscore.items[0].riskScore).toBe(7);
	});

	it('string and number amounts give the same number', async () => {
		const asString = await post(
			{ ...threeDsWebhookSample, payment_details: { ...threeDsWebhookSample.payment_details, amount: '25.00' } },
			{ parameters: noVerification, workflowId: 'w-a' },
		);
		const asNumber = await post(threeDsWebhookSample, { parameters: noVerification, workflowId: 'w-b' });
		expect(asString.items[0].amount).toBe(25);
		expect(asNumber.items[0].amount).toBe(25);
	});

	it('missing optional blocks and unknown extra fields do not break it', async () => {
		const minimal = {
			transaction_type: 'REFUND',
			success: true,
			payment_details: { amount: 3, response_code: 0 },
			transaction_details: { id: '11111111-2222-4333-8444-555555555555' },
			brand_new_field: { nested: [1, 2, 3] },
			merchant_details: 'not an object',
		};
		const r = await post(minimal, { parameters: noVerification });
		expect(r.status).toBe(200);
		expect(r.items[0]).toMatchObject({
			transactionType: 'REFUND',
			outcome: 'approved',
			amount: 3,
			card: null,
			billingAddress: null,
			merchantId: null,
			subscription: null,
		});
		expect((r.items[0].raw as Record<string, unknown>).brand_new_field).toEqual({ nested: [1, 2, 3] });
	});

	it('a decline comes out declined, not approved', async () => {
		const r = await post(declinedSample, { parameters: noVerification });
		expect(r.items[0]).toMatchObject({ outcome: 'declined', approved: false, responseCode: 5 });
	});

	it('a 3DS result block is kept as threeDSecure', async () => {
		const withAuth = {
			...threeDsWebhookSample,
			payment_details: { ...threeDsWebhookSample.payment_details, additional_data: { three_ds: threeDsAuthBlock } },
		};
		const r = await post(withAuth, { parameters: noVerification });
		expect(r.items[0].threeDSecure).toEqual({
			eci: '05',
			status: 'Y',
			version: '2.2.0',
			dsTransactionId: '30cef075-d09f-48d0-989c-601be2365c17',
			acsTransactionId: '5b98f216-a856-4795-bb2b-b2897f1570f8',
		});
		const top = await post(
			{ ...declinedSample, auth: { ...threeDsAuthBlock, status: 'N', eci: '07' } },
			{ parameters: noVerification },
		);
		expect(top.items[0].threeDSecure).toMatchObject({ status: 'N', eci: '07' });
	});
});

describe('unreadable notifications are answered 400 and start nothing', () => {
	const cases: Array<[string, string | Buffer, RegExp]> = [
		['malformed JSON', '{"transaction_details": {"id": ', /Malformed JSON/],
		['an array', JSON.stringify([filledWebhookSample]), /must be a JSON object, got an array/],
		['a string', JSON.stringify('hello'), /must be a JSON object, got a string/],
		['null', 'null', /must be a JSON object, got null/],
		[
			'no transaction id',
			JSON.stringify({ ...filledWebhookSample, transaction_details: { ref: 1 } }),
			/No transaction id/,
		],
		[
			'an id that is not a UUID',
			JSON.stringify({ ...filledWebhookSample, transaction_details: { id: '<transaction ref Id>' } }),
			/No transaction id/,
		],
	];
	it.each(cases)('%s', async (_name, raw, reason) => {
		const r = await post(raw, { parameters: noVerification });
		expect(r.status).toBe(400);
		expect(r.body.received).toBe(false);
		expect(r.body.started).toBe(false);
		expect(r.body.reason).toMatch(reason);
		expect(r.result.workflowData).toBeUndefined();
		expect(r.answers).toBe(1);
	});

	it('a body over the size limit', async () => {
		const padded = { ...filledWebhookSample, padding: 'x'.repeat(3 * 1024) };
		const r = await post(padded, { parameters: { options: { verifyWithGateway: false, maxBodyKb: 2 } } });
		expect(r.status).toBe(400);
		expect(r.body.reason).toMatch(/too large/);
		expect(r.result.workflowData).toBeUndefined();
		// The same body under the default limit (64 KB) is accepted.
		const ok = await post(padded, { parameters: noVerification });
		expect(ok.status).toBe(200);
		expect(ok.body.started).toBe(true);
	});

	it('falls back to the parsed body when n8n gives no raw body, and to JSON text sent as text/plain', async () => {
		const parsed = await post('', {
			parameters: noVerification,
			request: { rawBody: undefined, body: filledWebhookSample },
		});
		expect(parsed.body.started).toBe(true);
		const text = await post('', {
			parameters: noVerification,
			request: { rawBody: undefined, body: JSON.stringify(declinedSample) },
			workflowId: 'w-text',
		});
		expect(text.items[0].outcome).toBe('declined');
		const empty = await post('', { parameters: noVerification, request: { rawBody: undefined, body: {} } });
		expect(empty.status).toBe(400);
		expect(empty.body.reason).toMatch(/Empty body/);
	});
});
