/** Verification with the gateway, filters, shared secret and IP allow-list. */
import { filledWebhookSample, threeDsStatusSample, threeDsWebhookSample } from '../../fixtures/invented';
import { transactionStatusResponse as statusSample } from '../../fixtures/manualVerbatim';
import { post, resetMemory, statusStub } from './util';

beforeEach(resetMemory);

const ID = filledWebhookSample.transaction_details.id;
/** The gateway's record of the filled webhook: status shape (number amount, currency set, billing elsewhere). */
const gatewayRecord = {
	...statusSample,
	transaction_type: 'CAPTURE',
	merchant_details: { legal_name: 'Emulated Merchant Pte. Ltd.', mid: 'EMU0000001', merchant_txn_ref: 'order-1001' },
	payment_details: { ...statusSample.payment_details, amount: 10.5, currency: 'SGD', auth_code: 'GATEWAY-AUTH' },
	transaction_details: { ...statusSample.transaction_details, id: ID },
};
const gateway = statusStub({ [ID]: { body: gatewayRecord } });

describe('verification with the gateway (on by default)', () => {
	it("an agreeing record starts the workflow with the gateway's data, verified", async () => {
		const r = await post(filledWebhookSample, { http: gateway });
		expect(r.gatewayCalls).toBe(1);
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ received: true, started: true });
		expect(r.items).toHaveLength(1);
		// Gateway-only facts prove the record is the gateway's, not the posted one.
		expect(r.items[0]).toMatchObject({
			verified: true,
			transactionId: ID,
			currency: 'SGD',
			authCode: 'GATEWAY-AUTH',
			amount: 10.5,
		});
		// raw is still what was posted.
		expect(r.items[0].raw).toMatchObject({ payment_details: { amount: '10.50' } });
	});

	it('the 3DS webhook against the 3DS status sample agrees', async () => {
		const id = threeDsWebhookSample.transaction_details.id;
		const r = await post(threeDsWebhookSample, { http: statusStub({ [id]: { body: threeDsStatusSample } }) });
		expect(r.body.started).toBe(true);
		expect(r.items[0]).toMatchObject({ verified: true, billingAddress: { city: 'Tokyo' } });
	});

	const mismatches: Array<[string, Record<string, unknown>, RegExp]> = [
		[
			'amount',
			{ payment_details: { ...filledWebhookSample.payment_details, amount: '1050' } },
			/amount 1050 ≠ gateway's 10.5/,
		],
		[
			'currency',
			{ payment_details: { ...filledWebhookSample.payment_details, currency: 'USD' } },
			/currency USD ≠ gateway's SGD/,
		],
		['transaction type', { transaction_type: 'REFUND' }, /transaction type REFUND ≠ gateway's CAPTURE/],
		[
			'merchant reference',
			{
				merchant_details: { ...filledWebhookSample.merchant_details, merchant_txn_ref: 'order-9999' },
				transaction_details: { ...filledWebhookSample.transaction_details, merchant_txn_ref: 'order-9999' },
			},
			/merchant reference order-9999 ≠ gateway's order-1001/,
		],
	];
	it.each(mismatches)('a %s mismatch is refused with 403 and starts nothing', async (_what, patch, reason) => {
		const r = await post({ ...filledWebhookSample, ...patch }, { http: gateway });
		expect(r.status).toBe(403);
		expect(r.body.received).toBe(false);
		expect(r.body.started).toBe(false);
		expect(r.body.reason).toMatch(reason);
		expect(r.result.workflowData).toBeUndefined();
	});

	it('amounts are compared as numbers: "10.50" = 10.5, and currency is skipped when the notification has none', async () => {
		// filledWebhookSample has amount "10.50" and currency null; the gateway 10.5 and SGD.
		const r = await post(filledWebhookSample, { http: gateway });
		expect(r.body.started).toBe(true);
	});

	it('an unknown transaction id (gateway 404) is refused with 403 and starts nothing', async () => {
		const stranger = {
			...filledWebhookSample,
			transaction_details: { ...filledWebhookSample.transaction_details, id: '99999999-9999-4999-8999-999999999999' },
		};
		const r = await post(stranger, { http: gateway });
		expect(r.gatewayCalls).toBe(1);
		expect(r.status).toBe(403);
		expect(r.body.reason).toMatch(/no transaction 99999999-9999-4999-8999-999999999999/);
		expect(r.result.workflowData).toBeUndefined();
	});

	it('a gateway that cannot be reached answers 503 (so DasGateway retries) and starts nothing', async () => {
		const down = async () => {
			throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
		};
		const r = await post(filledWebhookSample, { http: down });
		expect(r.status).toBe(503);
		expect(r.body).toMatchObject({ received: false, started: false });
		expect(r.body.reason).toMatch(/Could not check the transaction/);
		// Not recorded as seen: the redelivery, once the gateway answers, starts.
		const again = await post(filledWebhookSample, { http: gateway });
		expect(again.body.started).toBe(true);
	});

	it('verification off: the posted body normalized, verified false, no gateway call', async () => {
		const r = await post(filledWebhookSample, { parameters: { options: { verifyWithGateway: false } }, http: gateway });
		expect(r.gatewayCalls).toBe(0);
		expect(r.items[0]).toMatchObject({ verified: false, currency: null, authCode: '212496' });
	});
});

