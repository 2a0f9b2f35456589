/**
 * Version 2's forms for Payment (Authorize, Purchase, Purchase With 3D Secure), Subscription → Create and Hosted
 * Payment Page → Create Link, run on n8n's own engine against the emulator: the same input filled into a version 1
 * form and into a version 2 form sends the same request; the new rules hold (drop-downs sent as-is, 3DS card only and
 * without time zone, partial shipping accepted where the manual allows it, missing billing refused naming it, end
 * type CYCLE only); n8n resolves the v2 defaults and flags the required fields as missing; errors name v2 fields as
 * the editor shows them.
 */
import type { IDataObject, INode, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DasGateway } from '../../../nodes/DasGateway/DasGateway.node';
import {
	COUNTRY_OPTIONS,
	CURRENCY_OPTIONS,
	EXPIRY_MONTH_OPTIONS,
	TIME_ZONE_OPTIONS,
} from '../../../nodes/DasGateway/actions/fields/pickLists';
import * as paymentActions from '../../../nodes/DasGateway/actions/payment';
import * as hostedPage from '../../../nodes/DasGateway/actions/hostedPaymentPage';
import * as subscriptionActions from '../../../nodes/DasGateway/actions/subscription';
import { labelForWirePath } from '../../../nodes/DasGateway/actions/wirePaths';
import { countrySchema, currencySchema, isIanaTimeZone } from '../../../nodes/DasGateway/gateway/schemas';
import { v1FieldsFor } from '../../../nodes/DasGateway/v1/fields';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { runWorkflow } from '../../helpers/workflowExecute';
import {
	BILLING_ADDRESS,
	CARDS,
	FUTURE_YEAR,
	emulatorCredentials,
	hostedPageParameters,
	purchaseParameters,
	subscriptionParameters,
} from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

const v2Description = (new DasGateway().getNodeType(2) as { description: INodeTypeDescription }).description;
const v1Description = (new DasGateway().getNodeType(1) as { description: INodeTypeDescription }).description;

/** The bodies the emulator received (card number masked, CVC removed), without the per-run merchant reference. */
function gatewayBodies(): IDataObject[] {
	return emulator
		.requests()
		.filter((request) => request.path.includes('/api/v1/'))
		.map((request) => {
			const { merchant_txn_ref: _ref, ...body } = request.body as IDataObject;
			return body;
		});
}

async function run(parameters: IDataObject, version: number, items: IDataObject[] = [{}]) {
	return await runWorkflow({ parameters, items, credentials: emulatorCredentials(emulator.url), version });
}

/** Runs the v1 and the v2 parameters one after the other and returns the two bodies sent. */
async function bodiesOf(v1: IDataObject, v2: IDataObject): Promise<[IDataObject, IDataObject]> {
	const first = await run(v1, 1);
	expect(first.error).toBeUndefined();
	const second = await run(v2, 2);
	expect(second.error).toBeUndefined();
	const bodies = gatewayBodies();
	expect(bodies).toHaveLength(2);
	return [bodies[0], bodies[1]];
}

/** The card, customer and billing values both versions keep on top, with their v2 types (amount as text). */
const v2Card = {
	amount: '10.5',
	currency: 'USD',
	cardNumber: CARDS.approve,
	cardholderName: 'Ada Lovelace',
	cardExpiryMonth: '12',
	cardExpiryYear: FUTURE_YEAR,
	cardCvc: '123',
	customerIp: '203.0.113.7',
	billingAddress: { address: BILLING_ADDRESS },
};

const SHIPPING = {
	country: 'GB',
	email: 'ship@example.com',
	phone: '020 7946 0000',
	addressLine1: '1 Road',
	city: 'London',
	state: 'London',
};

