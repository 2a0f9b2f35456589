/**
 * The normalizer reads wire data with plain field readers since it stopped using zod (for speed). Its items must be
 * exactly those of the zod version, frozen in normalizeReference.ts: both run over every fixture and over variants
 * of them with each field in turn missing, null, "N/A", a placeholder, a number as a string, a block of the wrong
 * type, and so on, and must give deeply equal results.
 */
import { isDeepStrictEqual } from 'util';

import * as current from '../../nodes/DasGateway/gateway/normalize';
import * as invented from '../fixtures/invented';
import * as manual from '../fixtures/manualVerbatim';
import * as reference from './normalizeReference';

type Json = unknown;

const fixtures: Array<[string, Json]> = [
	...Object.entries(invented).map(([name, value]): [string, Json] => [`invented.${name}`, value]),
	...Object.entries(manual).map(([name, value]): [string, Json] => [`manual.${name}`, value]),
].filter(
	([, value], index, all) =>
		value !== null && typeof value === 'object' && all.findIndex(([, other]) => other === value) === index,
);

/** Values put in place of a field: the gateway's odd ways of saying nothing, wrong types, numbers as text. */
const REPLACEMENTS: readonly unknown[] = [
	'',
	'   ',
	'N/A',
	' n/a ',
	'<placeholder>',
	'  padded  ',
	'abc',
	0,
	1,
	-1,
	12.5,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	'42',
	' 7.25 ',
	'1e3',
	'0x10',
	'Infinity',
	true,
	false,
	'true',
	'false',
	'2023-08-09 09:17:43',
	'2023-08-09T09:17:43.000+09:00',
	'not a date',
	'4111 1111 1111 1111',
	'411111xxxxxx1111',
	'ERR3001',
	'VAL0035',
	'INFO0000',
	'ERR1005',
	'monthly',
	'NONE',
	[],
	[{}],
	{},
	{ nested: { deeper: ['x'] } },
];

/**
 * Every field is tried missing, null, "N/A" and empty, in the other wire types its value could come as (a number as
 * text and back, a flag as "true" or 1, a block as an array or text), and with a few of the replacements above in
 * turn (rotating, so that over the hundreds of fields every replacement meets every kind of field; all of them at
 * every field would take minutes).
 */
const ROTATING_PER_FIELD = 3;

function replacementsFor(original: unknown, fieldIndex: number): unknown[] {
	const chosen: unknown[] = [undefined, null, 'N/A', ''];
	if (typeof original === 'string') chosen.push(` ${original} `, original.toUpperCase(), Number(original), '42');
	if (typeof original === 'number') chosen.push(String(original), ` ${original} `, 0, -original);
	if (typeof original === 'boolean') chosen.push(String(original), original ? 1 : 0, original ? 0 : 1, !original);
	if (original !== null && typeof original === 'object') chosen.push([original], JSON.stringify(original), 7);
	for (let i = 0; i < ROTATING_PER_FIELD; i++) {
		chosen.push(REPLACEMENTS[(fieldIndex * ROTATING_PER_FIELD + i) % REPLACEMENTS.length]);
	}
	return chosen;
}

function clone<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Every path to a value inside a body (objects and arrays), the body itself excluded. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
	if (value === null || typeof value !== 'object') return [];
	const keys: Array<string | number> = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
	return keys.flatMap((key) => {
		const path = [...prefix, key];
		return [path, ...paths((value as Record<string | number, Json>)[key], path)];
	});
}

function withValueAt(body: Json, path: Array<string | number>, replacement: unknown): Json {
	const copy = clone(body) as Record<string | number, unknown>;
	let parent = copy;
	for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	const last = path[path.length - 1];
	if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
	else parent[last] = replacement;
	return copy;
}

/** A value put at a path, creating the blocks on the way. */
type Graft = [Array<string>, unknown];

/** Blocks that some bodies carry and others do not, grafted onto every fixture in the places the normalizer looks. */
const SINGLE_GRAFTS: Graft[] = [
	[['auth'], invented.threeDsAuthBlock],
	[['payment_details', 'three_ds'], { ECI: '02', transStatus: 'N', dsTransID: 'ds-1' }],
	[['payment_details', 'additional_data', 'threeDSecure'], { authenticationStatus: ' Y ', acsTransID: 'acs-1' }],
	[['transaction_details', 'authentication'], { version: '2.1.0' }],
	[
		['transaction_details', 'billing_details'],
		{ billing_address: { country: 'GB', phone: '+44 1' }, shipping_address: 'N/A' },
	],
	[['billing_details'], { billing_address: { city: 'Paris' } }],
	[['device_details'], { customer_ip: '198.51.100.1' }],
	[['merchant_details', 'device_details'], ['203.0.113.9']],
	[['risk-details'], { risk_score: '12' }],
	[['risk_details'], { risk_score: 3 }],
	[['subscription_details'], [null, 'x', { id: 'sub-1', subscription_transaction_details: { id: 't-1', ref: 9 } }]],
	[['redirect_url'], ' https://acs.example/redirect '],
	[['return_url'], { webhook_url: 'https://hook.example', cancel_url: 5 }],
	[['payment_details', 'card'], { number: '5555-5555-5555-4444', exp_month: 1, exp_year: 2030 }],
];

