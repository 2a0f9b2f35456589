/**
 * FROZEN REFERENCE — the zod-based normalizer as it was before the rewrite to plain field readers (main at 8847625).
 * Not used by the package: test/gateway/normalizeEquivalence.test.ts runs it beside the real normalizer and asserts
 * both give the same items. Do not "fix" this file; a deliberate change of behaviour is tested in normalize.test.ts.
 */
/**
 * Any DasGateway body (transaction response, status, webhook, 3DS, hosted page, subscription) → the package's
 * public item shape. Parsing is lenient on purpose: the gateway's samples disagree with each other (string or
 * number amounts, `risk-details` or `risk_details`, billing in two places, arrays or objects), unknown fields
 * are ignored, and a field of an unexpected type becomes null rather than breaking the item.
 */
import { z } from 'zod';

import { describeGatewayCode, describeResponseCode, type Outcome } from '../../nodes/DasGateway/gateway/codes';

// ---------- lenient scalars ----------

const isPlaceholder = (value: string) => /^<[^>]*>$/.test(value.trim());

/** The gateway's ways of saying "no value": '' and, in the status sample's phone numbers, "N/A". */
const isNoValue = (value: string) => value === '' || /^n\/a$/i.test(value);

/** string | number → trimmed string; '', 'N/A', null, undefined, '<placeholder>' and other types → null. */
const text = z.unknown().transform((value): string | null => {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return isNoValue(trimmed) || isPlaceholder(trimmed) ? null : trimmed;
});

/** number | numeric string → number; anything else → null. */
const numeric = z.unknown().transform((value): number | null => {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || value.trim() === '') return null;
	const parsed = Number(value.trim());
	return Number.isFinite(parsed) ? parsed : null;
});

/** boolean | 'true' | 'false' → boolean; anything else → null. */
const flag = z.unknown().transform((value): boolean | null => {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1) return true;
	if (value === 'false' || value === 0) return false;
	return null;
});

/** An object whose known keys are parsed leniently; anything that is not an object becomes {}. */
function lenientObject<T extends z.ZodRawShape>(shape: T) {
	return z.preprocess(
		(value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}),
		z.object(shape).passthrough(),
	);
}

// ---------- wire shapes ----------

const wireAddress = lenientObject({
	country: text,
	email: text,
	phone_number: text,
	phone: text,
	address1: text,
	address2: text,
	city: text,
	state: text,
	postal_code: text,
});

const wireBillingDetails = lenientObject({ billing_address: z.unknown(), shipping_address: z.unknown() });

const wireTransaction = lenientObject({
	success: flag,
	status_code: numeric,
	statusCode: numeric,
	is_live: flag,
	transaction_type: text,
	gateway_response: lenientObject({ version: text, type: text, message: text, code: text }),
	merchant_details: lenientObject({
		legal_name: text,
		mid: text,
		merchant_txn_ref: text,
		billing_details: z.unknown(),
		device_details: z.unknown(),
	}),
	device_details: z.unknown(),
	payment_details: lenientObject({
		amount: numeric,
		response_code: numeric,
		responseDescription: text,
		auth_code: text,
		currency: text,
		payment_method: text,
		scheme: text,
		card: lenientObject({ name: text, number: text, exp_month: text, exp_year: text }),
		additional_data: z.unknown(),
	}),
	transaction_details: lenientObject({
		id: text,
		ref: text,
		timestamp: text,
		merchant_txn_ref: text,
		stored_payment_method_id: text,
		billing_details: z.unknown(),
	}),
	'risk-details': lenientObject({ risk_score: numeric }),
	risk_details: lenientObject({ risk_score: numeric }),
	billing_details: z.unknown(),
	subscription_details: z.unknown(),
});

type WireTransaction = z.infer<typeof wireTransaction>;

// ---------- public shapes ----------

export interface NormalizedAddress {
	country: string | null;
	email: string | null;
	phone: string | null;
	address1: string | null;
	address2: string | null;
	city: string | null;
	state: string | null;
	postalCode: string | null;
}

export interface NormalizedCard {
	scheme: string | null;
	name: string | null;
	maskedNumber: string | null;
	last4: string | null;
	expiryMonth: string | null;
	expiryYear: string | null;
}

export interface NormalizedThreeDSecure {
	eci: string | null;
	status: string | null;
	version: string | null;
	dsTransactionId: string | null;
	acsTransactionId: string | null;
}

