import {
	maskCardNumber,
	normalizeHostedPaymentLink,
	normalizeSubscriptionList,
	normalizeThreeDsRedirect,
	normalizeTransaction,
	redactCardData,
} from '../../nodes/DasGateway/gateway/normalize';
import * as samples from '../fixtures/manualSamples';
import { filledWebhookSample, threeDsWebhookSample, webhookHandlerSample } from '../fixtures/webhookSamples';

describe('normalizeTransaction on the manual samples', () => {
	it('reads the authorisation response (billing in merchant_details, risk-details, string amount)', () => {
		const item = normalizeTransaction(samples.authorisationResponse);
		expect(item).toMatchObject({
			transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			transactionType: 'PRE_AUTH',
			outcome: 'approved',
			approved: true,
			amount: 1000,
			currency: 'JPY',
			merchantId: 'JP00000328',
			merchantTxnRef: 'order-1001',
			reference: '38922',
			authCode: '212496',
			responseCode: 0,
			responseMessage: 'Payment Successful',
			gatewayCode: 'INFO0000',
			gatewayMessage: 'Payment Successful.',
			isLive: false,
			storedPaymentMethodId: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
			customerIp: '203.0.113.10',
			riskScore: null,
		});
		expect(item.card).toEqual({
			scheme: 'VISA',
			name: 'Taro Yamada',
			maskedNumber: '411111******1111',
			last4: '1111',
			expiryMonth: '12',
			expiryYear: '30',
		});
		expect(item.billingAddress).toMatchObject({ country: 'JP', phone: '8112345678', postalCode: '1600022' });
		expect(item.shippingAddress?.country).toBe('IN');
	});

	it('reads the status response (billing in transaction_details, risk_details, number amount and ref)', () => {
		const item = normalizeTransaction(samples.transactionStatusResponse);
		expect(item).toMatchObject({
			transactionId: 'b2c120f8-6d34-4f8f-a736-b34943dde2d7',
			amount: 2,
			reference: '38922',
			currency: 'JPY',
			merchantTxnRef: 'qwe',
			timestamp: '2023-08-09T09:17:43.000Z',
		});
		expect(item.billingAddress).toMatchObject({ address1: '47A123', postalCode: 'CB94BQ', email: null });
		expect(item.shippingAddress).toMatchObject({ country: 'IN', postalCode: '3534534' });
		expect(item.card?.maskedNumber).toBe('545454******5454');
	});

	it('gives the same normalized fields for a response and for the webhook of the same transaction', () => {
		const fromResponse = normalizeTransaction({ ...filledWebhookSample, return_url_details: undefined });
		const fromWebhook = normalizeTransaction(filledWebhookSample);
		expect(fromWebhook).toEqual(fromResponse);
		expect(fromWebhook).toMatchObject({ amount: 10.5, currency: null, merchantTxnRef: 'order-1001', card: { maskedNumber: '411111******1111' } });
	});

	it('reads the verbatim Webhook Handler sample: placeholders become null, address2 is kept when real', () => {
		const item = normalizeTransaction(webhookHandlerSample);
		expect(item).toMatchObject({ transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d', amount: null, merchantId: null, billingAddress: null });
		const billing = { ...webhookHandlerSample.merchant_details.billing_details.billing_address, address2: 'Room 4', country: 'JP' };
		const withAddress = normalizeTransaction({
			...webhookHandlerSample,
			merchant_details: { ...webhookHandlerSample.merchant_details, billing_details: { billing_address: billing } },
		});
		expect(withAddress.billingAddress).toMatchObject({ address2: 'Room 4', country: 'JP', city: null });
	});

	it('reads capture answers with a null currency', () => {
		const item = normalizeTransaction(samples.captureResponse);
		expect(item).toMatchObject({ transactionType: 'CAPTURE', amount: 500, currency: null, outcome: 'approved', gatewayCode: 'INFO0001' });
		expect(item.billingAddress).toBeNull();
	});

	it('reads the 3DS webhook sample (empty risk block, null auth code, additional_data)', () => {
		const item = normalizeTransaction(threeDsWebhookSample);
		expect(item).toMatchObject({ outcome: 'approved', amount: 25, authCode: null, riskScore: null, paymentMethod: null });
	});

	it('turns placeholders and wrong types into null rather than failing', () => {
		const item = normalizeTransaction({
			success: 'true',
			payment_details: { amount: '<amount>', response_code: '0', card: 'not-an-object', currency: 12 },
			transaction_details: { id: 42, ref: { nested: true } },
			unexpected: { anything: [1, 2, 3] },
		});
		expect(item).toMatchObject({ amount: null, responseCode: 0, card: null, transactionId: '42', reference: null, outcome: 'approved', currency: '12' });
		expect(normalizeTransaction(null).outcome).toBe('error');
		expect(normalizeTransaction('garbage').transactionId).toBeNull();
	});
});

describe('outcomes', () => {
	const withCode = (response_code: number, extra: object = {}) =>
		normalizeTransaction({ success: false, payment_details: { response_code }, transaction_details: { id: 'x' }, ...extra });

	it.each([
		[5, 'declined', 'Do not honour OR Declined', false],
		[51, 'declined', 'Insufficient funds OR Insufficient funds/over credit limit', false],
		[54, 'declined', 'Expired card OR Declined Expired Card', false],
		[96, 'error', 'System error OR Unable to authorize', true],
		[444, 'error', 'The acquirer system is busy. Try again', true],
		[676, 'error', 'Global GEAR System Error. Transaction result is unclear.', false],
		[578, 'pending', 'The transaction is pending.', false],
	])('response code %i is %s (%s)', (code, outcome, message, retryable) => {
		const item = withCode(code);
		expect(item.outcome).toBe(outcome);
		expect(item.responseMessage).toBe(message);
		expect(item.retryable).toBe(retryable);
		expect(item.approved).toBe(false);
	});

	it('treats a risk rule as a decline with the decoded rule even when the acquirer code is 0', () => {
		const item = normalizeTransaction({
			success: false,
			gateway_response: { type: 'ERROR', code: 'ERR3003', message: 'blocked' },
			payment_details: { response_code: 0 },
		});
		expect(item.outcome).toBe('declined');
		expect(item.gatewayMessage).toBe('BIN Blocking: Card BIN is found on Entity’s blacklist.');
	});

	it('does not call a transaction approved when the gateway says success:false with code 0', () => {
		expect(withCode(0).outcome).toBe('error');
	});

	it('uses responseDescription for codes the manual does not list', () => {
		const item = normalizeTransaction({ success: false, payment_details: { response_code: 4242, responseDescription: 'Bank says no' } });
		expect(item.responseMessage).toBe('Bank says no');
	});
});

describe('3DS result block', () => {
	it('keeps a block shaped like the 3DS reference (auth.eci, auth.status, ds_transaction_id)', () => {
		const item = normalizeTransaction({
			...threeDsWebhookSample,
			auth: { value: 'c29tZV92YWx1ZQ==', status: 'Y', eci: '05', version: '2.2.0', ds_transaction_id: '30cef075-d09f-48d0-989c-601be2365c17' },
		});
		expect(item.threeDSecure).toEqual({
			eci: '05',
			status: 'Y',
			version: '2.2.0',
			dsTransactionId: '30cef075-d09f-48d0-989c-601be2365c17',
			acsTransactionId: null,
		});
		expect(JSON.stringify(item)).not.toContain('c29tZV92YWx1ZQ==');
	});

	it('is null when no block is sent', () => {
		expect(normalizeTransaction(threeDsWebhookSample).threeDSecure).toBeNull();
	});
});

describe('subscriptions', () => {
	it('reads the list (array, misspelt transcation, "" for empty plan fields)', () => {
		const [subscription] = normalizeSubscriptionList(samples.subscriptionListResponse);
		expect(subscription).toMatchObject({
			subscriptionId: '0a0a8fe3-a084-48d2-becf-9926d9dbdaf3',
			status: 'ACTIVE',
			maxCycles: 2,
			completedCycles: 1,
			nextPaymentDate: '2023-09-23T13:44:18.647Z',
			lastPaymentStatus: 'SUCCESSFUL',
			isLive: false,
			plan: { name: 'Two day plan', cycleInterval: null, amount: 101, currency: 'JPY', trialDurationType: null, discountPercentage: null },
		});
		expect(subscription.transactions).toEqual([
			{
				transactionId: 'c853f15e-4464-4a4d-b1ea-045c6362684c',
				reference: '40453',
				cycle: 1,
				status: 'PENDING',
				date: '2023-08-24T13:44:19.000Z',
				amount: 101,
				currency: 'JPY',
				event: 'AUTHORISED',
			},
		]);
	});

	it('reads pause/resume/cancel answers where subscription_details is an object', () => {
		const list = normalizeSubscriptionList(samples.subscriptionPauseResponse);
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ status: 'PAUSED', plan: { cycleInterval: 1, discountPercentage: 10 } });
		expect(list[0].transactions[0].amount).toBe(900);
	});

	it('puts the subscription of a create answer on the transaction', () => {
		const item = normalizeTransaction(samples.subscriptionCreateResponse);
		expect(item.transactionType).toBe('CAPTURE');
		expect(item.storedPaymentMethodId).toBeNull();
		expect(item.subscription).toMatchObject({ subscriptionId: 'da39cae4-cf29-4e64-9438-1a7d0a76d4c3', status: 'ACTIVE' });
	});
});