describe('version 2 builds the same request as version 1 for the same input', () => {
	it.each(['purchase', 'authorize'])(
		'Payment → %s: card saved, shipping, URLs, cardinal session and overrides under Additional Fields',
		async (operation) => {
			const [v1, v2] = await bodiesOf(
				purchaseParameters({
					operation,
					saveCard: true,
					cardScheme: 'VISA',
					merchantId: 'EMU0000001',
					merchantTxnRef: `v1-${operation}`,
					shippingAddress: { address: SHIPPING },
					returnUrls: { webhookUrl: 'https://shop.example/hook', successUrl: 'https://shop.example/paid' },
					'additionalFields.cardinalSessionId': 'cardinal-1',
				}),
				{
					resource: 'payment',
					operation,
					...v2Card,
					paymentSource: 'card',
					saveCard: true,
					cardScheme: 'VISA',
					timeZone: 'Asia/Tokyo',
					additionalFields: {
						cardinalSessionId: 'cardinal-1',
						merchantId: 'EMU0000001',
						merchantTxnRef: `v2-${operation}`,
						shippingAddress: { address: SHIPPING },
						successUrl: 'https://shop.example/paid',
						webhookUrl: 'https://shop.example/hook',
					},
				},
			);
			expect(v2).toEqual(v1);
			expect(v2).toMatchObject({
				amount: '10.5',
				time_zone: 'Asia/Tokyo',
				cardinal_session_id: 'cardinal-1',
				payment_method: { type: 'VISA', store_payment_method: true },
				shipping_address: { country: 'GB', email: 'ship@example.com' },
				return_url: { webhook_url: 'https://shop.example/hook', success_url: 'https://shop.example/paid' },
			});
		},
	);

	it('Payment → Purchase With 3D Secure: success and decline URLs on top, time zone and webhook under Additional Fields', async () => {
		const [v1, v2] = await bodiesOf(
			purchaseParameters({
				operation: 'purchase3ds',
				cardNumber: CARDS.threeDs,
				merchantTxnRef: 'v1-3ds',
				returnUrls: {
					successUrl: 'https://shop.example/paid',
					declineUrl: 'https://shop.example/declined',
					webhookUrl: 'https://shop.example/hook',
				},
				browserInfo: { language: 'en-GB', javaEnabled: false, screenWidth: 1600, challengeWindow: '4' },
			}),
			{
				resource: 'payment',
				operation: 'purchase3ds',
				...v2Card,
				cardNumber: CARDS.threeDs,
				successUrl: 'https://shop.example/paid',
				declineUrl: 'https://shop.example/declined',
				browserInfo: { language: 'en-GB', javaEnabled: false, screenWidth: 1600, challengeWindow: '4' },
				additionalFields: { merchantTxnRef: 'v2-3ds', timeZone: 'Asia/Tokyo', webhookUrl: 'https://shop.example/hook' },
			},
		);
		expect(v2).toEqual(v1);
		expect(v2).toMatchObject({
			time_zone: 'Asia/Tokyo',
			return_url: { success_url: 'https://shop.example/paid', decline_url: 'https://shop.example/declined' },
		});
	});

	it('Subscription → Create: the plan on top, shipping and URLs under Additional Fields', async () => {
		const plan = {
			planName: 'Monthly box',
			planDescription: 'One box a month',
			cycleType: 'MONTHS',
			cycleInterval: 1,
			endType: 'CYCLE',
			maxCycles: 12,
		};
		const discount = {
			hasDiscount: true,
			discountPercentage: 12.5,
			discountDuration: 2,
			hasTrialPeriod: true,
			trialDurationType: 'DAYS',
			trialDuration: 14,
		};
		const [v1, v2] = await bodiesOf(
			subscriptionParameters({
				...plan,
				...discount,
				merchantTxnRef: 'v1-sub',
				shippingAddress: { address: SHIPPING },
				returnUrls: { webhookUrl: 'https://shop.example/hook' },
			}),
			{
				resource: 'subscription',
				operation: 'create',
				...v2Card,
				timeZone: 'Asia/Tokyo',
				...plan,
				...discount,
				additionalFields: {
					merchantTxnRef: 'v2-sub',
					shippingAddress: { address: SHIPPING },
					webhookUrl: 'https://shop.example/hook',
				},
			},
		);
		expect(v2).toEqual(v1);
		expect(v2.subscription).toMatchObject({
			subscription_end_type: 'CYCLE',
			max_cycle_count: 12,
			discount_percentage: 12.5,
			trial_period_duration: 14,
		});
	});

	it('Hosted Payment Page → Create Link: URLs, shipping and overrides under Additional Fields', async () => {
		const [v1, v2] = await bodiesOf(
			hostedPageParameters({
				merchantTxnRef: 'v1-hpp',
				saveCard: true,
				cardScheme: 'VISA',
				shippingAddress: { address: SHIPPING },
				returnUrls: {
					successUrl: 'https://shop.example/paid',
					declineUrl: 'https://shop.example/declined',
					cancelUrl: 'https://shop.example/cancel',
				},
			}),
			{
				resource: 'hostedPaymentPage',
				operation: 'createLink',
				amount: '25',
				currency: 'USD',
				merchantEmail: 'shop@example.com',
				billingAddress: hostedPageParameters().billingAddress,
				saveCard: true,
				cardScheme: 'VISA',
				additionalFields: {
					cancelUrl: 'https://shop.example/cancel',
					declineUrl: 'https://shop.example/declined',
					merchantTxnRef: 'v2-hpp',
					shippingAddress: { address: SHIPPING },
					successUrl: 'https://shop.example/paid',
				},
			},
		);
		expect(v2).toEqual(v1);
		expect(v2).toMatchObject({
			amount: '25',
			return_url: { cancel_url: 'https://shop.example/cancel' },
			shipping_address: { phone: '020 7946 0000' },
		});
	});

	it('Hosted Payment Page → Create Link: the shopper enters the amount (null sent) in both versions', async () => {
		const [v1, v2] = await bodiesOf(hostedPageParameters({ shopperEntersAmount: true, merchantTxnRef: 'v1-open' }), {
			resource: 'hostedPaymentPage',
			operation: 'createLink',
			shopperEntersAmount: true,
			currency: 'USD',
			merchantEmail: 'shop@example.com',
			billingAddress: hostedPageParameters().billingAddress,
			additionalFields: {
				merchantTxnRef: 'v2-open',
				successUrl: 'https://shop.example/paid',
				declineUrl: 'https://shop.example/declined',
			},
		});
		expect(v2).toEqual(v1);
		expect(v2.amount).toBeNull();
	});
});

