/**
 * Request validation following the manual's field tables (Mandatory, Max Length) and the
 * 3DS manual. Every problem names its field; the emulator answers them all in one 400.
 */
import { schemeOf } from './cards';
import { ISO_4217, parseAmount } from './money';

export type Json = Record<string, unknown>;

export interface Issue {
	field: string;
	message: string;
}

export class Issues {
	readonly list: Issue[] = [];
	add(field: string, message: string): void {
		this.list.push({ field, message });
	}
	get ok(): boolean {
		return this.list.length === 0;
	}
	/** "amount is required; billing_address.country must be ..." */
	text(): string {
		return this.list.map((i) => `${i.field} ${i.message}`).join('; ');
	}
}

export function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

interface StrRule {
	required?: boolean;
	max?: number;
	pattern?: RegExp;
	patternMessage?: string;
	/** '' counts as absent (the samples send "" for unused URLs). */
	emptyIsAbsent?: boolean;
}

/** Validates obj[key] as a string. Returns the value when valid, else undefined. */
export function str(v: Issues, obj: Json, key: string, prefix: string, rule: StrRule): string | undefined {
	const field = join(prefix, key);
	const value = obj[key];
	if (value === undefined || value === null || (rule.emptyIsAbsent && value === '')) {
		if (rule.required) v.add(field, 'is required');
		return undefined;
	}
	if (typeof value !== 'string') {
		v.add(field, `must be a string (got ${typeof value})`);
		return undefined;
	}
	if (rule.required && value.trim() === '') {
		v.add(field, 'is required and must not be empty');
		return undefined;
	}
	if (rule.max !== undefined && value.length > rule.max) {
		v.add(field, `must be at most ${rule.max} characters (got ${value.length})`);
		return undefined;
	}
	if (rule.pattern && !rule.pattern.test(value)) {
		v.add(field, rule.patternMessage ?? 'has an invalid format');
		return undefined;
	}
	return value;
}

function obj(v: Issues, parent: Json, key: string, prefix: string, required: boolean): Json | undefined {
	const field = join(prefix, key);
	const value = parent[key];
	if (value === undefined || value === null) {
		if (required) v.add(field, 'is required');
		return undefined;
	}
	if (!isObject(value)) {
		v.add(field, 'must be a JSON object');
		return undefined;
	}
	return value;
}

function bool(v: Issues, parent: Json, key: string, prefix: string, required: boolean): boolean | undefined {
	const field = join(prefix, key);
	const value = parent[key];
	if (value === undefined || value === null) {
		if (required) v.add(field, 'is required');
		return undefined;
	}
	if (typeof value !== 'boolean') {
		v.add(field, 'must be a boolean (true or false)');
		return undefined;
	}
	return value;
}

function int(
	v: Issues,
	parent: Json,
	key: string,
	prefix: string,
	required: boolean,
	min: number,
	max: number,
): number | undefined {
	const field = join(prefix, key);
	const value = parent[key];
	if (value === undefined || value === null || value === '') {
		if (required) v.add(field, 'is required');
		return undefined;
	}
	if (typeof value !== 'number' || !Number.isInteger(value)) {
		v.add(field, 'must be an integer');
		return undefined;
	}
	if (value < min || value > max) {
		v.add(field, `must be between ${min} and ${max}`);
		return undefined;
	}
	return value;
}

const COUNTRY = /^[A-Z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
	return UUID.test(id);
}

function url(v: Issues, parent: Json, key: string, prefix: string, required = false): string | undefined {
	const value = str(v, parent, key, prefix, { max: 255, emptyIsAbsent: true, required });
	if (value === undefined) return undefined;
	try {
		const u = new URL(value);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
	} catch {
		v.add(join(prefix, key), 'must be an absolute http(s) URL');
		return undefined;
	}
	return value;
}

export interface Address {
	country: string;
	email: string;
	address1: string;
	address2: string;
	phone_number: string;
	city: string;
	state: string;
	postal_code: string;
}

export interface ReturnUrls {
	webhook_url: string;
	success_url: string;
	decline_url: string;
	cancel_url: string | null;
}