describe('hosted page and 3DS redirect', () => {
	it('reads the hosted page link ("" amount means the shopper types it)', () => {
		expect(normalizeHostedPaymentLink(samples.hostedPaymentLinkResponse)).toMatchObject({
			linkId: '8099279b-e499-464d-ad50-57eed0e4b309',
			url: 'https://checkout-dev.paymentoptions.com/hpp/8099279b',
			outcome: 'pending',
			amount: null,
			currency: null,
			returnUrls: { successUrl: 'https://shop.example/ok', cancelUrl: null },
			billingAddress: { phone: '8112345678', postalCode: null },
		});
	});

	it('reads the paymentv2 answer and completes it from the request', () => {
		expect(normalizeThreeDsRedirect(samples.paymentV2Response, { merchantTxnRef: 'qwe', amount: 1000, currency: 'JPY' })).toEqual({
			outcome: 'pending',
			approved: false,
			redirectUrl: samples.paymentV2Response.redirect_url,
			merchantTxnRef: 'qwe',
			amount: 1000,
			currency: 'JPY',
			merchantId: null,
		});
	});
});

describe('card data', () => {
	it.each([
		['4111111111111111', '411111******1111'],
		['4111 1111 1111 1111', '411111******1111'],
		['378282246310005', '378282*****0005'],
		['545454******5454', '545454******5454'],
		['4111111111111111111', '411111*********1111'],
		['XXXX', '****'],
	])('masks %s as %s', (input, masked) => {
		expect(maskCardNumber(input)).toBe(masked);
	});

	it('masks numbers and drops CVCs anywhere in a body', () => {
		const redacted = redactCardData({ card: { number: '4111111111111111', cvc: '123' }, list: [{ pan: '5454545454545454', cvv: '999' }] });
		expect(redacted).toEqual({ card: { number: '411111******1111' }, list: [{ pan: '545454******5454' }] });
	});
});
