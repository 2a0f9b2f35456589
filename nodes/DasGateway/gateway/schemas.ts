/**
 * Request bodies as DasGateway accepts them, with the limits of the manual's field tables (as data in
 * manualTables.ts; test/gateway/manualTables.test.ts holds every schema to them, and manualExceptions.ts lists where
 * we deliberately differ). Nothing is sent that fails these schemas. Paths in issues are the wire names
 * (billing_address.email); the action node turns them into the names the user sees.
 */
import { z } from 'zod';

import { COUNTRY_CODES, CURRENCY_CODES, currencyDecimals } from './isoCodes';

// ---------- building blocks ----------

const bounded = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
const optionalBounded = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).optional();

export const currencySchema = z
	.string()
	.trim()
	.transform((value) => value.toUpperCase())
	.refine((value) => CURRENCY_CODES.has(value), 'must be an ISO 4217 currency code such as USD, EUR or JPY');

export const countrySchema = z
	.string()
	.trim()
	.transform((value) => value.toUpperCase())
	.refine((value) => COUNTRY_CODES.has(value), 'must be an ISO 3166-1 alpha-2 country code such as JP, GB or US');

const email = (max: number) =>
	z.string().trim().max(max, `must be at most ${max} characters`).email('must be a valid email address');

const phone = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `must be at most ${max} characters`)
		.regex(/^\+?[0-9][0-9 ().-]{3,}$/, 'must be a phone number (digits, optionally +, spaces, dots, dashes, brackets)');

const httpUrl = z
	.string()
	.trim()
	.max(255, 'must be at most 255 characters')
	.url('must be a full URL such as https://shop.example/paid')
	.refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

export const uuidSchema = z.string().trim().uuid('must be a UUID such as bdd7e008-93e5-4777-a4f7-6eb2343cce4d');

export const merchantIdSchema = bounded(128);
/** The capture, refund and void tables cap merchant_id at 10 characters. */
const shortMerchantId = bounded(10);

export const merchantTxnRefSchema = bounded(45);

const knownTimeZones = new Map<string, boolean>();

/** True for zones the runtime knows (IANA names such as Asia/Tokyo). Remembered: building a formatter is slow. */
export function isIanaTimeZone(zone: string): boolean {
	if (!zone.includes('/') && zone !== 'UTC') return false;
	let known = knownTimeZones.get(zone);
	if (known === undefined) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: zone });
			known = true;
		} catch {
			known = false;
		}
		if (knownTimeZones.size < 1000) knownTimeZones.set(zone, known);
	}
	return known;
}

const timeZone = bounded(128).refine(isIanaTimeZone, 'must be an IANA time zone such as Asia/Kuala_Lumpur');

/** Luhn (mod 10) check for card numbers. */
export function passesLuhn(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 === 0;
}

/**
 * An amount as the user typed it (number or string) → the decimal string sent to the gateway. Positive, with no
 * more decimals than the currency has (JPY none, USD two, KWD three).
 */
export function checkAmount(amount: unknown, currency: string | undefined): { value?: string; problem?: string } {
	const textValue =
		typeof amount === 'number' ? (Number.isFinite(amount) ? String(amount) : '') : String(amount ?? '').trim();
	if (textValue === '') return { problem: 'is required' };
	if (!/^\d+(\.\d+)?$/.test(textValue))
		return { problem: 'must be a positive number such as 10.50 (no currency symbol, no thousands separator)' };
	const [whole, fraction = ''] = textValue.split('.');
	const trimmedFraction = fraction.replace(/0+$/, '');
	const decimals = currency && CURRENCY_CODES.has(currency.toUpperCase()) ? currencyDecimals(currency) : 2;
	if (trimmedFraction.length > decimals) {
		return {
			problem:
				decimals === 0
					? `must be a whole number for ${currency?.toUpperCase()} (it has no minor unit)`
					: `must have at most ${decimals} decimals for ${currency?.toUpperCase() ?? 'this currency'}`,
		};
	}
	const normalizedWhole = whole.replace(/^0+(?=\d)/, '');
	if (/^0*$/.test(normalizedWhole) && trimmedFraction.replace(/0/g, '') === '')
		return { problem: 'must be greater than 0' };
	return { value: trimmedFraction ? `${normalizedWhole}.${trimmedFraction}` : normalizedWhole };
}