interface AddressRule {
	/** 'phone' for the HPP link, 'phone_number' elsewhere. */
	phoneKey: 'phone' | 'phone_number';
	phoneMax: number;
	/** Whether country, email, phone, address1, city, state are mandatory. */
	fieldsRequired: boolean;
	postalCode: 'required' | 'optional' | 'absent';
}

function address(v: Issues, parent: Json, key: string, required: boolean, rule: AddressRule): Address | undefined {
	const o = obj(v, parent, key, '', required);
	if (!o) return undefined;
	const r = rule.fieldsRequired;
	const country = str(v, o, 'country', key, {
		required: r,
		max: 2,
		pattern: COUNTRY,
		patternMessage: 'must be a 2-letter ISO 3166-1 alpha-2 code (e.g. JP)',
	});
	const email = str(v, o, 'email', key, {
		required: r,
		max: 45,
		pattern: EMAIL,
		patternMessage: 'must be an email address',
	});
	const phone = str(v, o, rule.phoneKey, key, { required: r, max: rule.phoneMax });
	const address1 = str(v, o, 'address1', key, { required: r, max: 199 });
	const address2 = str(v, o, 'address2', key, { max: 199 });
	const city = str(v, o, 'city', key, { required: r, max: 65 });
	const state = str(v, o, 'state', key, { required: r, max: 65 });
	let postal: string | undefined;
	if (rule.postalCode !== 'absent')
		postal = str(v, o, 'postal_code', key, { required: rule.postalCode === 'required', max: 45 });
	return {
		country: country ?? '',
		email: email ?? '',
		address1: address1 ?? '',
		address2: address2 ?? '',
		phone_number: phone ?? '',
		city: city ?? '',
		state: state ?? '',
		postal_code: postal ?? '',
	};
}

function returnUrls(v: Issues, parent: Json, required: boolean, withCancel: boolean): ReturnUrls {
	const o = obj(v, parent, 'return_url', '', required);
	const out: ReturnUrls = { webhook_url: '', success_url: '', decline_url: '', cancel_url: null };
	if (!o) return out;
	out.webhook_url = url(v, o, 'webhook_url', 'return_url') ?? '';
	out.success_url = url(v, o, 'success_url', 'return_url') ?? '';
	out.decline_url = url(v, o, 'decline_url', 'return_url') ?? '';
	if (withCancel) out.cancel_url = url(v, o, 'cancel_url', 'return_url') ?? null;
	return out;
}

function currencyOf(v: Issues, body: Json, allowNull = false): string | undefined {
	const value = body.currency;
	if (allowNull && value === null) return undefined;
	const c = str(v, body, 'currency', '', {
		required: true,
		max: 3,
		pattern: /^[A-Z]{3}$/,
		patternMessage: 'must be a 3-letter upper-case ISO 4217 code (e.g. JPY)',
	});
	if (c !== undefined && !ISO_4217.has(c)) {
		v.add('currency', `is not an ISO 4217 currency code (got ${c})`);
		return undefined;
	}
	return c;
}

function amountOf(v: Issues, body: Json, currency: string | undefined, field = 'amount'): number | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		v.add(field, 'is required');
		return undefined;
	}
	const parsed = parseAmount(value, currency ?? 'USD');
	if (!parsed.ok) {
		v.add(field, parsed.error);
		return undefined;
	}
	return parsed.minor;
}

export interface CardInput {
	number: string;
	cvc: string;
	expMonth: string;
	expYear: string;
	name: string;
}