/** Fields read together (one preferred over the other, or deciding together), grafted at once. */
const COMBINED_GRAFTS: Graft[][] = [
	[
		[
			['merchant_details', 'billing_details'],
			{ billing_address: { phone: '1', phone_number: '2' }, shipping_address: { phone: '3', phone_number: 'N/A' } },
		],
	],
	[
		[['risk-details'], { risk_score: 0 }],
		[['risk_details'], { risk_score: 3 }],
	],
	[
		[['risk-details'], { risk_score: 'N/A' }],
		[['risk_details'], { risk_score: '0' }],
	],
	[
		[['success'], 1],
		[['is_live'], 1],
		[['isValid'], 0],
	],
	[
		[['success'], 'false'],
		[['is_live'], 'true'],
		[['isValid'], 'true'],
	],
	[
		[['transaction_details', 'merchant_txn_ref'], ''],
		[['merchant_details', 'merchant_txn_ref'], ' m-1 '],
	],
	[
		[['merchant_details', 'device_details'], 'N/A'],
		[['device_details'], { customer_ip: 42 }],
	],
	[
		[['url'], 'https://a.example'],
		[['redirect_url'], '<url>'],
	],
	[
		[
			['subscription_details'],
			{ subscription_transcation_details: null, subscription_transaction_details: [{ cycle: '2' }] },
		],
	],
];

const GRAFTS: Graft[][] = [...SINGLE_GRAFTS.map((graft) => [graft]), ...COMBINED_GRAFTS];

function withGrafts(body: Json, grafts: Graft[]): Json {
	const copy = clone(body) as Record<string, unknown>;
	for (const [path, value] of grafts) {
		let parent = copy;
		for (const key of path.slice(0, -1)) {
			const next = parent[key];
			parent[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
			parent = parent[key] as Record<string, unknown>;
		}
		parent[path[path.length - 1]] = clone(value);
	}
	return copy;
}

function variantsOf(body: Json): Json[] {
	const variants: Json[] = [body];
	paths(body).forEach((path, fieldIndex) => {
		const original = path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], body);
		for (const replacement of replacementsFor(original, fieldIndex))
			variants.push(withValueAt(body, path, replacement));
	});
	for (const grafts of GRAFTS) variants.push(withGrafts(body, grafts));
	return variants;
}

/** Everything the two normalizers produce for one body, side by side. */
function outputs(module: typeof current, body: Json) {
	return {
		looksLikeTransaction: module.looksLikeTransaction(body),
		transaction: module.normalizeTransaction(body),
		subscriptionList: module.normalizeSubscriptionList(body),
		subscription: module.normalizeSubscription(body, true),
		hostedPaymentLink: module.normalizeHostedPaymentLink(body),
		threeDsRedirect: module.normalizeThreeDsRedirect(body, { merchantTxnRef: 'ref-1', amount: 5 }),
		redacted: module.redactCardData(body),
	};
}

describe('the field-reader normalizer gives exactly the items of the zod version it replaced', () => {
	it.each(fixtures)('%s and its variants', (_name, fixture) => {
		const variants = variantsOf(fixture);
		expect(variants.length).toBeGreaterThan(GRAFTS.length);
		for (const variant of variants) {
			const expected = outputs(reference as unknown as typeof current, variant);
			const actual = outputs(current, variant);
			// On a mismatch, show the body that caused it.
			if (!isDeepStrictEqual(actual, expected))
				expect({ variant, actual }).toStrictEqual({ variant, actual: expected });
		}
	});

	it.each([undefined, null, 0, 'text', true, [], [{ payment_details: {} }], {}])('non-object body %p', (body) => {
		expect(outputs(current, body)).toStrictEqual(outputs(reference as unknown as typeof current, body));
	});

	it('is not fooled by a comparison that cannot fail', () => {
		const changed = withValueAt(invented.authorisationWithValues, ['payment_details', 'amount'], '999');
		expect(current.normalizeTransaction(changed)).not.toStrictEqual(
			reference.normalizeTransaction(invented.authorisationWithValues),
		);
	});
});

describe('where the field readers differ from the zod version on purpose (bodies JSON cannot produce)', () => {
	it('reads only members the body itself carries, never ones inherited through a prototype', () => {
		const inherited = Object.create({ transaction_details: { id: 'from-the-prototype' } }) as Record<string, unknown>;
		expect(reference.normalizeTransaction(inherited).transactionId).toBe('from-the-prototype');
		expect(current.normalizeTransaction(inherited).transactionId).toBeNull();
	});

	it('reads a Date where a block belongs as an empty block instead of throwing', () => {
		const body = { payment_details: new Date(0), transaction_details: { id: 'tx-1' } };
		expect(() => reference.normalizeTransaction(body)).toThrow();
		expect(current.normalizeTransaction(body)).toMatchObject({ transactionId: 'tx-1', amount: null });
	});
});