const amountField = z.union([z.string(), z.number()]);

function refineAmount<T extends { amount?: unknown; currency?: string }>(body: T, ctx: z.RefinementCtx) {
	const result = checkAmount(body.amount, body.currency);
	if (result.problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['amount'], message: result.problem });
}

/** Sends the amount as an exact decimal string ("10.5" → "10.5", 1000 → "1000"): no float surprises. */
function withExactAmount<T extends { amount?: unknown; currency?: string }>(body: T): T {
	if (body.amount === null || body.amount === undefined) return body;
	return { ...body, amount: checkAmount(body.amount, body.currency).value ?? body.amount };
}

// ---------- blocks ----------

/** An optional value: a blank string counts as not given, so it is left out of the body rather than sent empty. */
function optional<T extends z.ZodTypeAny>(schema: T) {
	return z.preprocess(
		(value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
		schema.optional(),
	);
}

/** A field the manual's table for this call does not list: refused with the reason, never silently dropped. */
const notInTable = (message: string) => z.undefined({ invalid_type_error: message }).optional();

export const cardSchema = z
	.object({
		number: z
			.string()
			.transform((value) => value.replace(/[\s-]/g, ''))
			.refine((value) => /^\d{13,19}$/.test(value), 'must be 13 to 19 digits')
			.refine(
				(value) => !/^\d{13,19}$/.test(value) || passesLuhn(value),
				'is not a valid card number (Luhn check failed)',
			),
		name: bounded(255),
		cvc: z
			.string()
			.trim()
			.regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
		expiry_month: z
			.union([z.string(), z.number()])
			.transform((value) => String(value).trim().padStart(2, '0'))
			.refine((value) => /^(0[1-9]|1[0-2])$/.test(value), 'must be a month from 01 to 12'),
		expiry_year: z
			.union([z.string(), z.number()])
			.transform((value) => String(value).trim())
			.refine((value) => /^(\d{2}|20\d{2})$/.test(value), 'must be a two-digit year such as 28 (or 2028)')
			.transform((value) => value.slice(-2)),
	})
	.superRefine((card, ctx) => {
		if (!/^\d{2}$/.test(card.expiry_year) || !/^(0[1-9]|1[0-2])$/.test(card.expiry_month)) return;
		const now = new Date();
		const year = 2000 + Number(card.expiry_year);
		const month = Number(card.expiry_month);
		if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['expiry_year'],
				message: `the card expired (${card.expiry_month}/${card.expiry_year})`,
			});
		}
	});

const paymentAddressMembers = {
	country: countrySchema,
	email: email(45),
	phone_number: phone(20),
	address1: bounded(199),
	city: bounded(65),
	state: bounded(65),
	postal_code: bounded(45),
};

/** Billing address of the card payment calls (phone_number, postal_code): every member mandatory in every table. */
export const paymentAddressSchema = z.object(paymentAddressMembers);

/** Shipping address of the Authorisation, Purchase and 3DS tables: once sent, all but postal_code are mandatory. */
export const paymentShippingAddressSchema = paymentAddressSchema.extend({ postal_code: optional(bounded(45)) });

/** Shipping address of the card token and subscription tables: every member optional. */
export const optionalShippingAddressSchema = z.object({
	country: optional(countrySchema),
	email: optional(email(45)),
	phone_number: optional(phone(20)),
	address1: optional(bounded(199)),
	city: optional(bounded(65)),
	state: optional(bounded(65)),
	postal_code: optional(bounded(45)),
});

/** Members the Purchase table requires of a shipping address that is sent. */
const SHIPPING_MEMBERS_REQUIRED_BY_PURCHASE = [
	'country',
	'email',
	'phone_number',
	'address1',
	'city',
	'state',
] as const;

