/**
 * Every rule is checked before sending: each case breaks one field of an otherwise valid item and expects the
 * error to name the field as the editor shows it, the wire name, the item and the rule — and nothing on the wire.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { hostedPageParameters, purchaseParameters, runNodeExpectingError, subscriptionParameters } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

const PAST = new Date();
const lastMonth = new Date(Date.UTC(PAST.getUTCFullYear(), PAST.getUTCMonth() - 1, 1));
const pastMonth = String(lastMonth.getUTCMonth() + 1).padStart(2, '0');
const pastYear = String(lastMonth.getUTCFullYear() % 100).padStart(2, '0');

const UUID = '6f1c1a6e-0c5b-4e55-9a3e-2f8f0f6b1a11';
const transaction = (operation: string, changes: IDataObject = {}): IDataObject => ({
	resource: 'transaction',
	operation,
	transactionId: UUID,
	amount: 10,
	...changes,
});

type Case = [name: string, parameters: IDataObject, label: string, wirePath: string, rule: RegExp];

const cases: Case[] = [
	['missing amount', purchaseParameters({ amount: undefined }), 'Amount', 'amount', /is required/],
	['zero amount', purchaseParameters({ amount: 0 }), 'Amount', 'amount', /greater than 0/],
	['negative amount', purchaseParameters({ amount: -5 }), 'Amount', 'amount', /positive number/],
	[
		'decimals on JPY',
		purchaseParameters({ currency: 'JPY', amount: 10.5 }),
		'Amount',
		'amount',
		/whole number for JPY/,
	],
	['three decimals on USD', purchaseParameters({ amount: 10.555 }), 'Amount', 'amount', /at most 2 decimals for USD/],
	['unknown currency', purchaseParameters({ currency: 'XYZ' }), 'Currency', 'currency', /ISO 4217/],
	['missing currency', purchaseParameters({ currency: '' }), 'Currency', 'currency', /is required/],
	[
		'unknown country',
		purchaseParameters({ 'billingAddress.address.country': 'ZZ' }),
		'Billing Address → Country',
		'billing_address.country',
		/ISO 3166-1/,
	],
	[
		'bad email',
		purchaseParameters({ 'billingAddress.address.email': 'not-an-email' }),
		'Billing Address → Email',
		'billing_address.email',
		/valid email address/,
	],
	[
		'email too long',
		purchaseParameters({ 'billingAddress.address.email': `${'a'.repeat(40)}@example.com` }),
		'Billing Address → Email',
		'billing_address.email',
		/at most 45 characters/,
	],
	[
		'missing city',
		purchaseParameters({ 'billingAddress.address.city': '' }),
		'Billing Address → City',
		'billing_address.city',
		/is required/,
	],
	[
		'missing postal code',
		purchaseParameters({ 'billingAddress.address.postalCode': undefined }),
		'Billing Address → Postal Code',
		'billing_address.postal_code',
		/is required/,
	],
	[
		'address line too long',
		purchaseParameters({ 'billingAddress.address.addressLine1': 'x'.repeat(200) }),
		'Billing Address → Address Line 1',
		'billing_address.address1',
		/at most 199/,
	],
	[
		'phone too long',
		purchaseParameters({ 'billingAddress.address.phone': '1'.repeat(21) }),
		'Billing Address → Phone',
		'billing_address.phone_number',
		/at most 20/,
	],
	[
		'no billing address',
		purchaseParameters({ billingAddress: {} }),
		'Billing Address',
		'billing_address',
		/is required/,
	],
	[
		'bad shipping email',
		purchaseParameters({
			shippingAddress: {
				address: { country: 'JP', email: 'x', phone: '123456', addressLine1: 'a', city: 'b', state: 'c' },
			},
		}),
		'Shipping Address → Email',
		'shipping_address.email',
		/valid email/,
	],
	['bad IP', purchaseParameters({ customerIp: '300.1.1.1' }), 'Customer IP', 'customer_ip', /IPv4 or IPv6/],
	['bad time zone', purchaseParameters({ timeZone: 'Mars/Olympus' }), 'Time Zone', 'time_zone', /IANA time zone/],
	['Luhn failure', purchaseParameters({ cardNumber: '4111111111111112' }), 'Card Number', 'card.number', /Luhn/],
	['12 digits', purchaseParameters({ cardNumber: '411111111111' }), 'Card Number', 'card.number', /13 to 19 digits/],
	[
		'20 digits',
		purchaseParameters({ cardNumber: '41111111111111111111' }),
		'Card Number',
		'card.number',
		/13 to 19 digits/,
	],
	[
		'expired card',
		purchaseParameters({ cardExpiryMonth: pastMonth, cardExpiryYear: pastYear }),
		'Expiry Year',
		'card.expiry_year',
		/expired/,
	],
	['bad month', purchaseParameters({ cardExpiryMonth: '13' }), 'Expiry Month', 'card.expiry_month', /01 to 12/],
	['short CVC', purchaseParameters({ cardCvc: '12' }), 'CVC', 'card.cvc', /3 or 4 digits/],
	[
		'no card at all',
		purchaseParameters({ cardNumber: '', cardholderName: '', cardCvc: '', cardExpiryMonth: '', cardExpiryYear: '' }),
		'Card Number',
		'card',
		/is required/,
	],
	[
		'saved card without its id',
		purchaseParameters({ paymentSource: 'savedCard', cardScheme: 'VISA' }),
		'Stored Payment Method ID',
		'card',
		/saved card/,
	],
	[
		'save card without scheme',
		purchaseParameters({ saveCard: true }),
		'Card Scheme',
		'payment_method.type',
		/is required/,
	],
	[
		'merchant reference too long',
		purchaseParameters({ merchantTxnRef: 'r'.repeat(46) }),
		'Merchant Transaction Reference',
		'merchant_txn_ref',
		/at most 45/,
	],
	[
		'3DS without return URLs',
		purchaseParameters({ operation: 'purchase3ds', returnUrls: { webhookUrl: 'https://shop.example/hook' } }),
		'Return URLs → Success URL',
		'return_url.success_url',
		/required for 3D Secure/,
	],
	[
		'bad return URL',
		purchaseParameters({ returnUrls: { successUrl: 'not a url' } }),
		'Return URLs → Success URL',
		'return_url.success_url',
		/full URL/,
	],
	[
		'bad browser language',
		purchaseParameters({
			operation: 'purchase3ds',
			returnUrls: { successUrl: 'https://a.example/s', declineUrl: 'https://a.example/d' },
			browserInfo: { language: 'english!' },
		}),
		'Browser Info → Language',
		'browser_info.language',
		/language tag/,
	],
	[
		'hosted page: bad merchant email',
		hostedPageParameters({ merchantEmail: 'shop' }),
		'Merchant Email',
		'merchant_email',
		/valid email/,
	],
	[
		'hosted page: billing phone over 15',
		hostedPageParameters({ 'billingAddress.address.phone': '1'.repeat(16) }),
		'Billing Address → Phone',
		'billing_address.phone',
		/at most 15/,
	],
	[
		'capture: bad transaction id',
		transaction('capture', { transactionId: 'abc' }),
		'Transaction ID',
		'transactionId',
		/UUID/,
	],
	[
		'capture: decimals checked with the currency option',
		transaction('capture', { amount: 1.5, additionalFields: { currency: 'JPY' } }),
		'Amount',
		'amount',
		/whole number for JPY/,
	],
	[
		'capture: bad currency option',
		transaction('capture', { additionalFields: { currency: 'XX' } }),
		'Additional Fields → Currency',
		'currency',
		/ISO 4217/,
	],
	[
		'refund: notes too long',
		transaction('refund', { additionalFields: { notes: 'n'.repeat(129) } }),
		'Additional Fields → Notes',
		'notes',
		/at most 128/,
	],
	[
		'refund: merchant id over 10',
		transaction('refund', { merchantId: 'M'.repeat(11) }),
		'Merchant ID',
		'merchant_id',
		/at most 10/,
	],
	[
		'void: bad transaction id',
		transaction('void', { transactionId: '123' }),
		'Transaction ID',
		'transactionId',
		/UUID/,
	],
	['get: bad transaction id', transaction('get', { transactionId: 'nope' }), 'Transaction ID', 'transactionId', /UUID/],
	[
		'cancel or refund: bad transaction id',
		transaction('cancelOrRefund', { transactionId: 'nope' }),
		'Transaction ID',
		'transactionId',
		/UUID/,
	],
	[
		'subscription: bad id',
		{ resource: 'subscription', operation: 'pause', subscriptionId: 'nope' },
		'Subscription ID',
		'subscriptionId',
		/UUID/,
	],
	[
		'subscription list: bad currency filter',
		{ resource: 'subscription', operation: 'getMany', returnAll: true, filters: { currency: 'EURO' } },
		'Filters → Currency',
		'currency',
		/ISO 4217/,
	],
	[
		'plan: name too long',
		subscriptionParameters({ planName: 'p'.repeat(101) }),
		'Plan Name',
		'subscription.plan_name',
		/at most 100/,
	],
	[
		'plan: CYCLE without max cycles',
		subscriptionParameters({ maxCycles: undefined }),
		'Max Cycles',
		'subscription.max_cycle_count',
		/is required when the subscription ends/,
	],
	[
		'plan: max cycles over 9999',
		subscriptionParameters({ endType: 'CYCLE', maxCycles: 10000 }),
		'Max Cycles',
		'subscription.max_cycle_count',
		/at most 9999/,
	],
	[
		'plan: trial without duration',
		subscriptionParameters({ hasTrialPeriod: true, trialDurationType: 'DAYS' }),
		'Trial Duration',
		'subscription.trial_period_duration',
		/required with a trial/,
	],
	[
		'plan: discount over 100%',
		subscriptionParameters({ hasDiscount: true, discountPercentage: 150, discountDuration: 1 }),
		'Discount Percentage',
		'subscription.discount_percentage',
		/at most 100/,
	],
	[
		'plan: discount without duration',
		subscriptionParameters({ hasDiscount: true, discountPercentage: 10 }),
		'Discount Duration',
		'subscription.discount_duration',
		/required with a discount/,
	],
	[
		'plan: fractional interval',
		subscriptionParameters({ cycleInterval: 1.5 }),
		'Cycle Interval',
		'subscription.cycle_interval',
		/whole number/,
	],
];

describe('validation before sending', () => {
	it.each(cases)('%s', async (_name, parameters, label, wirePath, rule) => {
		// The broken item is the second one, so the message must name item 1 (n8n's item index).
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: [purchaseParameters(), parameters],
		});
		expect(error.constructor.name).toBe('NodeOperationError');
		// For a person: the field as the editor names it first, the rule, the item as n8n counts it; no wire name.
		expect(error.message.startsWith(`${label} `) || error.message.startsWith(`${label}: `)).toBe(true);
		expect(error.message).toMatch(/ \[item 1\]$/);
		expect(error.message).toMatch(rule);
		expect(error.message).not.toContain(`(${wirePath})`);
		// The details list the problem with its wire name for support, say what to do, and add to the title.
		expect(error.description).toContain(`${label} (\`${wirePath}\`)`);
		expect(error.description).toMatch(/^Fix .* then run the node again\. Nothing was sent to DasGateway/);
		expect(error.description).not.toContain(error.message);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
		// Every item is checked before any is sent: not even the valid first item went out.
		expect(calls).toHaveLength(0);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('reports every problem of an item in the description', async () => {
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ currency: 'XYZ', customerIp: 'x', cardCvc: '1' }),
		});
		expect(error.message).toContain('(and 2 more problems)');
		expect(error.description).toContain('customer_ip');
		expect(error.description).toContain('card.cvc');
		expect(error.description).toContain('Nothing was sent');
		expect(calls).toHaveLength(0);
	});
});
