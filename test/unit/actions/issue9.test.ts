/**
 * Issue 9's scenarios, each as a node-level test named after it: the DasGateway node on n8n's own engine
 * (n8n-core's WorkflowExecute) against the emulator, values fed through expressions as a new user's workflow would
 * feed them. Each test asserts what the emulator saw (the request sent, or nothing at all) and, for a refusal, the
 * field named as the editor shows it.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { runWorkflow } from '../../helpers/workflowExecute';
import {
	emulatorCredentials,
	gatewayCallRecorder,
	hostedPageParameters,
	purchaseParameters,
	subscriptionParameters,
	withParameters,
} from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});

const { mark, gatewayCalls } = gatewayCallRecorder(() => emulator);

/**
 * One run of the node on one item; `item` feeds the expressions. Every run is execution-1 of the same node, so each
 * gets its own merchant_txn_ref: a derived one would repeat, and the gateway would replay the first answer.
 */
let runs = 0;
async function run(parameters: IDataObject, item: IDataObject = {}) {
	const merchantTxnRef = `issue9-${++runs}`;
	return await runWorkflow({
		parameters: { merchantTxnRef, ...parameters },
		items: [item],
		credentials: emulatorCredentials(emulator.url),
	});
}

/** Runs a call that must succeed, and gives back the output item's json. */
async function succeed(parameters: IDataObject, item: IDataObject = {}): Promise<IDataObject> {
	const { outputs, error } = await run(parameters, item);
	expect(error).toBeUndefined();
	return outputs[0][0].json;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/**
 * Version 1's editor marks the shipping members and Time Zone as required, so n8n itself stops a workflow where they
 * are typed in empty (README). Fed by expressions from the data, as a data-driven workflow does, they reach the node:
 * here the item carries only a country and a city, and no time zone.
 */
const ADDRESS_MEMBERS = ['country', 'email', 'phone', 'addressLine1', 'city', 'state', 'postalCode'];
const PARTIAL_SHIPPING = {
	shippingAddress: {
		address: Object.fromEntries(ADDRESS_MEMBERS.map((member) => [member, `={{ $json.shipping.${member} }}`])),
	},
};
const PARTIAL_ITEM = { shipping: { country: 'JP', city: 'Osaka' } };
const THREE_DS = {
	operation: 'purchase3ds',
	returnUrls: {
		successUrl: 'https://shop.example/paid',
		declineUrl: 'https://shop.example/declined',
	},
};

/** The ids a scenario starts from: an approved purchase (captured), an authorization, a saved card. */
const ids = { purchase: '', authorization: '', savedCard: '' };
beforeEach(async () => {
	emulator.reset();
	ids.purchase = (await succeed(purchaseParameters({ amount: 80 }))).transactionId as string;
	ids.authorization = (await succeed(purchaseParameters({ operation: 'authorize', amount: 40 })))
		.transactionId as string;
	ids.savedCard = (await succeed(purchaseParameters({ saveCard: true, cardScheme: 'VISA' })))
		.storedPaymentMethodId as string;
	expect(ids.savedCard).toEqual(expect.any(String));
	mark();
});

const savedCard = () => ({
	paymentSource: 'savedCard',
	storedPaymentMethodId: ids.savedCard,
	cardScheme: 'VISA',
});

describe('issue 9 scenarios', () => {
	it.each([
		['Purchase', 'purchase', '/payment'],
		['Authorize', 'authorize', '/authorization'],
	])(
		'%s with a saved card and a Shipping Address with only some fields: accepted and sent',
		async (_name, operation, path) => {
			const json = await succeed(purchaseParameters({ operation, ...savedCard(), ...PARTIAL_SHIPPING }), PARTIAL_ITEM);
			expect(json.outcome).toBe('approved');
			const [call] = gatewayCalls(path);
			expect(call.body).toMatchObject({
				shipping_address: { country: 'JP', city: 'Osaka' },
				payment_method: { stored_payment_method_id: ids.savedCard },
			});
			expect(Object.keys((call.body as IDataObject).shipping_address as IDataObject).sort()).toEqual([
				'city',
				'country',
			]);
			expect((call.body as IDataObject).card).toBeUndefined();
		},
	);

	it('Subscription → Create with a Shipping Address with only some fields: accepted and sent', async () => {
		const json = await succeed(subscriptionParameters(PARTIAL_SHIPPING), PARTIAL_ITEM);
		expect(json.outcome).toBe('approved');
		expect((gatewayCalls('/subscription/payment')[0].body as IDataObject).shipping_address).toEqual({
			country: 'JP',
			city: 'Osaka',
		});
	});

	it('Purchase With 3D Secure without a time zone: accepted and sent without time_zone', async () => {
		const json = await succeed(purchaseParameters({ ...THREE_DS, timeZone: '={{ $json.timeZone }}' }), PARTIAL_ITEM);
		expect(json.outcome).toBe('pending');
		const [call] = gatewayCalls('/paymentv2');
		expect(call.body).toMatchObject({ merchant_txn_ref: json.merchantTxnRef });
		expect(call.body).not.toHaveProperty('time_zone');
	});

	it('subscription_end_type CYCLE: accepted and sent', async () => {
		await succeed(subscriptionParameters({ endType: '={{ $json.end }}', maxCycles: 6 }), { end: 'CYCLE' });
		expect(gatewayCalls('/subscription/payment')[0].body).toMatchObject({
			subscription: { subscription_end_type: 'CYCLE', max_cycle_count: 6 },
		});
	});

	/** A scenario the node must refuse before anything is sent: its parameters, the item feeding them, the message. */
	type Refusal = [string, () => IDataObject, IDataObject, string];
	const refundAmount = (value: number | string): [() => IDataObject, IDataObject] => [
		() => ({
			resource: 'transaction',
			operation: 'cancelOrRefund',
			transactionId: ids.purchase,
			additionalFields: { refundAmount: '={{ $json.amount }}' },
		}),
		{ amount: value },
	];
	const getMany =
		(changes: IDataObject): (() => IDataObject) =>
		() =>
			withParameters(
				{
					resource: 'subscription',
					operation: 'getMany',
					returnAll: false,
					limit: 50,
				},
				changes,
			);
	const refusals: Refusal[] = [
		[
			'Purchase With 3D Secure with a saved card',
			() => purchaseParameters({ ...THREE_DS, ...savedCard() }),
			{},
			'Pay With is not accepted by 3D Secure purchases: the 3DS manual takes a card only (no saved card, no card saving)',
		],
		[
			'subscription_end_type "UNLIMITED"',
			() => subscriptionParameters({ endType: '={{ $json.end }}' }),
			{ end: 'UNLIMITED' },
			'Ends must be CYCLE (the subscription ends after Max Cycles payments): the manual documents no other value',
		],
		[
			'Discount Percentage 0',
			() =>
				subscriptionParameters({
					hasDiscount: true,
					discountPercentage: '={{ $json.discount }}',
					discountDuration: 1,
				}),
			{ discount: 0 },
			'Discount Percentage must be greater than 0 [item 0]',
		],
		[
			'Cancel or Refund with Refund Amount -50',
			...refundAmount(-50),
			'Additional Fields → Refund Amount must be greater than 0 (leave it out to refund the amount the transaction status reports) (got -50) [item 0]',
		],
		[
			'Cancel or Refund with Refund Amount "abc"',
			...refundAmount('abc'),
			'Additional Fields → Refund Amount must be a number (got "abc") [item 0]',
		],
		...(
			[
				[0, 'must be at least 1 (got 0)'],
				[-1, 'must be at least 1 (got -1)'],
				[2.5, 'must be a whole number (got 2.5)'],
				['abc', 'must be a number (got "abc")'],
			] as const
		).map(([limit, rule]): Refusal => [
			`Get Many with Limit ${JSON.stringify(limit)}`,
			getMany({ limit: '={{ $json.limit }}' }),
			{ limit },
			`Limit ${rule} [item 0]`,
		]),
		[
			'Get Many with the status filter "BOGUS"',
			getMany({ filters: { status: '={{ $json.status }}' } }),
			{ status: 'BOGUS' },
			'Filters → Status must be among ACTIVE, CANCELLED, COMPLETED, PAUSED (got "BOGUS") [item 0]',
		],
	];

	it.each(refusals)('%s: refused naming the field, nothing sent', async (_name, parameters, item, message) => {
		const { error } = await run(parameters(), item);
		expect(error?.message.startsWith(message)).toBe(true);
		expect(error?.message).toMatch(/\[item 0\]$/);
		expect(error?.description).toContain('Nothing was sent to DasGateway');
		expect(gatewayCalls()).toEqual([]);
		// Nothing was refunded either (the bug refunded the full amount).
		expect(emulator.transactions().find((transaction) => transaction.id === ids.purchase)?.refundedAmount).toMatch(
			/^0(\.0+)?$/,
		);
	});

	it('Save Card given as the string "false": the card is not saved', async () => {
		const json = await succeed(purchaseParameters({ saveCard: '={{ $json.save }}', cardScheme: 'VISA' }), {
			save: 'false',
		});
		expect(json.storedPaymentMethodId).toBeNull();
		const [call] = gatewayCalls('/payment');
		expect(call.body).not.toHaveProperty('payment_method');
	});

	it('Shopper Enters Amount given as "false": the amount is sent', async () => {
		await succeed(
			hostedPageParameters({
				shopperEntersAmount: '={{ $json.open }}',
				amount: 25,
			}),
			{ open: 'false' },
		);
		expect(gatewayCalls('/hpp/generate/link')[0].body).toMatchObject({
			amount: '25',
		});
	});

	it.each([
		[
			'Capture',
			() => ({
				operation: 'capture',
				transactionId: ids.authorization,
				amount: 10,
			}),
			'/capture',
			() => ids.authorization,
		],
		['Refund', () => ({ operation: 'refund', transactionId: ids.purchase, amount: 10 }), '/refund', () => ids.purchase],
		['Void', () => ({ operation: 'void', transactionId: ids.authorization }), '/void', () => ids.authorization],
	])('"Outcome unknown" on %s names the transaction id', async (_name, parameters, path, id) => {
		emulator.injectFault({ fault: 'reset', path, times: 5 });
		const { error } = await run({ resource: 'transaction', ...parameters() });
		expect(error?.message).toMatch(/^Outcome unknown while /);
		expect(error?.message).toContain(`(transaction ${id()})`);
		// Sent once, never repeated: the money may have moved.
		expect(gatewayCalls(path)).toHaveLength(1);
	});

	it('a read against a gateway that never answers fails as "no answer within N s", within the timeout bound', async () => {
		const seconds = 1;
		emulator.injectFault({
			fault: 'timeout',
			path: '/transaction/status',
			times: 10,
		});
		const started = Date.now();
		const { error } = await run({
			resource: 'transaction',
			operation: 'get',
			transactionId: UNKNOWN,
			options: { timeoutSeconds: seconds },
		});
		const elapsed = (Date.now() - started) / 1000;
		expect(error?.message).toContain(`no answer within ${seconds} s`);
		expect(error?.message).not.toMatch(/network error/i);
		// One attempt: about the Timeout, never 3 × it.
		expect(gatewayCalls('/transaction/status/' + UNKNOWN)).toHaveLength(1);
		expect(elapsed).toBeGreaterThanOrEqual(seconds * 0.9);
		expect(elapsed).toBeLessThan(seconds * 2);
	});
});