describe('filters', () => {
	it('types and outcomes: a filtered-out event is acknowledged 200 and starts nothing', async () => {
		const refundsOnly = await post(filledWebhookSample, {
			http: gateway,
			parameters: { transactionTypes: ['REFUND'] },
		});
		expect(refundsOnly.status).toBe(200);
		expect(refundsOnly.body).toEqual({
			received: true,
			started: false,
			reason: 'Filtered out: transaction type CAPTURE is not selected',
		});
		expect(refundsOnly.result.workflowData).toBeUndefined();

		const declinesOnly = await post(filledWebhookSample, {
			http: gateway,
			parameters: { outcomes: ['declined', 'error'] },
		});
		expect(declinesOnly.status).toBe(200);
		expect(declinesOnly.body.reason).toBe('Filtered out: outcome approved is not selected');
		expect(declinesOnly.body.started).toBe(false);

		// A filtered-out event is not remembered: with matching filters the same event starts.
		const captures = await post(filledWebhookSample, {
			http: gateway,
			parameters: { transactionTypes: ['CAPTURE', 'PRE_AUTH'], outcomes: ['approved'] },
		});
		expect(captures.body.started).toBe(true);
	});

	it('empty filters mean all', async () => {
		const r = await post(filledWebhookSample, { http: gateway, parameters: { transactionTypes: [], outcomes: [] } });
		expect(r.body.started).toBe(true);
	});
});

describe('shared secret in the webhook URL', () => {
	const withSecret = { options: { sharedSecret: 's3cret-value' } };
	it('missing → 401, nothing started, no gateway call', async () => {
		const r = await post(filledWebhookSample, { http: gateway, parameters: withSecret });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ received: false, started: false, reason: 'Missing or wrong secret in the webhook URL' });
		expect(r.gatewayCalls).toBe(0);
	});
	it('wrong (including a prefix, and a repeated parameter) → 401', async () => {
		for (const secret of ['wrong', 's3cret-valu', 's3cret-value ', ['s3cret-value', 's3cret-value']]) {
			const r = await post(filledWebhookSample, {
				http: gateway,
				parameters: withSecret,
				request: { query: { secret } },
			});
			expect(r.status).toBe(401);
			expect(r.result.workflowData).toBeUndefined();
		}
	});
	it('right → verified and started', async () => {
		const r = await post(filledWebhookSample, {
			http: gateway,
			parameters: withSecret,
			request: { query: { secret: 's3cret-value' } },
		});
		expect(r.status).toBe(200);
		expect(r.body.started).toBe(true);
	});
});

describe('IP allow-list', () => {
	const allow = (allowedIps: string) => ({ options: { allowedIps } });
	it('an address outside the list → 403, nothing started, no gateway call', async () => {
		const r = await post(filledWebhookSample, {
			http: gateway,
			parameters: allow('203.0.113.10'),
			request: { ip: '198.51.100.7' },
		});
		expect(r.status).toBe(403);
		expect(r.body).toMatchObject({ received: false, started: false });
		expect(r.body.reason).toMatch(/198\.51\.100\.7 is not in the allowed list/);
		expect(r.gatewayCalls).toBe(0);
	});
	it('an exact address, a CIDR range, an IPv4-mapped IPv6 address and an IPv6 range are let in', async () => {
		const cases: Array<[string, string]> = [
			['203.0.113.10', '203.0.113.10'],
			['10.1.2.3, 198.51.100.0/24', '198.51.100.200'],
			['198.51.100.0/24', '::ffff:198.51.100.9'],
			['2001:db8::/32', '2001:db8:1::5'],
		];
		for (const [list, ip] of cases) {
			resetMemory();
			const r = await post(filledWebhookSample, { http: gateway, parameters: allow(list), request: { ip } });
			expect({ list, ip, status: r.status, started: r.body.started }).toEqual({ list, ip, status: 200, started: true });
		}
	});
	it('just outside a CIDR range, and a list of only invalid entries, keep everyone out', async () => {
		for (const [list, ip] of [
			['198.51.100.0/25', '198.51.100.128'],
			['not-an-ip', '127.0.0.1'],
			['2001:db8::/32', '2001:db9::1'],
		]) {
			const r = await post(filledWebhookSample, { http: gateway, parameters: allow(list), request: { ip } });
			expect({ list, status: r.status }).toEqual({ list, status: 403 });
		}
	});
	it('an empty list lets anyone in', async () => {
		const r = await post(filledWebhookSample, { http: gateway, parameters: allow(''), request: { ip: '192.0.2.1' } });
		expect(r.body.started).toBe(true);
	});
});