/** The manual's table says 16 for card.number; real PANs run 13 to 19 digits (AMEX has 15). */
function card(v: Issues, body: Json, now: Date): CardInput | undefined {
	const c = obj(v, body, 'card', '', true);
	if (!c) return undefined;
	const number = str(v, c, 'number', 'card', {
		required: true,
		max: 19,
		pattern: /^\d{13,19}$/,
		patternMessage: 'must be 13 to 19 digits, without spaces',
	});
	const cvc = str(v, c, 'cvc', 'card', {
		required: true,
		max: 4,
		pattern: /^\d{3,4}$/,
		patternMessage: 'must be 3 or 4 digits',
	});
	const expMonth = str(v, c, 'expiry_month', 'card', {
		required: true,
		max: 2,
		pattern: /^(0?[1-9]|1[0-2])$/,
		patternMessage: 'must be a month from 01 to 12',
	});
	const expYear = str(v, c, 'expiry_year', 'card', {
		required: true,
		max: 2,
		pattern: /^\d{2}$/,
		patternMessage: 'must be the 2-digit year (e.g. 24 for 2024)',
	});
	const name = str(v, c, 'name', 'card', { required: true, max: 255 });
	if (number && cvc) {
		const amex = schemeOf(number) === 'AMEX';
		if (amex && cvc.length !== 4) v.add('card.cvc', 'must be 4 digits for an AMEX card');
		if (!amex && cvc.length !== 3) v.add('card.cvc', 'must be 3 digits (4 digits only for AMEX cards)');
	}
	if (expMonth && expYear) {
		const year = 2000 + Number(expYear);
		const month = Number(expMonth);
		// A card is valid through the last day of its expiry month.
		const nowMonths = now.getUTCFullYear() * 12 + now.getUTCMonth();
		if (year * 12 + (month - 1) < nowMonths)
			v.add('card.expiry_year', `with card.expiry_month: the card expired (${expMonth.padStart(2, '0')}/${expYear})`);
	}
	if (!number || !cvc || !expMonth || !expYear || !name) return undefined;
	return { number, cvc, expMonth: expMonth.padStart(2, '0'), expYear, name };
}

export interface PaymentMethodInput {
	type: string;
	store: boolean;
	storedPaymentMethodId?: string;
}

function paymentMethod(
	v: Issues,
	body: Json,
	required: boolean,
	allowTokenUse: boolean,
): PaymentMethodInput | undefined {
	const pm = obj(v, body, 'payment_method', '', required);
	if (!pm) return undefined;
	const type = str(v, pm, 'type', 'payment_method', { required: true, max: 128 });
	const store = bool(v, pm, 'store_payment_method', 'payment_method', true);
	let id: string | undefined;
	if (allowTokenUse) {
		id = str(v, pm, 'stored_payment_method_id', 'payment_method', { max: 128, emptyIsAbsent: true });
		if (id !== undefined && store === false) {
			v.add('payment_method.store_payment_method', 'must be true to use a stored payment method');
		}
	}
	if (type === undefined || store === undefined) return undefined;
	return { type, store, storedPaymentMethodId: id };
}

export type PaymentKind = 'authorization' | 'payment' | 'paymentv2' | 'subscription';

export interface SubscriptionInput {
	planName: string;
	planDesc: string;
	cycleType: 'DAYS' | 'MONTHS';
	endType: string;
	isCycle: boolean;
	cycleInterval: number | null;
	maxCycleCount: number | null;
	hasTrial: boolean;
	trialType: 'DAYS' | 'MONTHS' | null;
	trialDuration: number | null;
	hasDiscount: boolean;
	discountPercentage: number | null;
	discountDuration: number | null;
}

export interface PaymentInput {
	amountMinor: number;
	currency: string;
	card?: CardInput;
	paymentMethod?: PaymentMethodInput;
	merchantTxnRef: string;
	customerIp: string;
	merchantId: string;
	returnUrl: ReturnUrls;
	billing: Address;
	shipping: Address | null;
	timeZone: string;
	subscription?: SubscriptionInput;
}

function timeZone(v: Issues, body: Json, required: boolean): string | undefined {
	const tz = str(v, body, 'time_zone', '', { required, max: 128 });
	if (tz === undefined) return undefined;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: tz });
	} catch {
		v.add('time_zone', `must be an IANA time zone such as Asia/Kuala_Lumpur (got ${tz})`);
		return undefined;
	}
	return tz;
}

const ENUM_DM = /^(DAYS|MONTHS)$/;

