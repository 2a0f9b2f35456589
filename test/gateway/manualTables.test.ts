/**
 * Every request schema against the manuals' request tables (manualTables.ts, generated from ../shared/api):
 * mandatory fields required, optional fields optional, every limit and listed value enforced, the types the tables
 * print, and nothing sent that the table does not list. A difference is accepted only when manualExceptions.ts
 * lists it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';

import { MANUAL_EXCEPTIONS } from '../../nodes/DasGateway/gateway/manualExceptions';
import {
	MANUAL_REQUEST_TABLES,
	type ManualField,
	type ManualSection,
} from '../../nodes/DasGateway/gateway/manualTables';
import {
	captureRequestSchema,
	hostedPaymentLinkRequestSchema,
	paymentRequestSchema,
	refundRequestSchema,
	subscriptionRequestSchema,
	threeDsPaymentRequestSchema,
	uuidSchema,
	validateRequest,
	voidRequestSchema,
} from '../../nodes/DasGateway/gateway/schemas';
import { MANUAL_DIR, renderTables, TABLES_FILE } from '../tools/generate-manual-tables';

type Body = Record<string, unknown>;

const SECTIONS = Object.keys(MANUAL_REQUEST_TABLES) as ManualSection[];
const PAYMENT_SECTIONS: ManualSection[] = ['authorisation', 'purchase', 'generateCardToken', 'useOfCardToken'];

/** The schema each table is checked against (path parameters: the schema the operations check the id with). */
const SCHEMAS: Record<ManualSection, z.ZodTypeAny> = {
	hostedPaymentLink: hostedPaymentLinkRequestSchema,
	authorisation: paymentRequestSchema,
	purchase: paymentRequestSchema,
	generateCardToken: paymentRequestSchema,
	useOfCardToken: paymentRequestSchema,
	capture: captureRequestSchema,
	refund: refundRequestSchema,
	void: voidRequestSchema,
	transactionStatus: z.object({ transactionId: uuidSchema }),
	createSubscription: subscriptionRequestSchema,
	subscriptionList: z.object({}),
	subscriptionDetails: z.object({ subscriptionId: uuidSchema }),
	subscriptionPause: z.object({ subscriptionId: uuidSchema }),
	subscriptionResume: z.object({ subscriptionId: uuidSchema }),
	subscriptionCancel: z.object({ subscriptionId: uuidSchema }),
	paymentV2: threeDsPaymentRequestSchema,
};

/** The table a payment body follows: the form is chosen by payment_method (see paymentRequestSchema). */
function tableFor(section: ManualSection, output: Body): ManualSection {
	if (!PAYMENT_SECTIONS.includes(section)) return section;
	const method = output.payment_method as Body | undefined;
	if (!method) return section === 'authorisation' ? 'authorisation' : 'purchase';
	return method.stored_payment_method_id ? 'useOfCardToken' : 'generateCardToken';
}

const nextYear = String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0');
const UUID = 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d';