describe('version 2 rules', () => {
	const v2Purchase = (changes: IDataObject = {}): IDataObject => ({
		resource: 'payment',
		operation: 'purchase',
		...v2Card,
		timeZone: 'Asia/Tokyo',
		...changes,
	});

	it('drop-down values reach the wire as they are: currency, country, time zone, expiry month', async () => {
		const { error } = await run(
			v2Purchase({
				amount: '1000',
				currency: 'JPY',
				cardExpiryMonth: '03',
				timeZone: 'UTC',
				billingAddress: { address: { ...BILLING_ADDRESS, country: 'GB' } },
			}),
			2,
		);
		expect(error).toBeUndefined();
		const [body] = gatewayBodies();
		expect(body).toMatchObject({
			amount: '1000',
			currency: 'JPY',
			time_zone: 'UTC',
			billing_address: { country: 'GB' },
			card: { expiry_month: '03' },
		});
	});

	it('every drop-down value is one the request check accepts, with no duplicate', () => {
		const values = (options: INodePropertyOptions[]) => options.map((option) => String(option.value));
		for (const list of [CURRENCY_OPTIONS, COUNTRY_OPTIONS, TIME_ZONE_OPTIONS, EXPIRY_MONTH_OPTIONS])
			expect(new Set(values(list)).size).toBe(list.length);
		for (const code of values(CURRENCY_OPTIONS)) expect(currencySchema.safeParse(code).success).toBe(true);
		for (const code of values(COUNTRY_OPTIONS)) expect(countrySchema.safeParse(code).success).toBe(true);
		for (const zone of values(TIME_ZONE_OPTIONS)) expect(isIanaTimeZone(zone)).toBe(true);
		expect(values(EXPIRY_MONTH_OPTIONS)).toEqual([
			'01',
			'02',
			'03',
			'04',
			'05',
			'06',
			'07',
			'08',
			'09',
			'10',
			'11',
			'12',
		]);
		expect(TIME_ZONE_OPTIONS[0].value).toBe('UTC');
		expect(values(TIME_ZONE_OPTIONS)).toEqual(
			expect.arrayContaining(['Asia/Tokyo', 'Asia/Kuala_Lumpur', 'Europe/London']),
		);
		expect(CURRENCY_OPTIONS.find((option) => option.value === 'JPY')?.name).toBe('Japanese Yen (JPY)');
		expect(COUNTRY_OPTIONS.find((option) => option.value === 'JP')?.name).toBe('Japan (JP)');
	});

	it('an expression can still give a value outside the list; the request check refuses a bad one naming the field', async () => {
		const { error } = await run(v2Purchase({ currency: '={{ $json.currency }}' }), 2, [{ currency: 'XYZ' }]);
		expect(error?.message).toMatch(/^Currency must be an ISO 4217 currency code.*\[item 0\]$/);
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('a missing billing address is refused naming it, nothing sent', async () => {
		const { error } = await run(v2Purchase({ billingAddress: {} }), 2);
		expect(error?.message).toMatch(/^Billing Address is required \[item 0\]$/);
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('an empty amount: n8n itself will not run the node (a required field is missing); from an expression, refused as required', async () => {
		await expect(run(v2Purchase({ amount: '' }), 2)).rejects.toThrow(/workflow has issues/);
		const { error } = await run(v2Purchase({ amount: '={{ $json.amount }}' }), 2, [{ amount: '' }]);
		expect(error?.message).toMatch(/^Amount is required \[item 0\]$/);
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('Subscription → Create accepts a partial shipping address (the subscription table makes every member optional)', async () => {
		const { error } = await run(
			{
				resource: 'subscription',
				operation: 'create',
				...v2Card,
				timeZone: 'Asia/Tokyo',
				planName: 'Monthly box',
				planDescription: 'One box a month',
				maxCycles: 3,
				additionalFields: { shippingAddress: { address: { country: 'GB', city: 'London' } } },
			},
			2,
		);
		expect(error).toBeUndefined();
		const [body] = gatewayBodies();
		expect(body.shipping_address).toEqual({ country: 'GB', city: 'London' });
		expect(body.subscription).toMatchObject({ subscription_end_type: 'CYCLE', max_cycle_count: 3 });
	});

	it('a bad shipping email inside Additional Fields is named "Additional Fields → Shipping Address → Email"', async () => {
		const { error } = await run(
			v2Purchase({ additionalFields: { shippingAddress: { address: { ...SHIPPING, email: 'not-an-email' } } } }),
			2,
		);
		expect(error?.message).toMatch(
			/^Additional Fields → Shipping Address → Email must be a valid email address \[item 0\]$/,
		);
		// The wire name only in the details, for support.
		expect(error?.description).toContain('shipping_address.email');
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('Purchase with a plain card still needs the members the Purchase table requires once a shipping address is given', async () => {
		const { error } = await run(
			v2Purchase({ additionalFields: { shippingAddress: { address: { country: 'GB' } } } }),
			2,
		);
		expect(error?.message).toMatch(
			/^Additional Fields → Shipping Address → Email is required once a shipping address is given/,
		);
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('Purchase With 3D Secure runs without a time zone and offers no saved card, card saving or cardinal session', async () => {
		const { error } = await run(
			{
				resource: 'payment',
				operation: 'purchase3ds',
				...v2Card,
				cardNumber: CARDS.threeDs,
				successUrl: 'https://shop.example/paid',
				declineUrl: 'https://shop.example/declined',
			},
			2,
		);
		expect(error).toBeUndefined();
		const [body] = gatewayBodies();
		expect(body).not.toHaveProperty('time_zone');
		expect(body).not.toHaveProperty('payment_method');
		const names = allNames(fieldsOf('payment', 'purchase3ds'));
		for (const absent of ['paymentSource', 'saveCard', 'storedPaymentMethodId', 'cardScheme', 'cardinalSessionId'])
			expect(names).not.toContain(absent);
	});

	it('Purchase With 3D Secure names a missing Success URL as the v2 form shows it', async () => {
		const parameters = {
			resource: 'payment',
			operation: 'purchase3ds',
			...v2Card,
			declineUrl: 'https://shop.example/declined',
		};
		await expect(run(parameters, 2)).rejects.toThrow(/workflow has issues/);
		const { error } = await run({ ...parameters, successUrl: '={{ $json.url }}' }, 2, [{ url: '' }]);
		expect(error?.message).toMatch(/^Success URL is required for 3D Secure payments \[item 0\]$/);
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('Subscription → Create offers only CYCLE (default), where version 1 keeps its UNLIMITED for saved workflows', async () => {
		const endType = (fields: INodeProperties[]) => fields.find((field) => field.name === 'endType') as INodeProperties;
		const v2 = endType(fieldsOf('subscription', 'create'));
		expect(v2.default).toBe('CYCLE');
		expect((v2.options as INodePropertyOptions[]).map((option) => option.value)).toEqual(['CYCLE']);
		const v1 = endType(v1FieldsFor('subscription', 'create'));
		expect(v1.default).toBe('UNLIMITED');

		const { error } = await run(
			{
				resource: 'subscription',
				operation: 'create',
				...v2Card,
				timeZone: 'Asia/Tokyo',
				planName: 'P',
				planDescription: 'D',
				endType: '={{ "UNLIMITED" }}',
			},
			2,
		);
		expect(error?.message).toMatch(/^Ends must be one of CYCLE \(got "UNLIMITED"\) \[item 0\]$/);
		expect(gatewayBodies()).toHaveLength(0);
	});

	it('Discount Percentage starts above 0 in the editor', () => {
		const field = fieldsOf('subscription', 'create').find((candidate) => candidate.name === 'discountPercentage');
		expect(field?.typeOptions?.minValue).toBeGreaterThan(0);
	});
});

/** The v2 fields of one operation. */
function fieldsOf(resource: string, operation: string): INodeProperties[] {
	const modules: Record<string, Record<string, { description: INodeProperties[] }>> = {
		payment: paymentActions.operations,
		subscription: subscriptionActions.operations,
		hostedPaymentPage: hostedPage.operations,
	};
	return modules[resource][operation].description;
}

function allNames(fields: INodeProperties[]): string[] {
	return fields.flatMap((field) => [
		field.name,
		...(field.type === 'collection' ? (field.options as INodeProperties[]).map((option) => option.name) : []),
	]);
}

const topAndAdditional = (fields: INodeProperties[]) => ({
	top: fields.map((field) => field.name),
	additional: ((fields.find((field) => field.name === 'additionalFields')?.options ?? []) as INodeProperties[]).map(
		(option) => option.name,
	),
});

describe('version 2 form layout', () => {
	it.each([
		[
			'payment',
			'purchase',
			[
				'amount',
				'currency',
				'paymentSource',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'saveCard',
				'cardScheme',
				'storedPaymentMethodId',
				'cardScheme',
				'customerIp',
				'timeZone',
				'billingAddress',
				'additionalFields',
				'simplify',
			],
			[
				'cardinalSessionId',
				'declineUrl',
				'merchantId',
				'merchantTxnRef',
				'shippingAddress',
				'successUrl',
				'webhookUrl',
			],
		],
		[
			'payment',
			'purchase3ds',
			[
				'amount',
				'currency',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'customerIp',
				'successUrl',
				'declineUrl',
				'billingAddress',
				'browserInfo',
				'additionalFields',
				'simplify',
			],
			['merchantId', 'merchantTxnRef', 'shippingAddress', 'timeZone', 'webhookUrl'],
		],
		[
			'subscription',
			'create',
			[
				'amount',
				'currency',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'planName',
				'planDescription',
				'cycleType',
				'cycleInterval',
				'endType',
				'maxCycles',
				'hasTrialPeriod',
				'trialDurationType',
				'trialDuration',
				'hasDiscount',
				'discountPercentage',
				'discountDuration',
				'customerIp',
				'timeZone',
				'billingAddress',
				'additionalFields',
				'simplify',
			],
			[
				'cardinalSessionId',
				'declineUrl',
				'merchantId',
				'merchantTxnRef',
				'shippingAddress',
				'successUrl',
				'webhookUrl',
			],
		],
		[
			'hostedPaymentPage',
			'createLink',
			[
				'shopperEntersAmount',
				'amount',
				'currency',
				'merchantEmail',
				'billingAddress',
				'saveCard',
				'cardScheme',
				'additionalFields',
				'simplify',
			],
			['cancelUrl', 'declineUrl', 'merchantId', 'merchantTxnRef', 'shippingAddress', 'successUrl', 'webhookUrl'],
		],
	])(
		'%s → %s: required fields on top, the optional ones under Additional Fields',
		(resource, operation, top, additional) => {
			expect(topAndAdditional(fieldsOf(resource, operation))).toEqual({ top, additional });
		},
	);

	it('Authorize has the same form as Purchase', () => {
		expect(topAndAdditional(fieldsOf('payment', 'authorize'))).toEqual(
			topAndAdditional(fieldsOf('payment', 'purchase')),
		);
	});

	it.each([
		['payment', 'purchase'],
		['payment', 'authorize'],
		['payment', 'purchase3ds'],
		['subscription', 'create'],
		['hostedPaymentPage', 'createLink'],
	])(
		'%s → %s: billing required, shipping optional in every member; amount text, empty until filled',
		(resource, operation) => {
			const fields = fieldsOf(resource, operation);
			const billing = fields.find((field) => field.name === 'billingAddress') as INodeProperties;
			expect(billing).toMatchObject({ type: 'fixedCollection', required: true });
			const billingValues = (billing.options as Array<{ values: INodeProperties[] }>)[0].values;
			expect(billingValues.every((value) => value.required === true)).toBe(true);
			const additional = fields.find((field) => field.name === 'additionalFields')?.options as INodeProperties[];
			const shipping = additional.find((option) => option.name === 'shippingAddress') as INodeProperties;
			const shippingValues = (shipping.options as Array<{ values: INodeProperties[] }>)[0].values;
			expect(shippingValues.map((value) => value.name)).toEqual(billingValues.map((value) => value.name));
			expect(shippingValues.some((value) => value.required)).toBe(false);
			expect(fields.find((field) => field.name === 'amount')).toMatchObject({
				type: 'string',
				required: true,
				default: '',
			});
			expect(fields.find((field) => field.name === 'currency')).toMatchObject({
				type: 'options',
				required: true,
				default: '',
			});
			expect(billingValues.find((value) => value.name === 'country')).toMatchObject({ type: 'options', default: '' });
			const sorted = [...additional.map((option) => option.displayName)].sort((a, b) => a.localeCompare(b, 'en'));
			expect(additional.map((option) => option.displayName)).toEqual(sorted);
		},
	);
});

describe('n8n resolves version 2 and flags what is missing', () => {
	const node = (parameters: IDataObject): INode => ({
		id: 'n',
		name: 'DasGateway',
		type: 'n8n-nodes-dasgateway.dasGateway',
		typeVersion: 2,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	});

	it.each([
		[
			'payment',
			'purchase',
			[
				'amount',
				'currency',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'customerIp',
				'timeZone',
			],
		],
		[
			'payment',
			'authorize',
			[
				'amount',
				'currency',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'customerIp',
				'timeZone',
			],
		],
		[
			'payment',
			'purchase3ds',
			[
				'amount',
				'currency',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'customerIp',
				'successUrl',
				'declineUrl',
			],
		],
		[
			'subscription',
			'create',
			[
				'amount',
				'currency',
				'cardNumber',
				'cardholderName',
				'cardExpiryMonth',
				'cardExpiryYear',
				'cardCvc',
				'planName',
				'planDescription',
				'customerIp',
				'timeZone',
			],
		],
		['hostedPaymentPage', 'createLink', ['amount', 'currency', 'merchantEmail']],
	])('%s → %s: defaults resolve; a new node shows the required fields as missing', (resource, operation, missing) => {
		const values = NodeHelpers.getNodeParameters(
			v2Description.properties,
			{ resource, operation },
			true,
			false,
			null,
			v2Description,
		);
		expect(values).not.toBeNull();
		expect(values).toMatchObject({ resource, operation, billingAddress: {}, additionalFields: {} });
		const issues = NodeHelpers.getNodeParametersIssues(
			v2Description.properties,
			node(values as IDataObject),
			v2Description,
		);
		expect(Object.keys(issues?.parameters ?? {}).sort()).toEqual([...missing].sort());
		// Shipping Address added from Additional Fields with one value: n8n keeps it, and flags nothing more (no shipping
		// value is required in the editor).
		const shipping = { resource, operation, additionalFields: { shippingAddress: { address: { country: 'GB' } } } };
		const withShipping = NodeHelpers.getNodeParameters(
			v2Description.properties,
			shipping,
			true,
			false,
			null,
			v2Description,
		);
		expect(withShipping).toMatchObject({
			additionalFields: { shippingAddress: { address: { country: 'GB', email: '' } } },
		});
		const shippingIssues = NodeHelpers.getNodeParametersIssues(
			v2Description.properties,
			node(withShipping as IDataObject),
			v2Description,
		);
		expect(Object.keys(shippingIssues?.parameters ?? {}).sort()).toEqual([...missing].sort());
		// The billing address added but empty: each of its values is flagged (it is required as a whole).
		const billing = NodeHelpers.getNodeParameters(
			v2Description.properties,
			{ resource, operation, billingAddress: { address: {} } },
			true,
			false,
			null,
			v2Description,
		);
		const billingIssues = NodeHelpers.getNodeParametersIssues(
			v2Description.properties,
			node(billing as IDataObject),
			v2Description,
		);
		expect(Object.keys(billingIssues?.parameters ?? {})).toEqual(
			expect.arrayContaining(['country', 'email', 'addressLine1', 'city', 'state']),
		);
	});

	it('version 1 still resolves with its own defaults (the frozen form)', () => {
		const values = NodeHelpers.getNodeParameters(
			v1Description.properties,
			{ resource: 'payment', operation: 'purchase' },
			true,
			false,
			null,
			v1Description,
		);
		expect(values).toMatchObject({ amount: 0, currency: '', timeZone: '', returnUrls: {} });
	});
});

describe('validation labels name the field where each version keeps it', () => {
	const v1Purchase = v1FieldsFor('payment', 'purchase');
	const v1ThreeDs = v1FieldsFor('payment', 'purchase3ds');
	it.each([
		['shipping_address.email', 'Shipping Address → Email', 'Additional Fields → Shipping Address → Email'],
		['shipping_address', 'Shipping Address', 'Additional Fields → Shipping Address'],
		['billing_address.country', 'Billing Address → Country', 'Billing Address → Country'],
		['billing_address', 'Billing Address', 'Billing Address'],
		['return_url.webhook_url', 'Return URLs → Webhook URL', 'Additional Fields → Webhook URL'],
		['merchant_id', 'Merchant ID', 'Additional Fields → Merchant ID'],
		['merchant_txn_ref', 'Merchant Transaction Reference', 'Additional Fields → Merchant Transaction Reference'],
		['cardinal_session_id', 'Additional Fields → Cardinal Session ID', 'Additional Fields → Cardinal Session ID'],
		['card.expiry_month', 'Expiry Month', 'Expiry Month'],
	])('Purchase: %s → v1 "%s", v2 "%s"', (wirePath, inV1, inV2) => {
		expect(labelForWirePath(wirePath, v1Purchase)).toBe(inV1);
		expect(labelForWirePath(wirePath, fieldsOf('payment', 'purchase'))).toBe(inV2);
	});

	it.each([
		['return_url.success_url', 'Return URLs → Success URL', 'Success URL'],
		['time_zone', 'Time Zone', 'Additional Fields → Time Zone'],
		['browser_info.language', 'Browser Info → Language', 'Browser Info → Language'],
	])('Purchase With 3D Secure: %s → v1 "%s", v2 "%s"', (wirePath, inV1, inV2) => {
		expect(labelForWirePath(wirePath, v1ThreeDs)).toBe(inV1);
		expect(labelForWirePath(wirePath, fieldsOf('payment', 'purchase3ds'))).toBe(inV2);
	});

	it('Hosted Payment Page: the cancel URL and the shipping phone', () => {
		const fields = fieldsOf('hostedPaymentPage', 'createLink');
		expect(labelForWirePath('return_url.cancel_url', fields)).toBe('Additional Fields → Cancel URL');
		expect(labelForWirePath('shipping_address.phone', fields)).toBe('Additional Fields → Shipping Address → Phone');
	});
});