function subscription(v: Issues, body: Json): SubscriptionInput | undefined {
	const s = obj(v, body, 'subscription', '', true);
	if (!s) return undefined;
	const p = 'subscription';
	const planName = str(v, s, 'plan_name', p, { required: true, max: 100 });
	const planDesc = str(v, s, 'plan_desc', p, { required: true, max: 200 });
	const cycleType = str(v, s, 'cycle_type', p, {
		required: true,
		pattern: ENUM_DM,
		patternMessage: 'must be DAYS or MONTHS',
	});
	const endType = str(v, s, 'subscription_end_type', p, { required: true, max: 32 });
	const isCycle = endType === 'CYCLE';
	const cycleInterval = int(v, s, 'cycle_interval', p, isCycle, 1, 9999);
	const maxCycleCount = int(v, s, 'max_cycle_count', p, isCycle, 1, 9999);
	const hasTrial = bool(v, s, 'has_trial_period', p, true);
	let trialType: string | undefined;
	let trialDuration: number | undefined;
	if (hasTrial) {
		trialType = str(v, s, 'trial_period_duration_type', p, {
			required: true,
			pattern: ENUM_DM,
			patternMessage: 'must be DAYS or MONTHS',
		});
		trialDuration = int(v, s, 'trial_period_duration', p, true, 1, 9999);
	}
	const hasDiscount = bool(v, s, 'has_discount', p, true);
	let discountPercentage: number | undefined;
	let discountDuration: number | undefined;
	if (hasDiscount) {
		const pct = s.discount_percentage;
		if (pct === undefined || pct === null || pct === '')
			v.add('subscription.discount_percentage', 'is required when has_discount is true');
		else if (typeof pct !== 'number' || !Number.isFinite(pct))
			v.add('subscription.discount_percentage', 'must be a number');
		else if (pct < 0 || pct > 100) v.add('subscription.discount_percentage', 'must be between 0 and 100');
		else discountPercentage = pct;
		discountDuration = int(v, s, 'discount_duration', p, true, 1, 9999);
	}
	if (!planName || !planDesc || !cycleType || !endType || hasTrial === undefined || hasDiscount === undefined)
		return undefined;
	return {
		planName,
		planDesc,
		cycleType: cycleType as 'DAYS' | 'MONTHS',
		endType,
		isCycle,
		cycleInterval: cycleInterval ?? null,
		maxCycleCount: isCycle ? (maxCycleCount ?? null) : null,
		hasTrial,
		trialType: (trialType as 'DAYS' | 'MONTHS' | undefined) ?? null,
		trialDuration: trialDuration ?? null,
		hasDiscount,
		discountPercentage: discountPercentage ?? null,
		discountDuration: discountDuration ?? null,
	};
}

/**
 * /authorization, /payment (plain, card token generation and use), /paymentv2 and /subscription/payment.
 * Shipping: the purchase/authorisation tables make its fields mandatory (postal_code optional); the
 * token and subscription tables make them all optional. paymentv2 follows the purchase table.
 */
export function validatePayment(body: Json, kind: PaymentKind, now: Date): { issues: Issues; input?: PaymentInput } {
	const v = new Issues();
	const currency = currencyOf(v, body);
	const amountMinor = amountOf(v, body, currency);

	const allowTokenUse = kind !== 'subscription';
	const pm = kind === 'subscription' ? undefined : paymentMethod(v, body, false, allowTokenUse);
	const usesToken = pm?.storedPaymentMethodId !== undefined;
	let cardInput: CardInput | undefined;
	if (usesToken) {
		if (body.card !== undefined && body.card !== null)
			v.add('card', 'must be absent when payment_method.stored_payment_method_id is given');
	} else {
		cardInput = card(v, body, now);
	}
	const merchantTxnRef = str(v, body, 'merchant_txn_ref', '', { required: true, max: 45 });
	const customerIp = str(v, body, 'customer_ip', '', { required: true, max: 45 });
	const merchantId = str(v, body, 'merchant_id', '', { required: true, max: 128 });
	const returnUrl = returnUrls(v, body, kind === 'paymentv2', false);
	const billing = address(v, body, 'billing_address', true, {
		phoneKey: 'phone_number',
		phoneMax: 20,
		fieldsRequired: true,
		postalCode: 'required',
	});
	const tokenOrSubscriptionTable = kind === 'subscription' || pm !== undefined;
	const shipping = address(v, body, 'shipping_address', false, {
		phoneKey: 'phone_number',
		phoneMax: 20,
		fieldsRequired: !tokenOrSubscriptionTable,
		postalCode: 'optional',
	});
	// The 3DS manual does not mark time_zone mandatory; the other tables do.
	const tz = timeZone(v, body, kind !== 'paymentv2');
	str(v, body, 'cardinal_session_id', '', { max: 128 });
	if (kind === 'paymentv2') obj(v, body, 'browser_info', '', false);
	const sub = kind === 'subscription' ? subscription(v, body) : undefined;

	if (!v.ok) return { issues: v };
	return {
		issues: v,
		input: {
			amountMinor: amountMinor as number,
			currency: currency as string,
			card: cardInput,
			paymentMethod: pm,
			merchantTxnRef: merchantTxnRef as string,
			customerIp: customerIp as string,
			merchantId: merchantId as string,
			returnUrl,
			billing: billing as Address,
			shipping: shipping ?? null,
			timeZone: tz ?? '',
			subscription: sub,
		},
	};
}