/** A valid value per wire path, else per last segment. browser_info values are the 3DS manual's curl sample. */
const VALID: Record<string, unknown> = {
	amount: '10.50',
	currency: 'USD',
	'card.cvc': '123',
	'card.expiry_month': '12',
	'card.expiry_year': nextYear,
	'card.name': 'Ada Lovelace',
	'card.number': '4111111111111111',
	merchant_txn_ref: 'order-1',
	customer_ip: '203.0.113.7',
	merchant_id: 'EMU0000001',
	merchant_email: 'shop@example.com',
	webhook_url: 'https://shop.example/hook',
	success_url: 'https://shop.example/paid',
	decline_url: 'https://shop.example/declined',
	cancel_url: 'https://shop.example/cancelled',
	country: 'JP',
	email: 'ada@example.com',
	phone_number: '+81 3 1234 5678',
	phone: '8112345678',
	address1: '1-2-3 Shinjuku',
	city: 'Shinjuku-ku',
	state: 'Tokyo',
	postal_code: '1600022',
	time_zone: 'Asia/Kuala_Lumpur',
	'payment_method.type': 'VISA',
	store_payment_method: true,
	stored_payment_method_id: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
	cardinal_session_id: 'cardinal-1',
	transactionId: UUID,
	subscriptionId: UUID,
	notes: 'first capture',
	plan_name: 'Two day plan',
	plan_desc: 'Two day plan',
	cycle_type: 'DAYS',
	subscription_end_type: 'CYCLE',
	cycle_interval: 1,
	max_cycle_count: 2,
	has_trial_period: true,
	trial_period_duration_type: 'DAYS',
	trial_period_duration: 10,
	has_discount: true,
	discount_percentage: 10,
	discount_duration: 1,
	acceptHeader: 'text/html',
	screenColorDepth: '48',
	javaEnabled: false,
	language: 'en',
	screenHeight: '1200',
	screenWidth: '1600',
	challengeWindow: '4',
	userAgent: 'Mozilla/4.0 (MSIE 6.0; Windows NT 5.0)',
};

/** The manual's conditions, as predicates on a body; a new wording fails the test until it is read here. */
const CONDITIONS: Record<string, (body: Body) => boolean> = {
	'mandatory if Subscription Type: CYCLE': (body) => (body.subscription as Body)?.subscription_end_type === 'CYCLE',
	'mandatory if has_trial_period: True': (body) => (body.subscription as Body)?.has_trial_period === true,
	'mandatory if has_discount: True': (body) => (body.subscription as Body)?.has_discount === true,
	// Create Subscription is not a 3DS call.
	'mandatory for 3DS transactions only': () => false,
};

/** Where the schema reports a missing field when the field's absence changes the form of the body. */
const MISSING_REPORTED_AT: Record<string, string> = {
	// Without payment_method the body is a plain card payment, whose tables have no cardinal_session_id.
	'generateCardToken:payment_method': 'cardinal_session_id',
	// The missing return URLs are named one by one.
	'paymentV2:return_url': 'return_url.success_url',
	// Without the saved card there is nothing to pay with.
	'useOfCardToken:payment_method': 'card',
	'useOfCardToken:payment_method.stored_payment_method_id': 'card',
};

function exceptionsFor(section: ManualSection, fieldPath: string) {
	return MANUAL_EXCEPTIONS.filter(
		(exception) =>
			(exception.sections === '*' || exception.sections.includes(section)) && exception.paths.includes(fieldPath),
	);
}

function effectiveMax(section: ManualSection, field: ManualField): number | undefined {
	return exceptionsFor(section, field.path).find((exception) => exception.max !== undefined)?.max ?? field.max;
}

function isMandatory(section: ManualSection, field: ManualField, body: Body): boolean {
	const override = exceptionsFor(section, field.path).find((exception) => exception.mandatory !== undefined);
	if (override) return override.mandatory!;
	if (!field.mandatory) return false;
	if (!field.condition) return true;
	const holds = CONDITIONS[field.condition];
	if (!holds)
		throw new Error(`Unknown condition "${field.condition}" on ${section}.${field.path}: teach CONDITIONS to read it`);
	return holds(body);
}

const lastSegment = (fieldPath: string) => fieldPath.split('.').pop()!;

function validFor(fieldPath: string): unknown {
	const value = VALID[fieldPath] ?? VALID[lastSegment(fieldPath)];
	if (value === undefined) throw new Error(`No valid example for ${fieldPath}`);
	return value;
}

function getAt(body: Body, fieldPath: string): unknown {
	return fieldPath
		.split('.')
		.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Body)[key] : undefined), body);
}

function setAt(body: Body, fieldPath: string, value: unknown): Body {
	const copy = structuredClone(body);
	const keys = fieldPath.split('.');
	let target = copy;
	for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Body;
	if (value === undefined) delete target[keys[keys.length - 1]];
	else target[keys[keys.length - 1]] = value;
	return copy;
}

