/** The shopper's return (GET ?transaction_reference=…): verified lookup, 302 to the configured page. */
import { transactionStatusResponse as statusSample } from '../../fixtures/manualVerbatim';
import { resetMemory, returnWith, statusStub } from './util';

beforeEach(resetMemory);

const ID = statusSample.transaction_details.id;
const DECLINED_ID = '7e6f4a1c-8d2b-4c3e-9f10-112233445566';
const declined = {
	...statusSample,
	success: false,
	gateway_response: { version: '1', type: 'ERROR', message: 'Payment Declined.', code: 'ERR1005' },
	payment_details: { ...statusSample.payment_details, response_code: 5 },
	transaction_details: { ...statusSample.transaction_details, id: DECLINED_ID },
};
const gateway = statusStub({ [ID]: { body: statusSample }, [DECLINED_ID]: { body: declined } });
const pages = {
	successRedirectUrl: 'https://shop.test/thanks?from=pay',
	failureRedirectUrl: 'https://shop.test/failed',
};

describe('shopper return', () => {
	it("approved → 302 to the success page and one execution with the gateway's record", async () => {
		const r = await returnWith(ID, { http: gateway, parameters: pages });
		expect(r.gatewayCalls).toBe(1);
		expect(r.redirect).toEqual({ status: 302, url: `https://shop.test/thanks?from=pay&transaction_reference=${ID}` });
		expect(r.answers).toBe(1);
		expect(r.items).toHaveLength(1);
		expect(r.items[0]).toMatchObject({
			transactionId: ID,
			outcome: 'approved',
			verified: true,
			source: 'redirect',
			merchantTxnRef: 'qwe',
			amount: 2,
		});
		expect(r.items[0].raw).toMatchObject({ transaction_type: 'PRE_AUTH' });
	});

	it('declined → 302 to the failure page, and the declined event starts', async () => {
		const r = await returnWith(DECLINED_ID, { http: gateway, parameters: pages });
		expect(r.redirect).toEqual({ status: 302, url: `https://shop.test/failed?transaction_reference=${DECLINED_ID}` });
		expect(r.items[0]).toMatchObject({ outcome: 'declined', source: 'redirect' });
	});

	it('unknown id → failure page, nothing started', async () => {
		const unknown = '00000000-0000-4000-8000-000000000000';
		const r = await returnWith(unknown, { http: gateway, parameters: pages });
		expect(r.gatewayCalls).toBe(1);
		expect(r.redirect?.url).toBe(`https://shop.test/failed?transaction_reference=${unknown}`);
		expect(r.result.workflowData).toBeUndefined();
	});

	it('missing or malformed reference → failure page, no gateway call, nothing started', async () => {
		for (const reference of [undefined, '', 'not-a-uuid']) {
			const r = await returnWith(reference, { http: gateway, parameters: pages });
			expect(r.redirect).toEqual({ status: 302, url: 'https://shop.test/failed' });
			expect(r.gatewayCalls).toBe(0);
			expect(r.result.workflowData).toBeUndefined();
		}
	});

	it('filtered out → still sent to the right page, nothing started', async () => {
		const r = await returnWith(ID, { http: gateway, parameters: { ...pages, transactionTypes: ['CAPTURE'] } });
		expect(r.redirect?.url).toContain('https://shop.test/thanks');
		expect(r.result.workflowData).toBeUndefined();
	});

	it('a second return of the same transaction sends the shopper on but starts nothing', async () => {
		await returnWith(ID, { http: gateway, parameters: pages });
		const again = await returnWith(ID, { http: gateway, parameters: pages });
		expect(again.redirect?.url).toContain('https://shop.test/thanks');
		expect(again.result.workflowData).toBeUndefined();
	});

	it('no pages configured → a JSON answer instead of a redirect', async () => {
		const r = await returnWith(ID, { http: gateway });
		expect(r.redirect).toBeNull();
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ received: true, started: true });
	});
});