/** Addresses of the hosted payment page call: `phone` (15 for billing, 20 for shipping) and no postal code. */
const hostedAddress = (phoneMax: number) =>
	z.object({
		country: countrySchema,
		email: email(45),
		phone: phone(phoneMax),
		address1: bounded(199),
		city: bounded(65),
		state: bounded(65),
	});

/** The hosted payment page's return URLs (with cancel_url). */
export const returnUrlSchema = z
	.object({
		webhook_url: optional(httpUrl),
		success_url: optional(httpUrl),
		decline_url: optional(httpUrl),
		cancel_url: optional(httpUrl),
	})
	.strict();

/** The card payments' return URLs: their tables have no cancel_url. */
export const paymentReturnUrlSchema = returnUrlSchema.omit({ cancel_url: true }).strict();

/** A whole number given as number or digits → the digit string the manual's browser_info sample uses. */
const digits = (maxDigits: number, message: string) => {
	// Built once per schema, not on every check.
	const pattern = new RegExp(`^\\d{1,${maxDigits}}$`);
	return z
		.union([z.number(), z.string()])
		.transform((value) => String(value).trim())
		.refine((value) => pattern.test(value), message);
};

export const browserInfoSchema = z.object({
	acceptHeader: optionalBounded(2048),
	screenColorDepth: digits(3, 'must be a number of bits such as 24').optional(),
	javaEnabled: z.boolean().optional(),
	language: z
		.string()
		.trim()
		.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB')
		.optional(),
	screenHeight: digits(6, 'must be a number of pixels').optional(),
	screenWidth: digits(6, 'must be a number of pixels').optional(),
	challengeWindow: z
		.string()
		.regex(/^0?[1-5]$/, 'must be a challenge window size from 1 to 5')
		.optional(),
	userAgent: optionalBounded(2048),
});

export const cardSchemeSchema = bounded(128).transform((value) => value.toUpperCase());

const customerIpSchema = z
	.string()
	.trim()
	.max(45, 'must be at most 45 characters')
	.ip('must be an IPv4 or IPv6 address');

/** An empty shipping address (every member blank) is not sent. */
function withoutEmptyShipping<T extends { shipping_address?: object }>(body: T): T {
	if (!body.shipping_address || Object.values(body.shipping_address).some((value) => value !== undefined)) return body;
	const { shipping_address: _empty, ...rest } = body;
	return rest as T;
}

// ---------- requests ----------

const paymentCore = {
	amount: amountField,
	currency: currencySchema,
	merchant_txn_ref: merchantTxnRefSchema,
	customer_ip: customerIpSchema,
	merchant_id: merchantIdSchema,
	return_url: paymentReturnUrlSchema.optional(),
	billing_address: paymentAddressSchema,
	time_zone: timeZone,
};

/**
 * Authorize and purchase, in the three forms the manual documents: a card (Authorisation / Purchase tables), a card
 * to be saved with payment_method{type, store_payment_method} ("Generate Card Token"), or a saved card with
 * payment_method{…, stored_payment_method_id} and no card ("Use of Card Token"). The shipping address and
 * cardinal_session_id follow the table of the form used.
 */
export const paymentRequestSchema = z
	.object({
		...paymentCore,
		card: cardSchema.optional(),
		payment_method: z
			.object({
				type: cardSchemeSchema,
				store_payment_method: z.boolean(),
				stored_payment_method_id: optionalBounded(128),
			})
			.optional(),
		shipping_address: optionalShippingAddressSchema.optional(),
		cardinal_session_id: optional(bounded(128)),
		browser_info: notInTable('is only sent with a 3D Secure purchase'),
	})
	.superRefine((body, ctx) => {
		refineAmount(body, ctx);
		const savedCard = body.payment_method?.stored_payment_method_id;
		if (!body.card && !savedCard) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['card'], message: 'is required (or pay with a saved card)' });
		}
		if (body.card && savedCard) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['payment_method', 'stored_payment_method_id'],
				message: 'cannot be combined with a card: use one or the other',
			});
		}
		if (body.payment_method) return;
		// A plain card payment: the Authorisation and Purchase tables.
		if (body.cardinal_session_id !== undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['cardinal_session_id'],
				message:
					'is only sent with a saved card or when saving the card (the manual lists it in its card token tables only)',
			});
		}
		requireShippingMembers(body.shipping_address, ctx);
	})
	.transform((body) => withExactAmount(withoutEmptyShipping(body)));

