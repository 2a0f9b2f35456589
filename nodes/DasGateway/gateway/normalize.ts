/**
 * Any DasGateway body (transaction response, status, webhook, 3DS, hosted page, subscription) → the package's
 * public item shape. Parsing is lenient on purpose: the gateway's samples disagree with each other (string or
 * number amounts, `risk-details` or `risk_details`, billing in two places, arrays or objects), unknown fields
 * are ignored, and a field of an unexpected type becomes null rather than breaking the item.
 *
 * Wire data is read with small explicit readers rather than schemas: this runs for every item of a bulk run and
 * every webhook, and a schema library's per-call allocations cost more than the rest of the item's work.
 */
import { describeGatewayCode, describeResponseCode, type Outcome } from './codes';

// ---------- lenient readers ----------

type WireObject = Readonly<Record<string, unknown>>;

/** What a missing or non-object block reads as: every member absent. */
const NO_MEMBERS: WireObject = Object.freeze({});

const hasOwn = Object.prototype.hasOwnProperty;

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A member the body itself carries; never one inherited through a prototype. */
function member(body: WireObject, key: string): unknown {
	return hasOwn.call(body, key) ? body[key] : undefined;
}

/** A nested block; anything that is not an object reads as an empty block. */
function block(body: WireObject, key: string): WireObject {
	const value = member(body, key);
	return isObject(value) ? value : NO_MEMBERS;
}

const PLACEHOLDER = /^<[^>]*>$/;
const NOT_AVAILABLE = /^n\/a$/i;

/** The gateway's ways of saying "no value": '' and, in the status sample's phone numbers, "N/A". */
const isNoValue = (value: string) => value === '' || NOT_AVAILABLE.test(value);

/** string | number → trimmed string; '', 'N/A', null, undefined, '<placeholder>' and other types → null. */
function text(value: unknown): string | null {
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return isNoValue(trimmed) || PLACEHOLDER.test(trimmed) ? null : trimmed;
}

/** number | numeric string → number; anything else → null. */
function numeric(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	if (trimmed === '') return null;
	const parsed = Number(trimmed);
	return Number.isFinite(parsed) ? parsed : null;
}

/** boolean | 'true' | 'false' | 1 | 0 → boolean; anything else → null. */
function flag(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1) return true;
	if (value === 'false' || value === 0) return false;
	return null;
}

const textAt = (body: WireObject, key: string) => text(member(body, key));
const numericAt = (body: WireObject, key: string) => numeric(member(body, key));

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

function normalizeAddress(value: unknown): NormalizedAddress | null {
	if (!isObject(value)) return null;
	const normalized: NormalizedAddress = {
		country: textAt(value, 'country'),
		email: textAt(value, 'email'),
		phone: textAt(value, 'phone_number') ?? textAt(value, 'phone'),
		address1: textAt(value, 'address1'),
		address2: textAt(value, 'address2'),
		city: textAt(value, 'city'),
		state: textAt(value, 'state'),
		postalCode: textAt(value, 'postal_code'),
	};
	return Object.values(normalized).some((v) => v !== null) ? normalized : null;
}