export interface NormalizedTransaction {
	transactionId: string | null;
	transactionType: string | null;
	outcome: Outcome;
	approved: boolean;
	amount: number | null;
	currency: string | null;
	merchantId: string | null;
	merchantName: string | null;
	merchantTxnRef: string | null;
	reference: string | null;
	authCode: string | null;
	responseCode: number | null;
	responseMessage: string | null;
	/** The gateway's own words for the response code (payment_details.responseDescription), as sent. */
	responseDescription: string | null;
	gatewayCode: string | null;
	gatewayMessage: string | null;
	retryable: boolean;
	isLive: boolean;
	timestamp: string | null;
	paymentMethod: string | null;
	card: NormalizedCard | null;
	storedPaymentMethodId: string | null;
	riskScore: number | null;
	customerIp: string | null;
	billingAddress: NormalizedAddress | null;
	shippingAddress: NormalizedAddress | null;
	threeDSecure: NormalizedThreeDSecure | null;
	subscription: NormalizedSubscription | null;
}

export interface NormalizedSubscriptionPlan {
	name: string | null;
	description: string | null;
	cycleType: string | null;
	cycleInterval: number | null;
	amount: number | null;
	currency: string | null;
	trialDurationType: string | null;
	trialDuration: number | null;
	discountPercentage: number | null;
	discountDuration: number | null;
}

export interface NormalizedSubscriptionTransaction {
	transactionId: string | null;
	reference: string | null;
	cycle: number | null;
	status: string | null;
	date: string | null;
	amount: number | null;
	currency: string | null;
	event: string | null;
}

export interface NormalizedSubscription {
	subscriptionId: string | null;
	type: string | null;
	status: string | null;
	maxCycles: number | null;
	completedCycles: number | null;
	nextPaymentCycle: number | null;
	nextPaymentDate: string | null;
	lastPaymentStatus: string | null;
	isLive: boolean | null;
	plan: NormalizedSubscriptionPlan;
	transactions: NormalizedSubscriptionTransaction[];
}

export interface NormalizedHostedPaymentLink {
	linkId: string | null;
	url: string | null;
	outcome: 'pending';
	status: string | null;
	isValid: boolean | null;
	amount: number | null;
	currency: string | null;
	merchantId: string | null;
	merchantEmail: string | null;
	merchantTxnRef: string | null;
	returnUrls: {
		webhookUrl: string | null;
		successUrl: string | null;
		declineUrl: string | null;
		cancelUrl: string | null;
	};
	billingAddress: NormalizedAddress | null;
	shippingAddress: NormalizedAddress | null;
}

export interface NormalizedThreeDsRedirect {
	outcome: 'pending';
	approved: false;
	redirectUrl: string | null;
	merchantTxnRef: string | null;
	amount: number | null;
	currency: string | null;
	merchantId: string | null;
}

// ---------- helpers ----------

/** Shows at most the first 6 and last 4 digits, whatever the gateway sent (masked or not). */
export function maskCardNumber(number: string | null | undefined): string | null {
	if (!number) return null;
	const compact = String(number).replace(/[\s-]/g, '');
	if (/^\d{12,19}$/.test(compact)) {
		return `${compact.slice(0, 6)}${'*'.repeat(compact.length - 10)}${compact.slice(-4)}`;
	}
	const masked = compact.match(/^(\d{0,6})\d*([*xX•]+)\d*?(\d{0,4})$/);
	if (masked) return `${masked[1]}${'*'.repeat(Math.max(masked[2].length, 4))}${masked[3]}`;
	return compact.replace(/\d/g, '*');
}