/** Every field of the table, filled with a valid value. */
function fullBody(section: ManualSection): Body {
	let body: Body = {};
	for (const field of MANUAL_REQUEST_TABLES[section].fields) {
		if (field.type !== 'object') body = setAt(body, field.path, validFor(field.path));
	}
	return body;
}

/** Output paths (objects and leaves) of what would be sent; undefined is not sent (JSON drops it). */
function sentPaths(value: unknown, prefix = ''): string[] {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
	return Object.entries(value).flatMap(([key, entry]) => {
		if (entry === undefined) return [];
		const fieldPath = prefix ? `${prefix}.${key}` : key;
		return [fieldPath, ...sentPaths(entry, fieldPath)];
	});
}

function parse(section: ManualSection, body: Body) {
	const result = validateRequest(SCHEMAS[section], body);
	return result.ok
		? { ok: true as const, output: result.data as Body }
		: { ok: false as const, paths: result.issues.map((issue) => issue.path), issues: result.issues };
}

/** What is sent fits the table its form follows: listed paths, printed types, limits. */
function expectFitsTable(section: ManualSection, output: Body) {
	const table = MANUAL_REQUEST_TABLES[tableFor(section, output)];
	const fields = new Map<string, ManualField>(table.fields.map((field) => [field.path, field]));
	for (const sent of sentPaths(output)) {
		const field = fields.get(sent);
		expect({ section: table.section, sent, listed: field !== undefined }).toEqual({
			section: table.section,
			sent,
			listed: true,
		});
		if (!field) continue;
		const value = getAt(output, sent);
		const allowed = typesOf(field.type);
		const actual =
			value === null ? 'null' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
		const nullAllowed = field.path === 'amount' && section === 'hostedPaymentLink';
		expect({ sent, type: actual, allowed: allowed.includes(actual) || (nullAllowed && actual === 'null') }).toEqual({
			sent,
			type: actual,
			allowed: true,
		});
		const max = effectiveMax(tableFor(section, output), field);
		if (typeof value === 'string' && max !== undefined)
			expect({ sent, length: value.length, withinMax: value.length <= max }).toEqual({
				sent,
				length: value.length,
				withinMax: true,
			});
		if (typeof value === 'number' && max !== undefined)
			expect({ sent, value, withinMax: value <= max }).toEqual({ sent, value, withinMax: true });
	}
}

function typesOf(type: string): string[] {
	const map: Record<string, string[]> = {
		string: ['string'],
		int: ['integer'],
		float: ['number', 'integer'],
		boolean: ['boolean'],
		object: ['object'],
	};
	return type.split('/').flatMap((part) => map[part] ?? [part]);
}

/** A value of max + 1 in the field's own format, so the length is what is wrong with it. */
function tooLong(field: ManualField, max: number): unknown {
	if (field.type === 'int' || field.type === 'int/float') return max + 1;
	const name = lastSegment(field.path);
	if (name.includes('email')) return `${'a'.repeat(max + 1 - '@example.com'.length)}@example.com`;
	if (name.endsWith('_url')) return `https://shop.example/${'a'.repeat(max + 1 - 'https://shop.example/'.length)}`;
	if (name === 'number' || name.startsWith('phone') || name === 'cvc' || name.startsWith('expiry'))
		return '4'.repeat(max + 1);
	if (name === 'transactionId' || name === 'subscriptionId') return `${UUID}0`;
	return 'a'.repeat(max + 1);
}

/** Fields whose format is only a length: at exactly max they must pass. */
function isFreeText(section: ManualSection, field: ManualField): boolean {
	return field.type === 'string' && !field.values && exceptionsFor(section, field.path).length === 0;
}

const bodySections = SECTIONS.filter((section) => MANUAL_REQUEST_TABLES[section].fields.length > 0);