export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

function requireShippingMembers(address: Record<string, unknown> | undefined, ctx: z.RefinementCtx) {
	if (!address || Object.values(address).every((value) => value === undefined)) return;
	for (const member of SHIPPING_MEMBERS_REQUIRED_BY_PURCHASE) {
		if (address[member] === undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['shipping_address', member],
				message: 'is required once a shipping address is given',
			});
		}
	}
}

/**
 * paymentv2, per the 3DS manual: a card (no saved card, no card saving: its body has no payment_method), return URLs
 * (mandatory for 3DS; we require the success and decline URLs the shopper comes back to), optional browser_info and
 * time_zone.
 */
export const threeDsPaymentRequestSchema = z
	.object({
		...paymentCore,
		// Before `card`, so a saved card is refused for what it is, not as a missing card.
		payment_method: notInTable(
			'is not accepted by 3D Secure purchases: the 3DS manual takes a card only (no saved card, no card saving)',
		),
		card: cardSchema,
		// Mandatory for 3DS; when missing, the check below names the two URLs the shopper needs.
		return_url: paymentReturnUrlSchema.optional(),
		shipping_address: optionalShippingAddressSchema.optional(),
		browser_info: browserInfoSchema.optional(),
		time_zone: optional(timeZone),
		cardinal_session_id: notInTable('is not accepted by 3D Secure purchases (not in the 3DS manual)'),
	})
	.superRefine((body, ctx) => {
		refineAmount(body, ctx);
		requireShippingMembers(body.shipping_address, ctx);
		for (const key of ['success_url', 'decline_url'] as const) {
			if (!body.return_url?.[key]) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['return_url', key],
					message: 'is required for 3D Secure payments',
				});
			}
		}
	})
	.transform((body) => withExactAmount(withoutEmptyShipping(body)));

const cycleCount = z
	.number()
	.int('must be a whole number')
	.min(1, 'must be at least 1')
	.max(9999, 'must be at most 9999');

/** The request table names one end type: CYCLE (ends after max_cycle_count payments). See README, the manual's ambiguities. */
export const SUBSCRIPTION_END_TYPES = ['CYCLE'] as const;

const TRIAL_FIELDS = ['trial_period_duration_type', 'trial_period_duration'] as const;
const DISCOUNT_FIELDS = ['discount_percentage', 'discount_duration'] as const;

export const subscriptionPlanSchema = z
	.object({
		plan_name: bounded(100),
		plan_desc: bounded(200),
		cycle_type: z.enum(['DAYS', 'MONTHS']),
		subscription_end_type: z
			.string()
			.refine(
				(value) => (SUBSCRIPTION_END_TYPES as readonly string[]).includes(value),
				'must be CYCLE (the subscription ends after Max Cycles payments): the manual documents no other value',
			),
		cycle_interval: cycleCount,
		max_cycle_count: cycleCount.optional(),
		has_trial_period: z.boolean(),
		trial_period_duration_type: z.enum(['DAYS', 'MONTHS']).optional(),
		trial_period_duration: cycleCount.optional(),
		has_discount: z.boolean(),
		discount_percentage: z.number().gt(0, 'must be greater than 0').max(100, 'must be at most 100').optional(),
		discount_duration: cycleCount.optional(),
	})
	.superRefine((plan, ctx) => {
		const required = (condition: boolean, path: string, message: string) => {
			if (condition) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		};
		// "mandatory if Subscription Type: CYCLE", the only type the request table documents.
		required(
			plan.max_cycle_count === undefined,
			'max_cycle_count',
			'is required when the subscription ends after a number of cycles',
		);
		for (const field of TRIAL_FIELDS)
			required(plan.has_trial_period && plan[field] === undefined, field, 'is required with a trial period');
		for (const field of DISCOUNT_FIELDS)
			required(plan.has_discount && plan[field] === undefined, field, 'is required with a discount');
	})
	// Trial and discount values without their flag mean nothing to the gateway (the manual's own sample sends a trial
	// with has_trial_period false and gets "NONE" back): they are accepted and left out, never half-applied.
	.transform((plan) => {
		const sent: Record<string, unknown> = { ...plan };
		if (!plan.has_trial_period) for (const field of TRIAL_FIELDS) delete sent[field];
		if (!plan.has_discount) for (const field of DISCOUNT_FIELDS) delete sent[field];
		return sent as typeof plan;
	});

