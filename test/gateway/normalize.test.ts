import { execFileSync } from 'child_process';
import * as path from 'path';

import {
	maskCardNumber,
	normalizeHostedPaymentLink,
	normalizeSubscriptionList,
	normalizeThreeDsRedirect,
	normalizeTransaction,
	redactCardData,
} from '../../nodes/DasGateway/gateway/normalize';
import {
	authorisationWithValues,
	captureWithValues,
	filledWebhookSample,
	hostedPaymentLinkWithValues,
	threeDsWebhookSample,
} from '../fixtures/invented';
import * as manual from '../fixtures/manualVerbatim';

describe('normalizeTransaction on the manual samples', () => {
	it('reads the verbatim Authorisation sample: its placeholders become null, its real values are kept', () => {
		const item = normalizeTransaction(manual.authorisationResponse);
		expect(item).toMatchObject({
			transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			transactionType: 'PRE_AUTH',
			outcome: 'approved',
			amount: null,
			currency: null,
			merchantId: null,
			reference: null,
			timestamp: null,
			storedPaymentMethodId: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
			card: null,
			billingAddress: null,
			customerIp: null,
		});
	});

	it('reads an authorization response with values (billing in merchant_details, risk-details, string amount)', () => {
		const item = normalizeTransaction(authorisationWithValues);
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

	it('reads the verbatim status sample (billing in transaction_details, risk_details, number amount and ref)', () => {
		const item = normalizeTransaction(manual.transactionStatusResponse);
		expect(item).toMatchObject({
			transactionId: 'b2c120f8-6d34-4f8f-a736-b34943dde2d7',
			amount: 2,
			reference: '38922',
			currency: 'JPY',
			merchantTxnRef: 'qwe',
			timestamp: '2023-08-09T09:17:43.000Z',
			responseMessage: 'Payment Successful',
			responseDescription: 'The transaction was completed successfully.',
		});
		// "N/A" is the gateway's empty value, like "": both null.
		expect(item.billingAddress).toMatchObject({ address1: '47A123', postalCode: 'CB94BQ', email: null, phone: null });
		expect(item.shippingAddress?.phone).toBeNull();
		expect(item.shippingAddress).toMatchObject({ country: 'IN', postalCode: '3534534' });
		expect(item.card?.maskedNumber).toBe('545454******5454');
	});

	it('gives the same item for the webhook and the status answer of one transaction, whatever their shapes', () => {
		// The status answer of the same transaction, shaped as the status sample is: billing under transaction_details,
		// risk_details with an underscore, number amount and ref, zone-less time, no return_url_details.
		const {
			merchant_details: merchant,
			'risk-details': risk,
			return_url_details: _urls,
			...rest
		} = filledWebhookSample;
		const { billing_details: billing, ...merchantWithoutBilling } = merchant;
		const status = {
			...rest,
			status_code: 200,
			merchant_details: merchantWithoutBilling,
			payment_details: { ...filledWebhookSample.payment_details, amount: 10.5 },
			transaction_details: {
				...filledWebhookSample.transaction_details,
				ref: 38922,
				timestamp: '2024-05-01 10:00:00',
				billing_details: billing,
			},
			risk_details: risk,
		};
		const fromWebhook = normalizeTransaction(filledWebhookSample);
		expect(normalizeTransaction(status)).toEqual(fromWebhook);
		expect(fromWebhook).toMatchObject({
			amount: 10.5,
			currency: null,
			merchantTxnRef: 'order-1001',
			reference: '38922',
			timestamp: '2024-05-01T10:00:00.000Z',
			card: { maskedNumber: '411111******1111' },
			billingAddress: { city: 'Singapore' },
		});
	});

	it('reads the verbatim Webhook Handler sample: placeholders become null, address2 is kept when real', () => {
		const item = normalizeTransaction(manual.webhookHandlerSample);
		expect(item).toMatchObject({
			transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			amount: null,
			merchantId: null,
			billingAddress: null,
		});
		const billing = {
			...manual.webhookHandlerSample.merchant_details.billing_details.billing_address,
			address2: 'Room 4',
			country: 'JP',
		};
		const withAddress = normalizeTransaction({
			...manual.webhookHandlerSample,
			merchant_details: {
				...manual.webhookHandlerSample.merchant_details,
				billing_details: { billing_address: billing },
			},
		});
		expect(withAddress.billingAddress).toMatchObject({ address2: 'Room 4', country: 'JP', city: null });
	});

	it('reads capture answers with a null currency', () => {
		expect(normalizeTransaction(manual.captureResponse)).toMatchObject({
			transactionType: 'CAPTURE',
			amount: null,
			currency: null,
			outcome: 'approved',
			gatewayCode: 'INFO0001',
			merchantId: null,
		});
		const item = normalizeTransaction(captureWithValues);
		expect(item).toMatchObject({
			transactionType: 'CAPTURE',
			amount: 500,
			currency: null,
			outcome: 'approved',
			gatewayCode: 'INFO0001',
		});
		expect(item.billingAddress).toBeNull();
	});

	it('reads the 3DS webhook sample (empty risk block, null auth code, additional_data)', () => {
		const item = normalizeTransaction(threeDsWebhookSample);
		expect(item).toMatchObject({
			outcome: 'approved',
			amount: 25,
			authCode: null,
			riskScore: null,
			paymentMethod: null,
		});
	});

	it('turns placeholders and wrong types into null rather than failing', () => {
		const item = normalizeTransaction({
			success: 'true',
			payment_details: { amount: '<amount>', response_code: '0', card: 'not-an-object', currency: 12 },
			transaction_details: { id: 42, ref: { nested: true } },
			unexpected: { anything: [1, 2, 3] },
		});
		expect(item).toMatchObject({
			amount: null,
			responseCode: 0,
			card: null,
			transactionId: '42',
			reference: null,
			outcome: 'approved',
			currency: '12',
		});
		expect(normalizeTransaction(null).outcome).toBe('error');
		expect(normalizeTransaction('garbage').transactionId).toBeNull();
	});
});

describe('outcomes', () => {
	const withCode = (response_code: number, extra: object = {}) =>
		normalizeTransaction({
			success: false,
			payment_details: { response_code },
			transaction_details: { id: 'x' },
			...extra,
		});

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
		const item = normalizeTransaction({
			success: false,
			payment_details: { response_code: 4242, responseDescription: 'Bank says no' },
		});
		expect(item.responseMessage).toBe('Bank says no');
		expect(item.responseDescription).toBe('Bank says no');
	});

	it("keeps the gateway's own responseDescription beside the manual's meaning of a listed code", () => {
		const item = normalizeTransaction({
			success: false,
			payment_details: { response_code: 51, responseDescription: 'Not sufficient funds (issuer)' },
		});
		expect(item.responseMessage).toBe('Insufficient funds OR Insufficient funds/over credit limit');
		expect(item.responseDescription).toBe('Not sufficient funds (issuer)');
		expect(withCode(51).responseDescription).toBeNull();
	});
});