describe('the generated tables', () => {
	const haveManuals = fs.existsSync(path.join(MANUAL_DIR, 'dasgateway-api-manual.txt'));
	(haveManuals ? it : it.skip)(
		'are what the manuals in ../shared/api give (re-run npm run manual:tables after a manual changes)',
		() => {
			expect(renderTables()).toBe(fs.readFileSync(TABLES_FILE, 'utf8'));
		},
	);

	it('cover every endpoint, each table checked against a schema', () => {
		const endpoints = new Set(SECTIONS.map((section) => MANUAL_REQUEST_TABLES[section].endpoint));
		expect(endpoints.size).toBe(14);
		expect(Object.keys(SCHEMAS).sort()).toEqual([...SECTIONS].sort());
	});

	it('read the manual as printed: a sample of rows', () => {
		const field = (section: ManualSection, fieldPath: string) =>
			MANUAL_REQUEST_TABLES[section].fields.find((entry) => entry.path === fieldPath);
		expect(field('purchase', 'card.number')).toMatchObject({ type: 'string', mandatory: true, max: 16 });
		expect(field('purchase', 'shipping_address.email')).toMatchObject({ mandatory: true, max: 45 });
		expect(field('useOfCardToken', 'shipping_address.email')).toMatchObject({ mandatory: false, max: 45 });
		expect(field('useOfCardToken', 'billing_address.address1')).toMatchObject({ mandatory: true, max: 199 });
		expect(field('createSubscription', 'time_zone')).toMatchObject({ mandatory: true, max: 128 });
		expect(field('createSubscription', 'subscription.subscription_end_type')).toMatchObject({ values: ['CYCLE'] });
		expect(field('createSubscription', 'subscription.discount_percentage')).toMatchObject({
			max: 100,
			limitText: '100%',
			condition: 'mandatory if has_discount: True',
		});
		expect(field('capture', 'merchant_id')).toMatchObject({ max: 10 });
		expect(field('hostedPaymentLink', 'billing_address.phone')).toMatchObject({ max: 15 });
		expect(field('paymentV2', 'time_zone')).toMatchObject({ mandatory: false, max: 128 });
		expect(field('paymentV2', 'return_url')).toMatchObject({ mandatory: true });
		expect(field('paymentV2', 'payment_method')).toBeUndefined();
		expect(field('subscriptionPause', 'subscriptionId')).toMatchObject({ mandatory: true, max: 36 });
	});
});

describe('the exceptions file', () => {
	it.each(MANUAL_EXCEPTIONS.map((exception) => [exception.rule, exception] as const))(
		'names fields the tables have: %s',
		(_rule, exception) => {
			const sections = exception.sections === '*' ? SECTIONS : exception.sections;
			for (const section of sections) expect(SECTIONS).toContain(section);
			for (const fieldPath of exception.paths) {
				if (fieldPath === '*') continue;
				// A field one table lacks (payment_method on /authorization) is found in another.
				const found = SECTIONS.some((section) =>
					MANUAL_REQUEST_TABLES[section].fields.some((field) => field.path === fieldPath),
				);
				expect({ fieldPath, inATable: found }).toEqual({ fieldPath, inATable: true });
			}
			expect(exception.reason.length).toBeGreaterThan(20);
		},
	);
});