/** Create Subscription: a card (its table has no payment_method, so no saved card), every shipping member optional. */
export const subscriptionRequestSchema = z
	.object({
		...paymentCore,
		card: cardSchema,
		shipping_address: optionalShippingAddressSchema.optional(),
		// "mandatory for 3DS transactions only": a subscription call is not one.
		cardinal_session_id: optional(bounded(128)),
		subscription: subscriptionPlanSchema,
		payment_method: notInTable('is not accepted by Create Subscription: its table takes a card only (no saved card)'),
		browser_info: notInTable('is only sent with a 3D Secure purchase'),
	})
	.superRefine(refineAmount)
	.transform((body) => withExactAmount(withoutEmptyShipping(body)));

export const hostedPaymentLinkRequestSchema = z
	.object({
		return_url: returnUrlSchema.optional(),
		/** null: the shopper types the amount on the page. */
		amount: amountField.nullable(),
		currency: currencySchema,
		merchant_id: merchantIdSchema,
		merchant_email: email(45),
		merchant_txn_ref: merchantTxnRefSchema,
		payment_method: z.object({ type: cardSchemeSchema, store_payment_method: z.boolean() }).optional(),
		billing_address: hostedAddress(15),
		shipping_address: hostedAddress(20).optional(),
	})
	.superRefine((body, ctx) => {
		if (body.amount !== null) refineAmount(body, ctx);
	})
	.transform(withExactAmount);

const noteSchema = optional(bounded(128));

/**
 * Capture and refund send no currency; when the caller knows it, `currency` checks the amount's decimals and is
 * then left out of the body.
 */
export const captureRequestSchema = z
	.object({
		transactionId: uuidSchema,
		amount: amountField,
		merchant_id: shortMerchantId,
		notes: noteSchema,
		currency: currencySchema.optional(),
	})
	.superRefine(refineAmount)
	.transform(withExactAmount)
	.transform(({ currency: _currency, ...body }) => body);

export const refundRequestSchema = captureRequestSchema;

export const voidRequestSchema = z.object({ transactionId: uuidSchema, merchant_id: shortMerchantId });

// ---------- running a schema ----------

export interface RequestIssue {
	/** Wire path, e.g. billing_address.email */
	path: string;
	message: string;
}

export type Validated<T> = { ok: true; data: T } | { ok: false; issues: RequestIssue[] };

/** A value that is simply absent, including for unions (amount: string | number), whose issue says "Invalid input". */
function isMissingValue(issue: z.ZodIssue): boolean {
	if (issue.code === z.ZodIssueCode.invalid_type) return issue.received === 'undefined';
	if (issue.code === z.ZodIssueCode.invalid_union) {
		return issue.unionErrors.every((error) =>
			error.issues.every((inner) => inner.code === z.ZodIssueCode.invalid_type && inner.received === 'undefined'),
		);
	}
	return false;
}

/** Runs a schema and reports every issue with its wire path (first issue per path). */
export function validateRequest<S extends z.ZodTypeAny>(schema: S, body: unknown): Validated<z.output<S>> {
	const result = schema.safeParse(body);
	if (result.success) return { ok: true, data: result.data };
	const seen = new Set<string>();
	const issues: RequestIssue[] = [];
	for (const issue of result.error.issues) {
		const path = issue.path.join('.') || '(body)';
		if (seen.has(path)) continue;
		seen.add(path);
		const message = isMissingValue(issue)
			? 'is required'
			: issue.code === z.ZodIssueCode.invalid_enum_value
				? `must be one of ${issue.options.join(', ')}`
				: issue.message;
		issues.push({ path, message });
	}
	return { ok: false, issues };
}