function lastFour(masked: string | null): string | null {
	const match = masked?.match(/(\d{4})$/);
	return match ? match[1] : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalizeAddress(value: unknown): NormalizedAddress | null {
	if (!isObject(value)) return null;
	const a = wireAddress.parse(value);
	const normalized: NormalizedAddress = {
		country: a.country,
		email: a.email,
		phone: a.phone_number ?? a.phone,
		address1: a.address1,
		address2: a.address2,
		city: a.city,
		state: a.state,
		postalCode: a.postal_code,
	};
	return Object.values(normalized).some((v) => v !== null) ? normalized : null;
}

/** Billing sits in merchant_details (responses, webhooks), transaction_details (status) or at the top. */
function findBillingDetails(body: WireTransaction) {
	for (const candidate of [
		body.merchant_details.billing_details,
		body.transaction_details.billing_details,
		body.billing_details,
	]) {
		if (isObject(candidate)) return wireBillingDetails.parse(candidate);
	}
	return null;
}

/** A date and time without a zone or offset ("2023-08-09 09:17:43", "2023-08-09T09:17:43.000"). */
const ZONELESS_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Gateway times → ISO 8601 UTC. Every time in the manuals is UTC ("2023-08-09T09:17:43.000Z"), so a time sent
 * without a zone is read as UTC too: the same instant whatever the time zone of the host running n8n.
 */
export function normalizeTimestamp(value: string | null): string | null {
	if (!value) return null;
	const time = Date.parse(ZONELESS_TIME.test(value) ? `${value.replace(' ', 'T')}Z` : value);
	return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** The cycle units as Create Subscription sends them (DAYS, MONTHS); list and details answer "MONTHLY". */
const CYCLE_UNITS: Readonly<Record<string, string>> = {
	DAY: 'DAYS',
	DAILY: 'DAYS',
	DAYS: 'DAYS',
	MONTH: 'MONTHS',
	MONTHLY: 'MONTHS',
	MONTHS: 'MONTHS',
};

/** A cycle unit in the create request's words; an unknown one is passed on upper-cased; "NONE" (no trial) → null. */
export function normalizeCycleUnit(value: string | null): string | null {
	if (value === null) return null;
	const upper = value.toUpperCase();
	if (upper === 'NONE') return null;
	return CYCLE_UNITS[upper] ?? upper;
}

const THREE_DS_KEYS = [
	'three_ds',
	'threeDS',
	'three_d_secure',
	'threeDSecure',
	'3ds',
	'threeds',
	'three_ds_details',
	'authentication',
	'auth',
];

/** A 3DS result block, if the gateway sent one (names vary between providers, so several are accepted). */
function findThreeDSecure(raw: Record<string, unknown>): NormalizedThreeDSecure | null {
	const places: unknown[] = [raw, raw.payment_details, raw.transaction_details];
	const payment = raw.payment_details;
	if (isObject(payment)) places.push(payment.additional_data);
	for (const place of places) {
		if (!isObject(place)) continue;
		for (const key of THREE_DS_KEYS) {
			const block = place[key];
			if (!isObject(block)) continue;
			const pick = (...names: string[]) => {
				for (const name of names) {
					const value = text.parse(block[name]);
					if (value !== null) return value;
				}
				return null;
			};
			const result: NormalizedThreeDSecure = {
				eci: pick('eci', 'ECI'),
				status: pick('status', 'trans_status', 'transStatus', 'authentication_status', 'authenticationStatus'),
				version: pick('version', 'threeDSVersion', 'three_ds_version', 'message_version'),
				dsTransactionId: pick('ds_transaction_id', 'dsTransID', 'dsTransactionId', 'ds_trans_id'),
				acsTransactionId: pick('acs_transaction_id', 'acsTransID', 'acsTransactionId'),
			};
			if (result.eci !== null || result.status !== null || result.dsTransactionId !== null) return result;
		}
	}
	return null;
}

interface OutcomeDecision {
	outcome: Outcome;
	retryable: boolean;
	responseMessage: string | null;
	gatewayMessage: string | null;
}

function decideOutcome(body: WireTransaction): OutcomeDecision {
	const responseCode = body.payment_details.response_code;
	const gateway = body.gateway_response;
	const gatewayMeaning = gateway.code ? describeGatewayCode(gateway.code, gateway.message) : null;
	const codeMeaning = responseCode === null ? null : describeResponseCode(responseCode);
	const responseMessage =
		codeMeaning && !codeMeaning.message.startsWith('Unknown response code')
			? codeMeaning.message
			: (body.payment_details.responseDescription ?? codeMeaning?.message ?? null);
	const gatewayMessage = gatewayMeaning?.message ?? gateway.message;

	// A risk rule or validation refusal is a decline even when the acquirer code says 0 (it never got there).
	if (gatewayMeaning?.refusal) return { outcome: 'declined', retryable: false, responseMessage, gatewayMessage };
	if (codeMeaning) {
		const outcome = codeMeaning.outcome === 'approved' && body.success === false ? 'error' : codeMeaning.outcome;
		return { outcome, retryable: codeMeaning.retryable, responseMessage, gatewayMessage };
	}
	if (body.success === true) return { outcome: 'approved', retryable: false, responseMessage, gatewayMessage };
	if (gatewayMeaning && !gatewayMeaning.informational && body.transaction_details.id) {
		return { outcome: 'declined', retryable: false, responseMessage, gatewayMessage };
	}
	return { outcome: 'error', retryable: false, responseMessage, gatewayMessage };
}

// ---------- public normalizers ----------

/** True when a body describes a transaction (so a 4xx carrying it is a decline, not an error). */
export function looksLikeTransaction(body: unknown): boolean {
	if (!isObject(body)) return false;
	return isObject(body.transaction_details) || isObject(body.payment_details);
}

/** Response, status or webhook body of a transaction → the normalized transaction. */
export function normalizeTransaction(raw: unknown): NormalizedTransaction {
	const source = isObject(raw) ? raw : {};
	const body = wireTransaction.parse(source);
	const decision = decideOutcome(body);
	const payment = body.payment_details;
	const details = body.transaction_details;
	const billing = findBillingDetails(body);
	const device = isObject(body.merchant_details.device_details)
		? body.merchant_details.device_details
		: isObject(body.device_details)
			? body.device_details
			: {};
	const maskedNumber = maskCardNumber(payment.card.number);
	const card: NormalizedCard = {
		scheme: payment.scheme,
		name: payment.card.name,
		maskedNumber,
		last4: lastFour(maskedNumber),
		expiryMonth: payment.card.exp_month,
		expiryYear: payment.card.exp_year,
	};
	const riskScore = body['risk-details'].risk_score ?? body.risk_details.risk_score;
	const subscription = firstSubscription(body.subscription_details);

	return {
		transactionId: details.id,
		transactionType: body.transaction_type,
		outcome: decision.outcome,
		approved: decision.outcome === 'approved',
		amount: payment.amount,
		currency: payment.currency ? payment.currency.toUpperCase() : null,
		merchantId: body.merchant_details.mid,
		merchantName: body.merchant_details.legal_name,
		merchantTxnRef: details.merchant_txn_ref ?? body.merchant_details.merchant_txn_ref,
		reference: details.ref,
		authCode: payment.auth_code,
		responseCode: payment.response_code,
		responseMessage: decision.responseMessage,
		responseDescription: payment.responseDescription,
		gatewayCode: body.gateway_response.code,
		gatewayMessage: decision.gatewayMessage,
		retryable: decision.retryable,
		isLive: body.is_live === true,
		timestamp: normalizeTimestamp(details.timestamp),
		paymentMethod: payment.payment_method,
		card: Object.values(card).some((v) => v !== null) ? card : null,
		storedPaymentMethodId: details.stored_payment_method_id,
		riskScore,
		customerIp: text.parse((device as Record<string, unknown>).customer_ip),
		billingAddress: billing ? normalizeAddress(billing.billing_address) : null,
		shippingAddress: billing ? normalizeAddress(billing.shipping_address) : null,
		threeDSecure: findThreeDSecure(source),
		subscription: subscription ? normalizeSubscription(subscription, body.is_live) : null,
	};
}

const wireSubscription = lenientObject({
	id: text,
	type: text,
	max_cycle_count: numeric,
	status: text,
	completed_payment_cycle: numeric,
	last_payment_status: text,
	next_payment_date: text,
	next_payment_cycle: numeric,
	subscription_plan_details: lenientObject({
		name: text,
		desc: text,
		billing_cycle_type: text,
		billing_cycle_interval: numeric,
		amount: numeric,
		ccy: text,
		trial_period_duration: numeric,
		trial_period_duration_type: text,
		plan_discount_percentage: numeric,
		plan_discount_duration: numeric,
	}),
	// Spelt "transcation" in every sample of the manual; the correct spelling is accepted too.
	subscription_transcation_details: z.unknown(),
	subscription_transaction_details: z.unknown(),
});

const wireSubscriptionTransaction = lenientObject({
	id: text,
	ref: text,
	cycle: numeric,
	status: text,
	transaction_date: text,
	amount: numeric,
	ccy: text,
	event: text,
});

function firstSubscription(value: unknown): Record<string, unknown> | null {
	if (Array.isArray(value)) return value.find(isObject) ?? null;
	return isObject(value) ? value : null;
}

/** One entry of `subscription_details` → the normalized subscription. */
export function normalizeSubscription(raw: unknown, isLive: boolean | null = null): NormalizedSubscription {
	const s = wireSubscription.parse(raw);
	const plan = s.subscription_plan_details;
	const rawTransactions = s.subscription_transcation_details ?? s.subscription_transaction_details;
	const list = Array.isArray(rawTransactions) ? rawTransactions : isObject(rawTransactions) ? [rawTransactions] : [];
	return {
		subscriptionId: s.id,
		type: s.type,
		status: s.status,
		maxCycles: s.max_cycle_count,
		completedCycles: s.completed_payment_cycle,
		nextPaymentCycle: s.next_payment_cycle,
		nextPaymentDate: normalizeTimestamp(s.next_payment_date),
		lastPaymentStatus: s.last_payment_status,
		isLive,
		plan: {
			name: plan.name,
			description: plan.desc,
			cycleType: normalizeCycleUnit(plan.billing_cycle_type),
			cycleInterval: plan.billing_cycle_interval,
			amount: plan.amount,
			currency: plan.ccy,
			trialDurationType: normalizeCycleUnit(plan.trial_period_duration_type),
			trialDuration: plan.trial_period_duration,
			discountPercentage: plan.plan_discount_percentage,
			discountDuration: plan.plan_discount_duration,
		},
		transactions: list.filter(isObject).map((entry) => {
			const t = wireSubscriptionTransaction.parse(entry);
			return {
				transactionId: t.id,
				reference: t.ref,
				cycle: t.cycle,
				status: t.status,
				date: normalizeTimestamp(t.transaction_date),
				amount: t.amount,
				currency: t.ccy,
				event: t.event,
			};
		}),
	};
}

/** Any subscription answer (list, details: array; pause/resume/cancel/create: object) → a list. */
export function normalizeSubscriptionList(raw: unknown): NormalizedSubscription[] {
	const body = isObject(raw) ? raw : {};
	const isLive = flag.parse(body.is_live);
	const details = body.subscription_details;
	const entries = Array.isArray(details) ? details : isObject(details) ? [details] : [];
	return entries.filter(isObject).map((entry) => normalizeSubscription(entry, isLive));
}

const wireHostedLink = lenientObject({
	id: text,
	url: text,
	status: text,
	isValid: flag,
	amount: numeric,
	currency: text,
	merchant_id: text,
	merchant_email: text,
	merchant_txn_ref: text,
	return_url: lenientObject({ webhook_url: text, success_url: text, decline_url: text, cancel_url: text }),
	billing_address: z.unknown(),
	shipping_address: z.unknown(),
});

/** The hosted payment page answer → link id and URL to send the shopper to. */
export function normalizeHostedPaymentLink(raw: unknown): NormalizedHostedPaymentLink {
	const link = wireHostedLink.parse(raw);
	return {
		linkId: link.id,
		url: link.url,
		outcome: 'pending',
		status: link.status,
		isValid: link.isValid,
		amount: link.amount,
		currency: link.currency,
		merchantId: link.merchant_id,
		merchantEmail: link.merchant_email,
		merchantTxnRef: link.merchant_txn_ref,
		returnUrls: {
			webhookUrl: link.return_url.webhook_url,
			successUrl: link.return_url.success_url,
			declineUrl: link.return_url.decline_url,
			cancelUrl: link.return_url.cancel_url,
		},
		billingAddress: normalizeAddress(link.billing_address),
		shippingAddress: normalizeAddress(link.shipping_address),
	};
}

const wireThreeDs = lenientObject({ url: text, redirect_url: text, success: flag, statusCode: numeric });

/**
 * The paymentv2 answer only carries the page to send the shopper to; what was asked for (reference, amount,
 * currency, merchant) comes from the request so the item is useful on its own.
 */
export function normalizeThreeDsRedirect(
	raw: unknown,
	request: {
		merchantTxnRef?: string | null;
		amount?: number | null;
		currency?: string | null;
		merchantId?: string | null;
	},
): NormalizedThreeDsRedirect {
	const body = wireThreeDs.parse(raw);
	return {
		outcome: 'pending',
		approved: false,
		redirectUrl: body.redirect_url ?? body.url,
		merchantTxnRef: request.merchantTxnRef ?? null,
		amount: request.amount ?? null,
		currency: request.currency ?? null,
		merchantId: request.merchantId ?? null,
	};
}

/** Card numbers anywhere in a body, masked (for raw outputs and error details). CVCs are dropped. */
export function redactCardData<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry) => redactCardData(entry)) as T;
	if (!isObject(value)) return value;
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		if (/^(cvc|cvv|cvv2|security_code)$/i.test(key)) continue;
		if (/^(number|card_number|pan)$/i.test(key) && typeof entry === 'string') {
			copy[key] = maskCardNumber(entry);
		} else {
			copy[key] = redactCardData(entry);
		}
	}
	return copy as T;
}