export interface FollowUpInput {
	transactionId: string;
	amountText?: unknown;
	merchantId: string;
	notes?: string;
}

/** /capture, /refund, /void: transactionId (camelCase), amount (not for void), merchant_id (max 10), notes. */
export function validateFollowUp(
	body: Json,
	kind: 'capture' | 'refund' | 'void',
): { issues: Issues; input?: FollowUpInput } {
	const v = new Issues();
	const id = str(v, body, 'transactionId', '', { required: true, max: 36 });
	if (id !== undefined && !isUuid(id)) v.add('transactionId', 'must be a transaction id (UUID)');
	if (kind !== 'void') {
		const a = body.amount;
		if (a === undefined || a === null || a === '') v.add('amount', 'is required');
		else if (typeof a !== 'string' && typeof a !== 'number') v.add('amount', 'must be a number or a decimal string');
	}
	const merchantId = str(v, body, 'merchant_id', '', { required: true, max: 10 });
	const notes = kind === 'void' ? undefined : str(v, body, 'notes', '', { max: 128 });
	if (!v.ok) return { issues: v };
	return {
		issues: v,
		input: { transactionId: id as string, amountText: body.amount, merchantId: merchantId as string, notes },
	};
}

export interface HppInput {
	amountMinor: number | null;
	currency: string | null;
	merchantId: string;
	merchantEmail: string;
	merchantTxnRef: string;
	returnUrl: ReturnUrls;
	paymentMethod?: PaymentMethodInput;
	billing: Address;
	shipping: Address | null;
}

/** /hpp/generate/link: amount mandatory but may be null (the shopper types it); `phone`, not phone_number. */
export function validateHpp(body: Json): { issues: Issues; input?: HppInput } {
	const v = new Issues();
	const amountNull = body.amount === null;
	if (!('amount' in body)) v.add('amount', 'is required (null lets the cardholder enter it on the page)');
	let currency: string | undefined;
	if (body.currency === null && amountNull) currency = undefined;
	else currency = currencyOf(v, body);
	let amountMinor: number | null = null;
	if ('amount' in body && !amountNull) amountMinor = amountOf(v, body, currency) ?? null;
	const merchantId = str(v, body, 'merchant_id', '', { required: true, max: 128 });
	const merchantEmail = str(v, body, 'merchant_email', '', {
		required: true,
		max: 45,
		pattern: EMAIL,
		patternMessage: 'must be an email address',
	});
	const merchantTxnRef = str(v, body, 'merchant_txn_ref', '', { required: true, max: 45 });
	const returnUrl = returnUrls(v, body, false, true);
	const pm = paymentMethod(v, body, false, false);
	const billing = address(v, body, 'billing_address', true, {
		phoneKey: 'phone',
		phoneMax: 15,
		fieldsRequired: true,
		postalCode: 'absent',
	});
	const shipping = address(v, body, 'shipping_address', false, {
		phoneKey: 'phone',
		phoneMax: 20,
		fieldsRequired: true,
		postalCode: 'absent',
	});
	if (!v.ok) return { issues: v };
	return {
		issues: v,
		input: {
			amountMinor,
			currency: currency ?? null,
			merchantId: merchantId as string,
			merchantEmail: merchantEmail as string,
			merchantTxnRef: merchantTxnRef as string,
			returnUrl,
			paymentMethod: pm,
			billing: billing as Address,
			shipping: shipping ?? null,
		},
	};
}