describe('3DS result block', () => {
	it('keeps a block shaped like the 3DS reference (auth.eci, auth.status, ds_transaction_id)', () => {
		const item = normalizeTransaction({
			...threeDsWebhookSample,
			auth: {
				value: 'c29tZV92YWx1ZQ==',
				status: 'Y',
				eci: '05',
				version: '2.2.0',
				ds_transaction_id: '30cef075-d09f-48d0-989c-601be2365c17',
			},
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
	it('reads the verbatim list (array, misspelt transcation, "" for empty plan fields, MONTHLY as create says it: MONTHS)', () => {
		const [subscription] = normalizeSubscriptionList(manual.subscriptionListResponse);
		expect(subscription).toMatchObject({
			subscriptionId: '0a0a8fe3-a084-48d2-becf-9926d9dbdaf3',
			status: 'ACTIVE',
			maxCycles: 2,
			completedCycles: 1,
			nextPaymentDate: '2023-09-23T13:44:18.647Z',
			lastPaymentStatus: 'SUCCESSFUL',
			isLive: false,
			plan: {
				name: 'Two day plan',
				cycleType: 'MONTHS',
				cycleInterval: null,
				amount: 101,
				currency: 'JPY',
				trialDurationType: null,
				discountPercentage: null,
			},
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

	it('gives MONTHS and DAYS for every spelling of the cycle unit; NONE (no trial) is null', () => {
		const withUnits = (billing: string, trial: string) =>
			normalizeSubscriptionList({
				subscription_details: [
					{ subscription_plan_details: { billing_cycle_type: billing, trial_period_duration_type: trial } },
				],
			})[0].plan;
		expect(withUnits('MONTHLY', 'NONE')).toMatchObject({ cycleType: 'MONTHS', trialDurationType: null });
		expect(withUnits('months', 'DAYS')).toMatchObject({ cycleType: 'MONTHS', trialDurationType: 'DAYS' });
		expect(withUnits('DAILY', 'MONTHLY')).toMatchObject({ cycleType: 'DAYS', trialDurationType: 'MONTHS' });
		expect(withUnits('WEEKLY', '')).toMatchObject({ cycleType: 'WEEKLY', trialDurationType: null });
	});

	it.each([
		['pause', manual.subscriptionPauseResponse, 'PAUSED'],
		['resume', manual.subscriptionResumeResponse, 'ACTIVE'],
		['cancel', manual.subscriptionCancelResponse, 'CANCELLED'],
	])('reads the verbatim %s answer, where subscription_details is an object', (_name, body, status) => {
		const list = normalizeSubscriptionList(body);
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ status, plan: { cycleType: 'DAYS', cycleInterval: 1, discountPercentage: 10 } });
		expect(list[0].transactions[0].amount).toBe(900);
	});

	it('puts the subscription of a create answer on the transaction', () => {
		const item = normalizeTransaction(manual.subscriptionCreateResponse);
		expect(item.transactionType).toBe('CAPTURE');
		expect(item.storedPaymentMethodId).toBeNull();
		expect(item.subscription).toMatchObject({
			subscriptionId: 'da39cae4-cf29-4e64-9438-1a7d0a76d4c3',
			status: 'ACTIVE',
		});
	});
});

describe('hosted page and 3DS redirect', () => {
	it('reads the verbatim hosted page sample: placeholders become null', () => {
		expect(normalizeHostedPaymentLink(manual.hostedPaymentLinkResponse)).toMatchObject({
			linkId: '8099279b-e499-464d-ad50-57eed0e4b309',
			url: null,
			amount: null,
			merchantId: null,
			billingAddress: null,
		});
	});

	it('reads the hosted page link ("" amount means the shopper types it)', () => {
		expect(normalizeHostedPaymentLink(hostedPaymentLinkWithValues)).toMatchObject({
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
		expect(
			normalizeThreeDsRedirect(manual.paymentV2Response, { merchantTxnRef: 'qwe', amount: 1000, currency: 'JPY' }),
		).toEqual({
			outcome: 'pending',
			approved: false,
			redirectUrl: manual.paymentV2Response.redirect_url,
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
		const redacted = redactCardData({
			card: { number: '4111111111111111', cvc: '123' },
			list: [{ pan: '5454545454545454', cvv: '999' }],
		});
		expect(redacted).toEqual({ card: { number: '411111******1111' }, list: [{ pan: '545454******5454' }] });
	});
});

describe('gateway times', () => {
	const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
	const module = path.resolve(__dirname, '../../nodes/DasGateway/gateway/normalize.ts');
	const times = [
		'2023-08-09 09:17:43',
		'2023-08-09T09:17:43',
		'2023-08-09T09:17:43.000Z',
		'2023-08-09T18:17:43+09:00',
		'2023-08-09',
	];
	const script = `const { normalizeTimestamp } = require(${JSON.stringify(module)}); process.stdout.write(JSON.stringify(${JSON.stringify(times)}.map(normalizeTimestamp)));`;
	const normalizedUnder = (zone: string) =>
		JSON.parse(execFileSync(tsx, ['-e', script], { env: { ...process.env, TZ: zone }, encoding: 'utf8' }));

	it("read a time without a zone as UTC, as every time in the manuals is, whatever the host's time zone", () => {
		const expected = [
			'2023-08-09T09:17:43.000Z',
			'2023-08-09T09:17:43.000Z',
			'2023-08-09T09:17:43.000Z',
			'2023-08-09T09:17:43.000Z',
			'2023-08-09T00:00:00.000Z',
		];
		expect(normalizedUnder('Asia/Tokyo')).toEqual(expected);
		expect(normalizedUnder('America/Los_Angeles')).toEqual(expected);
	}, 30_000);

	it('come out as ISO UTC on every item, and an unreadable time is passed on as sent', () => {
		expect(normalizeTransaction({ transaction_details: { timestamp: '2023-08-09 09:17:43' } }).timestamp).toBe(
			'2023-08-09T09:17:43.000Z',
		);
		const [subscription] = normalizeSubscriptionList({
			subscription_details: [
				{
					next_payment_date: '2023-09-23 13:44:18',
					subscription_transcation_details: [{ transaction_date: '2023-08-24 13:44:19' }],
				},
			],
		});
		expect(subscription.nextPaymentDate).toBe('2023-09-23T13:44:18.000Z');
		expect(subscription.transactions[0].date).toBe('2023-08-24T13:44:19.000Z');
		expect(normalizeTransaction({ transaction_details: { timestamp: 'yesterday-ish' } }).timestamp).toBe(
			'yesterday-ish',
		);
	});
});