/** Billing sits in merchant_details (responses, webhooks), transaction_details (status) or at the top. */
function findBillingDetails(merchant: WireObject, details: WireObject, body: WireObject): WireObject | null {
	const candidate = [
		member(merchant, 'billing_details'),
		member(details, 'billing_details'),
		member(body, 'billing_details'),
	].find(isObject);
	return candidate ?? null;
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

/** The names each 3DS value goes by, first match wins. */
const THREE_DS_NAMES = {
	eci: ['eci', 'ECI'],
	status: ['status', 'trans_status', 'transStatus', 'authentication_status', 'authenticationStatus'],
	version: ['version', 'threeDSVersion', 'three_ds_version', 'message_version'],
	dsTransactionId: ['ds_transaction_id', 'dsTransID', 'dsTransactionId', 'ds_trans_id'],
	acsTransactionId: ['acs_transaction_id', 'acsTransID', 'acsTransactionId'],
} as const;

function firstText(body: WireObject, names: readonly string[]): string | null {
	for (const name of names) {
		const value = textAt(body, name);
		if (value !== null) return value;
	}
	return null;
}

/** A 3DS result block, if the gateway sent one (names vary between providers, so several are accepted). */
function findThreeDSecure(raw: WireObject): NormalizedThreeDSecure | null {
	const payment = member(raw, 'payment_details');
	const places: unknown[] = [raw, payment, member(raw, 'transaction_details')];
	if (isObject(payment)) places.push(member(payment, 'additional_data'));
	for (const place of places) {
		if (!isObject(place)) continue;
		for (const key of THREE_DS_KEYS) {
			const found = member(place, key);
			if (!isObject(found)) continue;
			const result: NormalizedThreeDSecure = {
				eci: firstText(found, THREE_DS_NAMES.eci),
				status: firstText(found, THREE_DS_NAMES.status),
				version: firstText(found, THREE_DS_NAMES.version),
				dsTransactionId: firstText(found, THREE_DS_NAMES.dsTransactionId),
				acsTransactionId: firstText(found, THREE_DS_NAMES.acsTransactionId),
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

/** What the outcome is decided from, as read from the body. */
interface OutcomeFacts {
	success: boolean | null;
	responseCode: number | null;
	responseDescription: string | null;
	gatewayCode: string | null;
	gatewayMessage: string | null;
	transactionId: string | null;
}

function decideOutcome(facts: OutcomeFacts): OutcomeDecision {
	const responseCode = facts.responseCode;
	const gatewayMeaning = facts.gatewayCode ? describeGatewayCode(facts.gatewayCode, facts.gatewayMessage) : null;
	const codeMeaning = responseCode === null ? null : describeResponseCode(responseCode);
	const responseMessage =
		codeMeaning && !codeMeaning.message.startsWith('Unknown response code')
			? codeMeaning.message
			: (facts.responseDescription ?? codeMeaning?.message ?? null);
	const gatewayMessage = gatewayMeaning?.message ?? facts.gatewayMessage;

	// A risk rule or validation refusal is a decline even when the acquirer code says 0 (it never got there).
	if (gatewayMeaning?.refusal) return { outcome: 'declined', retryable: false, responseMessage, gatewayMessage };
	if (codeMeaning) {
		const outcome = codeMeaning.outcome === 'approved' && facts.success === false ? 'error' : codeMeaning.outcome;
		return { outcome, retryable: codeMeaning.retryable, responseMessage, gatewayMessage };
	}
	if (facts.success === true) return { outcome: 'approved', retryable: false, responseMessage, gatewayMessage };
	if (gatewayMeaning && !gatewayMeaning.informational && facts.transactionId) {
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
	const body: WireObject = isObject(raw) ? raw : NO_MEMBERS;
	const merchant = block(body, 'merchant_details');
	const payment = block(body, 'payment_details');
	const details = block(body, 'transaction_details');
	const gateway = block(body, 'gateway_response');
	const wireCard = block(payment, 'card');
	const isLive = flag(member(body, 'is_live'));
	const responseCode = numericAt(payment, 'response_code');
	const responseDescription = textAt(payment, 'responseDescription');
	const gatewayCode = textAt(gateway, 'code');
	const transactionId = textAt(details, 'id');
	const decision = decideOutcome({
		success: flag(member(body, 'success')),
		responseCode,
		responseDescription,
		gatewayCode,
		gatewayMessage: textAt(gateway, 'message'),
		transactionId,
	});
	const billing = findBillingDetails(merchant, details, body);
	const merchantDevice = member(merchant, 'device_details');
	const bodyDevice = member(body, 'device_details');
	const device = isObject(merchantDevice) ? merchantDevice : isObject(bodyDevice) ? bodyDevice : NO_MEMBERS;
	const maskedNumber = maskCardNumber(textAt(wireCard, 'number'));
	const card: NormalizedCard = {
		scheme: textAt(payment, 'scheme'),
		name: textAt(wireCard, 'name'),
		maskedNumber,
		last4: lastFour(maskedNumber),
		expiryMonth: textAt(wireCard, 'exp_month'),
		expiryYear: textAt(wireCard, 'exp_year'),
	};
	const riskScore =
		numericAt(block(body, 'risk-details'), 'risk_score') ?? numericAt(block(body, 'risk_details'), 'risk_score');
	const currency = textAt(payment, 'currency');
	const subscription = firstSubscription(member(body, 'subscription_details'));

	return {
		transactionId,
		transactionType: textAt(body, 'transaction_type'),
		outcome: decision.outcome,
		approved: decision.outcome === 'approved',
		amount: numericAt(payment, 'amount'),
		currency: currency ? currency.toUpperCase() : null,
		merchantId: textAt(merchant, 'mid'),
		merchantName: textAt(merchant, 'legal_name'),
		merchantTxnRef: textAt(details, 'merchant_txn_ref') ?? textAt(merchant, 'merchant_txn_ref'),
		reference: textAt(details, 'ref'),
		authCode: textAt(payment, 'auth_code'),
		responseCode,
		responseMessage: decision.responseMessage,
		responseDescription,
		gatewayCode,
		gatewayMessage: decision.gatewayMessage,
		retryable: decision.retryable,
		isLive: isLive === true,
		timestamp: normalizeTimestamp(textAt(details, 'timestamp')),
		paymentMethod: textAt(payment, 'payment_method'),
		card: Object.values(card).some((v) => v !== null) ? card : null,
		storedPaymentMethodId: textAt(details, 'stored_payment_method_id'),
		riskScore,
		customerIp: textAt(device, 'customer_ip'),
		billingAddress: billing ? normalizeAddress(member(billing, 'billing_address')) : null,
		shippingAddress: billing ? normalizeAddress(member(billing, 'shipping_address')) : null,
		threeDSecure: findThreeDSecure(body),
		subscription: subscription ? normalizeSubscription(subscription, isLive) : null,
	};
}

function firstSubscription(value: unknown): Record<string, unknown> | null {
	if (Array.isArray(value)) return value.find(isObject) ?? null;
	return isObject(value) ? value : null;
}

/** One entry of `subscription_details` → the normalized subscription. */
export function normalizeSubscription(raw: unknown, isLive: boolean | null = null): NormalizedSubscription {
	const subscription: WireObject = isObject(raw) ? raw : NO_MEMBERS;
	const plan = block(subscription, 'subscription_plan_details');
	// Spelt "transcation" in every sample of the manual; the correct spelling is accepted too.
	const rawTransactions =
		member(subscription, 'subscription_transcation_details') ??
		member(subscription, 'subscription_transaction_details');
	const list = Array.isArray(rawTransactions) ? rawTransactions : isObject(rawTransactions) ? [rawTransactions] : [];
	return {
		subscriptionId: textAt(subscription, 'id'),
		type: textAt(subscription, 'type'),
		status: textAt(subscription, 'status'),
		maxCycles: numericAt(subscription, 'max_cycle_count'),
		completedCycles: numericAt(subscription, 'completed_payment_cycle'),
		nextPaymentCycle: numericAt(subscription, 'next_payment_cycle'),
		nextPaymentDate: normalizeTimestamp(textAt(subscription, 'next_payment_date')),
		lastPaymentStatus: textAt(subscription, 'last_payment_status'),
		isLive,
		plan: {
			name: textAt(plan, 'name'),
			description: textAt(plan, 'desc'),
			cycleType: normalizeCycleUnit(textAt(plan, 'billing_cycle_type')),
			cycleInterval: numericAt(plan, 'billing_cycle_interval'),
			amount: numericAt(plan, 'amount'),
			currency: textAt(plan, 'ccy'),
			trialDurationType: normalizeCycleUnit(textAt(plan, 'trial_period_duration_type')),
			trialDuration: numericAt(plan, 'trial_period_duration'),
			discountPercentage: numericAt(plan, 'plan_discount_percentage'),
			discountDuration: numericAt(plan, 'plan_discount_duration'),
		},
		transactions: list.filter(isObject).map((entry) => ({
			transactionId: textAt(entry, 'id'),
			reference: textAt(entry, 'ref'),
			cycle: numericAt(entry, 'cycle'),
			status: textAt(entry, 'status'),
			date: normalizeTimestamp(textAt(entry, 'transaction_date')),
			amount: numericAt(entry, 'amount'),
			currency: textAt(entry, 'ccy'),
			event: textAt(entry, 'event'),
		})),
	};
}

/** Any subscription answer (list, details: array; pause/resume/cancel/create: object) → a list. */
export function normalizeSubscriptionList(raw: unknown): NormalizedSubscription[] {
	const body: WireObject = isObject(raw) ? raw : NO_MEMBERS;
	const isLive = flag(member(body, 'is_live'));
	const details = member(body, 'subscription_details');
	const entries = Array.isArray(details) ? details : isObject(details) ? [details] : [];
	return entries.filter(isObject).map((entry) => normalizeSubscription(entry, isLive));
}

/** The hosted payment page answer → link id and URL to send the shopper to. */
export function normalizeHostedPaymentLink(raw: unknown): NormalizedHostedPaymentLink {
	const link: WireObject = isObject(raw) ? raw : NO_MEMBERS;
	const returnUrl = block(link, 'return_url');
	return {
		linkId: textAt(link, 'id'),
		url: textAt(link, 'url'),
		outcome: 'pending',
		status: textAt(link, 'status'),
		isValid: flag(member(link, 'isValid')),
		amount: numericAt(link, 'amount'),
		currency: textAt(link, 'currency'),
		merchantId: textAt(link, 'merchant_id'),
		merchantEmail: textAt(link, 'merchant_email'),
		merchantTxnRef: textAt(link, 'merchant_txn_ref'),
		returnUrls: {
			webhookUrl: textAt(returnUrl, 'webhook_url'),
			successUrl: textAt(returnUrl, 'success_url'),
			declineUrl: textAt(returnUrl, 'decline_url'),
			cancelUrl: textAt(returnUrl, 'cancel_url'),
		},
		billingAddress: normalizeAddress(member(link, 'billing_address')),
		shippingAddress: normalizeAddress(member(link, 'shipping_address')),
	};
}

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
	const body: WireObject = isObject(raw) ? raw : NO_MEMBERS;
	return {
		outcome: 'pending',
		approved: false,
		redirectUrl: textAt(body, 'redirect_url') ?? textAt(body, 'url'),
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