describe.each(bodySections)('%s: the schema against the table', (section) => {
	const table = MANUAL_REQUEST_TABLES[section];
	const full = fullBody(section);
	const leafFields = table.fields.filter((field) => field.type !== 'object');

	it('accepts every field of the table, and sends only what the table lists, with its types and limits', () => {
		const result = parse(section, full);
		expect(result).toMatchObject({ ok: true });
		if (result.ok) {
			expect(tableFor(section, result.output)).toBe(section);
			expectFitsTable(section, result.output);
		}
	});

	it.each(table.fields.map((field) => [field.path, field] as const))(
		'%s: mandatory means required, optional means optional',
		(fieldPath, field) => {
			// A member is taken out of its object, which stays.
			const body = setAt(full, fieldPath, undefined);
			const result = parse(section, body);
			if (isMandatory(section, field, full)) {
				const reportedAt = MISSING_REPORTED_AT[`${section}:${fieldPath}`] ?? fieldPath;
				expect(result.ok ? [] : result.paths).toContain(reportedAt);
			} else {
				expect(result.ok ? 'accepted' : result.issues).toBe('accepted');
				if (result.ok) {
					expect(getAt(result.output, fieldPath)).toBeUndefined();
					expectFitsTable(section, result.output);
				}
			}
		},
	);

	const conditional = leafFields.filter((field) => field.condition && CONDITIONS[field.condition]);
	if (conditional.length > 0) {
		it('leaves conditional fields optional when their condition does not hold', () => {
			for (const field of conditional) {
				const flag: Record<string, [string, unknown]> = {
					'mandatory if has_trial_period: True': ['subscription.has_trial_period', false],
					'mandatory if has_discount: True': ['subscription.has_discount', false],
				};
				const switchOff = flag[field.condition!];
				if (!switchOff) continue;
				const body = setAt(setAt(full, switchOff[0], switchOff[1]), field.path, undefined);
				expect({ field: field.path, result: parse(section, body).ok }).toEqual({ field: field.path, result: true });
			}
		});
	}

	const limited = leafFields.filter((field) => effectiveMax(section, field) !== undefined);
	if (limited.length > 0) {
		it.each(limited.map((field) => [field.path, field] as const))('%s: the limit is enforced', (fieldPath, field) => {
			const max = effectiveMax(section, field)!;
			const over = parse(section, setAt(full, fieldPath, tooLong(field, max)));
			expect(over.ok ? [] : over.paths).toContain(fieldPath);
			if (isFreeText(section, field)) {
				const atMax = parse(section, setAt(full, fieldPath, 'a'.repeat(max)));
				expect(atMax.ok ? 'accepted' : atMax.issues).toBe('accepted');
			}
			if (field.type === 'int' || field.type === 'int/float')
				expect(parse(section, setAt(full, fieldPath, max)).ok).toBe(true);
		});
	}

	const typed = leafFields.filter((field) => ['boolean', 'int'].includes(field.type) || field.values);
	if (typed.length > 0) {
		it.each(typed.map((field) => [field.path, field] as const))(
			'%s: only values of the printed type and list',
			(fieldPath, field) => {
				if (field.type === 'boolean') {
					for (const wrong of ['false', 'true', 1, 0])
						expect(parse(section, setAt(full, fieldPath, wrong)).ok).toBe(false);
				}
				if (field.type === 'int')
					for (const wrong of [2.5, '2', Number.NaN])
						expect(parse(section, setAt(full, fieldPath, wrong)).ok).toBe(false);
				for (const value of field.values ?? []) expect(parse(section, setAt(full, fieldPath, value)).ok).toBe(true);
				if (field.values)
					for (const wrong of ['UNLIMITED', 'WEEKS', ''])
						expect(parse(section, setAt(full, fieldPath, wrong)).ok).toBe(false);
			},
		);
	}

	it('sends nothing another table lists but this one does not', () => {
		const own = new Set(table.fields.map((field) => field.path));
		const others = new Map<string, ManualField[]>();
		for (const other of bodySections) {
			for (const field of MANUAL_REQUEST_TABLES[other].fields) {
				const top = field.path.split('.')[0];
				if (!own.has(top) && !others.has(top))
					others.set(
						top,
						MANUAL_REQUEST_TABLES[other].fields.filter((f) => f.path.split('.')[0] === top),
					);
			}
		}
		others.set('bogus_field', [{ path: 'bogus_field', type: 'string', mandatory: false, description: '' }]);
		VALID.bogus_field = 'anything';
		for (const fields of others.values()) {
			let body = full;
			for (const field of fields) if (field.type !== 'object') body = setAt(body, field.path, validFor(field.path));
			// Refused (nothing sent), or sent as a body that fits its table.
			const result = parse(section, body);
			if (result.ok) expectFitsTable(section, result.output);
		}
	});
});
