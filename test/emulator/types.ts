/**
 * Public types of the local DasGateway emulator. Written from the API manual
 * (/work/shared/api), independently of nodes/ and credentials/.
 */

export type FaultKind =
	'timeout' | 'reset' | '500' | '502' | '503' | '504' | 'html' | 'malformed-json' | 'empty' | 'redirect';

export const FAULT_KINDS: readonly FaultKind[] = [
	'timeout',
	'reset',
	'500',
	'502',
	'503',
	'504',
	'html',
	'malformed-json',
	'empty',
	'redirect',
];

export interface WebhookOptions {
	/** Wait this long after the transaction before the first attempt. Default 0. */
	delayMs?: number;
	/** Extra identical copies of every webhook (each one its own delivery). Default 0. */
	duplicates?: number;
	/** Further attempts after a non-2xx answer or a network error. Default 2, at most 10. */
	retries?: number;
	/** Wait before retry n: retryBackoffMs * 2^(n-1). Default 250, at most 60000. */
	retryBackoffMs?: number;
	/** Give up one attempt after this long. Default 5000. */
	timeoutMs?: number;
}

export interface EmulatorOptions {
	/** 0 = random; main.ts uses DASGATEWAY_EMULATOR_PORT or 4010. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 'emulator-api-key'. */
	apiKey?: string;
	/** Default 'emulator-x-api-key'. */
	xApiKey?: string;
	/** Default 'EMU0000001' (10 chars: the capture/refund/void tables cap merchant_id at 10). */
	merchantId?: string;
	/** merchant_details.legal_name, default 'DasGateway Emulator Merchant Ltd.' */
	merchantName?: string;
	/** Added before every gateway call is answered: fixed, or uniformly random in [min, max]. */
	latencyMs?: number | { min: number; max: number };
	webhooks?: WebhookOptions;
	/** Applies to every gateway call (not control calls, not the 3DS/HPP pages). */
	fault?: FaultKind;
	/** The gateway's pushback: HTTP 429 with Retry-After, before the call is acted on. */
	rateLimit?: RateLimitOptions;
}

/** When gateway calls are refused with 429 (nothing changes for a refused call). */
export interface RateLimitOptions {
	/** Calls of the merchant already being answered beyond which a new one is refused. */
	maxInFlight?: number;
	/** Fraction (0 to 1) of calls refused, spread evenly (every 4th for 0.25). */
	refuseRatio?: number;
	/** Sent as Retry-After, in seconds (may be 0 or fractional). Default 1. */
	retryAfterSeconds?: number;
}

export interface FaultInjection {
	fault: FaultKind;
	/** Only requests with this HTTP method (case-insensitive). */
	method?: string;
	/** Only requests whose path after the base path contains this substring. */
	path?: string;
	/** How many matching requests get the fault. Default 1. */
	times?: number;
	/** 'after' = the call's state change happens, then the answer is lost. Default 'before'. */
	when?: 'before' | 'after';
}

export interface RecordedRequest {
	/** 1, 2, 3... in arrival order. */
	seq: number;
	at: string;
	method: string;
	/** Full path, base path included, without the query string. */
	path: string;
	query: string;
	/** Lower-case names; authorization and x-api-key are 'REDACTED'. */
	headers: Record<string, string>;
	/** Parsed JSON (card number masked, cvc removed), the raw text if it was not JSON, or undefined. */
	body: unknown;
	/** HTTP status answered; undefined while pending and for timeout/reset faults. */
	status?: number;
	/** The fault applied to this request, if any. */
	fault?: FaultKind;
	faultWhen?: 'before' | 'after';
	/** With when='after': the status the emulator would have answered. */
	lostStatus?: number;
	/** Refused with 429 by the rate limit: the gateway did not act on it. */
	throttled?: boolean;
}

export interface WebhookAttempt {
	status?: number;
	error?: string;
	at: string;
}

export interface WebhookDelivery {
	id: string;
	url: string;
	payload: unknown;
	attempts: WebhookAttempt[];
	delivered: boolean;
	/** true once delivered or once every attempt has failed. */
	settled: boolean;
	/** The transaction the webhook reports. */
	transactionId: string;
	/** 0 for the original, 1..n for the extra copies of the `duplicates` switch. */
	copy: number;
	/** Set on a delivery made by the redeliver control call. */
	redeliveryOf?: string;
}

export interface TransactionSnapshot {
	id: string;
	ref: number;
	type: 'PRE_AUTH' | 'CAPTURE' | 'REFUND' | 'VOID';
	channel: 'api' | '3ds' | 'hpp' | 'subscription';
	endpoint: string;
	approved: boolean;
	responseCode: number;
	amount: string;
	currency: string;
	merchantTxnRef: string;
	parentId?: string;
	/** PRE_AUTH: total captured so far; CAPTURE: its own amount. */
	capturedAmount: string;
	refundedAmount: string;
	voided: boolean;
	storedPaymentMethodId: string | null;
	subscriptionId?: string;
	cardNumber: string;
	scheme: string;
	timestamp: string;
}

export interface SubscriptionView {
	id: string;
	type: string;
	max_cycle_count: number | null;
	status: string;
	completed_payment_cycle: number;
	last_payment_status: string;
	next_payment_date: string | null;
	next_payment_cycle: number | null;
	subscription_plan_details: Record<string, unknown>;
	subscription_transcation_details: Array<Record<string, unknown>>;
}

export interface AdvanceOptions {
	/** 'decline' makes this cycle's charge fail (response_code 5). Default 'approve'. */
	outcome?: 'approve' | 'decline';
}

export interface RunningEmulator {
	/** e.g. http://127.0.0.1:4010 */
	url: string;
	port: number;
	apiKey: string;
	xApiKey: string;
	merchantId: string;
	/** base64(apiKey + ':') */
	encodedApiKey: string;
	close(): Promise<void>;
	/** Forget all state, requests, deliveries and queued faults (configuration stays). */
	reset(): void;
	configure(patch: Partial<Pick<EmulatorOptions, 'latencyMs' | 'webhooks' | 'fault' | 'rateLimit'>>): void;
	injectFault(f: FaultInjection): void;
	requests(): RecordedRequest[];
	deliveries(): WebhookDelivery[];
	/** Resolves once at least `count` deliveries are settled (delivered or out of attempts). Default timeout 5000 ms. */
	waitForDeliveries(count: number, timeoutMs?: number): Promise<WebhookDelivery[]>;
	/** Bills the next cycle. Rejects (err.status 404/412) for an unknown or non-ACTIVE subscription. */
	advanceSubscription(id: string, options?: AdvanceOptions): Promise<SubscriptionView>;
	transactions(): TransactionSnapshot[];
}
