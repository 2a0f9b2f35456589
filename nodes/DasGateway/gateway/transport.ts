/**
 * The one way any node of this package talks to DasGateway. It resolves the base URL from the credential,
 * lets n8n add the keys (httpRequestWithAuthentication), retries only what is safe to repeat, and turns every
 * failure into a NodeApiError that names the call, the HTTP code and the gateway's decoded reason — never a key,
 * never a card number. It keeps no state between calls, so items can later be sent concurrently through it.
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { HTTP_STATUS_MEANINGS, RETRYABLE_HTTP_STATUSES, describeGatewayCode } from './codes';
import { ENDPOINTS, endpointPath, type Endpoint, type EndpointName } from './endpoints';
import { API_BASE_PATH, CredentialConfigurationError, resolveBaseUrl, type GatewayCredentials } from './environment';
import { looksLikeTransaction, redactCardData } from './normalize';

export const CREDENTIAL_NAME = 'dasGatewayApi';

export type GatewayContext = IExecuteFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export interface GatewayRequest {
	endpoint: EndpointName;
	pathParams?: Record<string, string>;
	body?: IDataObject;
	/** For error messages and pairing. */
	itemIndex?: number;
	/** Quoted in "outcome unknown" errors so the user can look the payment up. */
	merchantTxnRef?: string;
	/** The transaction a capture, refund or void acts on: quoted in "outcome unknown" errors. */
	transactionId?: string;
}

export interface TransportOptions {
	/** Per attempt, in milliseconds. */
	timeoutMs?: number;
	/** Attempts for calls that are safe to retry (reads) after a network failure or 502/503/504. */
	maxAttempts?: number;
	/** First back-off delay; doubles each retry. */
	backoffMs?: number;
	/** Scheme, host and base path, when the caller resolved them once for many calls. */
	baseUrl?: string;
	/** HTTP 429 answers waited out and retried before giving up (the gateway refused: nothing moved). */
	maxThrottledRetries?: number;
	/** The longest single wait a Retry-After may ask for, in milliseconds. */
	maxRetryAfterMs?: number;
	/** Told of every 429, so a caller sending many requests can send fewer at once. */
	onThrottled?: () => void;
	/**
	 * The credential the caller already read for this run. n8n's helper then applies it as it is; without it, the
	 * helper reads the credential from n8n's database and decrypts it again for every call (in n8n 2.8.4 a large share
	 * of each request's CPU time: BENCHMARKS.md).
	 */
	credentials?: ICredentialsDecrypted;
}

export interface GatewayAnswer {
	statusCode: number;
	body: IDataObject;
	/** True when the gateway refused the transaction itself (declined card, risk rule) rather than the call. */
	isDecline: boolean;
}

/** What a call gave: the answer (2xx, or a decline), or the decoded failure. */
export type GatewayResult =
	{ ok: true; answer: GatewayAnswer } | { ok: false; error: NodeApiError | NodeOperationError };

export const DEFAULT_TIMEOUT_MS = 30_000;

const DEFAULTS: Required<Omit<TransportOptions, 'baseUrl' | 'onThrottled' | 'credentials'>> = {
	timeoutMs: DEFAULT_TIMEOUT_MS,
	maxAttempts: 3,
	backoffMs: 500,
	maxThrottledRetries: 8,
	maxRetryAfterMs: 30_000,
};

/** Without a Retry-After, a 429 is waited out this long (doubling). */
const THROTTLE_FALLBACK_MS = 1_000;

/** Network error codes meaning the request never reached the gateway: nothing can have been charged. */
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Codes meaning the request may have arrived but the answer was lost. */
const ANSWER_LOST_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export async function getGatewayCredentials(ctx: GatewayContext): Promise<GatewayCredentials> {
	return (await ctx.getCredentials(CREDENTIAL_NAME)) as unknown as GatewayCredentials;
}

/** The base URL (scheme, host, API base path) for these credentials; a NodeOperationError when misconfigured. */
export function baseUrlFor(ctx: GatewayContext, credentials: GatewayCredentials, itemIndex?: number): string {
	try {
		return `${resolveBaseUrl(credentials)}${API_BASE_PATH}`;
	} catch (error) {
		const message = error instanceof CredentialConfigurationError ? error.message : 'Invalid DasGateway Base URL';
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
	}
}

/** Sends one call and throws what `sendGatewayRequest` would return as a failure (for callers handling one call). */
export async function gatewayRequest(
	ctx: GatewayContext,
	request: GatewayRequest,
	options: TransportOptions = {},
): Promise<GatewayAnswer> {
	const result = await sendGatewayRequest(ctx, request, options);
	if (!result.ok) throw result.error;
	return result.answer;
}

/**
 * Sends one call. The answer for 2xx and for declines (4xx carrying a transaction or a risk-rule code); a decoded
 * NodeApiError for everything else. Reads are retried after a network failure or 502/503/504; a 429 (the gateway
 * refused the call, nothing moved) is waited out as its Retry-After says and sent again, money-moving calls too.
 */
export async function sendGatewayRequest(
	ctx: GatewayContext,
	request: GatewayRequest,
	options: TransportOptions = {},
): Promise<GatewayResult> {
	const settings = { ...DEFAULTS, ...options };
	const endpoint: Endpoint = ENDPOINTS[request.endpoint];
	// A misconfigured credential is not a failure of this call: it throws, as it would for every call.
	const baseUrl = options.baseUrl ?? baseUrlFor(ctx, await getGatewayCredentials(ctx), request.itemIndex);
	const httpOptions: IHttpRequestOptions = {
		method: endpoint.method,
		url: `${baseUrl}${endpointPath(endpoint, request.pathParams)}`,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect is an answer, never followed: following it would send the keys (and a payment) wherever it points.
		disableFollowRedirect: true,
		timeout: settings.timeoutMs,
		...(endpoint.method === 'POST' ? { body: request.body ?? {} } : {}),
	};
	const attempts = endpoint.safeToRetry ? Math.max(1, settings.maxAttempts) : 1;
	let attempt = 1;
	let throttled = 0;

	for (;;) {
		let response: { statusCode: number; body: unknown; headers?: Record<string, unknown> };
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_NAME,
				httpOptions,
				options.credentials ? { credentialsDecrypted: options.credentials } : undefined,
			)) as typeof response;
		} catch (error) {
			const failure = describeNetworkFailure(error, settings.timeoutMs);
			// A timeout is not retried: the read already waited as long as the user allowed.
			if (attempt < attempts && !failure.timedOut) {
				await sleep(settings.backoffMs * 2 ** (attempt - 1));
				attempt++;
				continue;
			}
			return { ok: false, error: networkError(ctx, endpoint, request, failure, attempt) };
		}

		if (response.statusCode === 429 && throttled < settings.maxThrottledRetries) {
			throttled++;
			options.onThrottled?.();
			await sleep(
				retryAfterMs(response.headers, THROTTLE_FALLBACK_MS * 2 ** (throttled - 1), settings.maxRetryAfterMs),
			);
			continue;
		}
		if (RETRYABLE_HTTP_STATUSES.has(response.statusCode) && attempt < attempts) {
			await sleep(retryAfterMs(response.headers, settings.backoffMs * 2 ** (attempt - 1), settings.maxRetryAfterMs));
			attempt++;
			continue;
		}
		if (response.statusCode >= 300 && response.statusCode < 400)
			return { ok: false, error: redirectError(ctx, endpoint, request, response.statusCode, response.headers) };
		return interpretResponse(ctx, endpoint, request, response.statusCode, response.body, attempt, throttled);
	}
}

/** A 3xx answer: not followed. A money-moving call may have been acted on before the redirect, so its outcome is unknown. */
function redirectError(
	ctx: GatewayContext,
	endpoint: Endpoint,
	request: GatewayRequest,
	statusCode: number,
	headers: Record<string, unknown> | undefined,
): NodeApiError {
	const location = headers?.location ?? headers?.Location;
	let target = '';
	if (typeof location === 'string') {
		try {
			// Scheme and host only: a path or query could carry anything.
			target = ` to ${new URL(location).origin}`;
		} catch {
			target = '';
		}
	}
	const what = `DasGateway answered with a redirect (HTTP ${statusCode}${target})`;
	const advice =
		'The node does not follow redirects, so the keys are never sent to another address. Check the Environment and Base URL of the DasGateway credential.';
	if (endpoint.movesMoney) {
		const unknown = outcomeUnknownMessage(endpoint, request, what);
		return new NodeApiError(
			ctx.getNode(),
			{ httpCode: statusCode },
			{
				message: unknown.message,
				description: `${unknown.description} ${advice}`,
				httpCode: String(statusCode),
				itemIndex: request.itemIndex,
			},
		);
	}
	return new NodeApiError(
		ctx.getNode(),
		{ httpCode: statusCode },
		{
			message: `${what} while ${endpoint.label}`,
			description: advice,
			httpCode: String(statusCode),
			itemIndex: request.itemIndex,
		},
	);
}

/** Retry-After in seconds or as an HTTP date; `fallbackMs` when absent or unreadable; never more than `capMs`. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, fallbackMs: number, capMs: number): number {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	const text = Array.isArray(raw)
		? String(raw[0])
		: typeof raw === 'string' || typeof raw === 'number'
			? String(raw).trim()
			: '';
	let waitMs = fallbackMs;
	if (/^\d+(\.\d+)?$/.test(text)) waitMs = Number(text) * 1000;
	else if (text) {
		const at = Date.parse(text);
		if (Number.isFinite(at)) waitMs = Math.max(0, at - Date.now());
	}
	return Math.min(Math.max(0, waitMs), capMs);
}

interface NetworkFailure {
	code: string | null;
	delivered: 'no' | 'unknown';
	timedOut: boolean;
	detail: string;
}

function describeNetworkFailure(error: unknown, timeoutMs: number): NetworkFailure {
	const seen = new Set<unknown>();
	const codes: string[] = [];
	const messages: string[] = [];
	// n8n wraps the HTTP client's error; its code sits somewhere along the cause chain.
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current) && seen.size < 5) {
		seen.add(current);
		const candidate = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			cause?: unknown;
			context?: { code?: unknown };
		};
		// n8n's request helper wraps the HTTP client's error in a NodeApiError whose httpCode is the network code.
		for (const code of [candidate.code, candidate.httpCode, candidate.context?.code]) {
			if (typeof code === 'string') codes.push(code);
		}
		if (typeof candidate.message === 'string') messages.push(candidate.message);
		current = candidate.cause;
	}
	const text = messages.join(' ');
	const code =
		codes.find((c) => NOT_DELIVERED_CODES.has(c) || ANSWER_LOST_CODES.has(c)) ??
		[...NOT_DELIVERED_CODES, ...ANSWER_LOST_CODES].find((c) => text.includes(c)) ??
		(/timeout|timed out/i.test(text) ? 'ETIMEDOUT' : /socket hang up/i.test(text) ? 'ECONNRESET' : (codes[0] ?? null));
	const timedOut = code !== null && TIMEOUT_CODES.has(code);
	return {
		code,
		delivered: code !== null && NOT_DELIVERED_CODES.has(code) ? 'no' : 'unknown',
		timedOut,
		detail: timedOut ? `no answer within ${formatSeconds(timeoutMs)}` : networkFailureWords(code),
	};
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/**
 * Plain words for a network code. The code itself must stay out of messages and out of the error object's `code`:
 * NodeApiError replaces any message mentioning ECONNREFUSED, ETIMEDOUT… with n8n's generic text, which would hide
 * "Outcome unknown" and the merchant_txn_ref.
 */
function networkFailureWords(code: string | null): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'the host is unreachable';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the connection was closed before the answer arrived';
		default:
			return 'network error';
	}
}

/** What a user can look a money-moving call up by: its merchant_txn_ref, or the transaction it acted on. */
function lookupHandle(request: GatewayRequest): { words: string; how: string } {
	if (request.merchantTxnRef) {
		return {
			words: ` (merchant_txn_ref "${request.merchantTxnRef}")`,
			how:
				'Look the payment up by its merchant_txn_ref in your DasGateway dashboard before trying again. ' +
				'Running this node again for the same execution and item reuses the same merchant_txn_ref, so DasGateway recognizes the repeat.',
		};
	}
	if (request.transactionId) {
		return {
			words: ` (transaction ${request.transactionId})`,
			how: `Read transaction ${request.transactionId} (Transaction → Get, or your DasGateway dashboard) to see whether it changed before trying again.`,
		};
	}
	return { words: '', how: 'Check your DasGateway dashboard before trying again.' };
}

function outcomeUnknownMessage(
	endpoint: Endpoint,
	request: GatewayRequest,
	why: string,
): { message: string; description: string } {
	const handle = lookupHandle(request);
	return {
		message: `Outcome unknown while ${endpoint.label}${handle.words}: ${why}`,
		description: `The request may have reached DasGateway and moved money. It was not repeated automatically. ${handle.how}`,
	};
}

function networkError(
	ctx: GatewayContext,
	endpoint: Endpoint,
	request: GatewayRequest,
	failure: NetworkFailure,
	attempts: number,
): NodeApiError {
	const errorObject: JsonObject = { networkCode: failure.code, delivered: failure.delivered, attempts };
	const codeNote = failure.code ? ` (network code ${failure.code})` : '';
	if (endpoint.movesMoney && failure.delivered === 'unknown') {
		const unknown = outcomeUnknownMessage(endpoint, request, failure.detail);
		return new NodeApiError(ctx.getNode(), errorObject, {
			message: unknown.message,
			description: `${unknown.description}${codeNote}`,
			itemIndex: request.itemIndex,
		});
	}
	const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
	return new NodeApiError(ctx.getNode(), errorObject, {
		message: `DasGateway could not be reached while ${endpoint.label}: ${failure.detail}${tried}`,
		description:
			(failure.delivered === 'no'
				? 'The request never reached DasGateway, so nothing was changed. Check the Base URL of the credential and the network.'
				: 'Check the Base URL of the credential and the network, then try again.') + codeNote,
		itemIndex: request.itemIndex,
	});
}

function parseBody(body: unknown): IDataObject | null {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body !== 'string' || body.trim() === '') return null;
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : null;
	} catch {
		return null;
	}
}

function interpretResponse(
	ctx: GatewayContext,
	endpoint: Endpoint,
	request: GatewayRequest,
	statusCode: number,
	rawBody: unknown,
	attempts: number,
	throttled: number,
): GatewayResult {
	const body = parseBody(rawBody);
	const itemIndex = request.itemIndex;
	const fail = (error: NodeApiError): GatewayResult => ({ ok: false, error });

	if (statusCode === 429) {
		return fail(
			new NodeApiError(
				ctx.getNode(),
				{ httpCode: statusCode },
				{
					message: `DasGateway kept refusing the call as too many requests (HTTP 429) while ${endpoint.label}, ${throttled} times`,
					description:
						'The gateway refused the call before acting on it, so nothing was changed or charged for this item. ' +
						'Lower the Concurrency option, or run the workflow again later.',
					httpCode: '429',
					itemIndex,
				},
			),
		);
	}

	if (body === null) {
		// HTML error pages, truncated JSON, empty bodies: nothing we can read.
		const what =
			statusCode >= 200 && statusCode < 300
				? 'an unreadable answer (not JSON)'
				: `HTTP ${statusCode} with an unreadable body`;
		if (endpoint.movesMoney && (statusCode < 400 || statusCode >= 500)) {
			return fail(
				new NodeApiError(
					ctx.getNode(),
					{ httpCode: statusCode },
					{
						...outcomeUnknownMessage(endpoint, request, `DasGateway sent ${what}`),
						httpCode: String(statusCode),
						itemIndex,
					},
				),
			);
		}
		const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
		const unreadable =
			'The gateway or a proxy in front of it answered with something other than the JSON DasGateway sends.';
		return fail(
			new NodeApiError(
				ctx.getNode(),
				{ httpCode: statusCode },
				{
					message: `DasGateway sent ${what} while ${endpoint.label}${tried}`,
					description:
						statusCode >= 400 && HTTP_STATUS_MEANINGS[statusCode]
							? `${HTTP_STATUS_MEANINGS[statusCode]}. ${unreadable}`
							: unreadable,
					httpCode: String(statusCode),
					itemIndex,
				},
			),
		);
	}

	if (statusCode >= 200 && statusCode < 300) return { ok: true, answer: { statusCode, body, isDecline: false } };

	const gateway = (body.gateway_response ?? {}) as IDataObject;
	const gatewayCode = typeof gateway.code === 'string' ? gateway.code : null;
	const meaning = gatewayCode ? describeGatewayCode(gatewayCode, gateway.message as string | undefined) : null;
	if (statusCode >= 400 && statusCode < 500 && (looksLikeTransaction(body) || meaning?.refusal)) {
		return { ok: true, answer: { statusCode, body, isDecline: true } };
	}

	const gatewayMessage =
		meaning?.message ??
		(typeof gateway.message === 'string' ? gateway.message : typeof body.message === 'string' ? body.message : null);
	const safeBody = redactCardData(body) as JsonObject;
	if (endpoint.movesMoney && statusCode >= 500) {
		return fail(
			new NodeApiError(ctx.getNode(), safeBody, {
				...outcomeUnknownMessage(
					endpoint,
					request,
					`HTTP ${statusCode} ${HTTP_STATUS_MEANINGS[statusCode] ?? ''}`.trim(),
				),
				httpCode: String(statusCode),
				itemIndex,
			}),
		);
	}
	return fail(
		new NodeApiError(ctx.getNode(), safeBody, {
			message: `DasGateway answered HTTP ${statusCode} while ${endpoint.label}: ${gatewayMessage ?? HTTP_STATUS_MEANINGS[statusCode] ?? 'no reason given'}`,
			description: describeRefusal(statusCode, gatewayCode),
			httpCode: String(statusCode),
			itemIndex,
		}),
	);
}

function describeRefusal(statusCode: number, gatewayCode: string | null): string {
	const code = gatewayCode ? ` (gateway code ${gatewayCode})` : '';
	switch (statusCode) {
		case 401:
			return `HTTP 401 Unauthorized${code}: DasGateway rejected the credential. Check the API Key, its encoding, the X-API-Key and the Merchant ID.`;
		case 404:
			return `HTTP 404 Not Found${code}: DasGateway does not know this transaction or subscription id.`;
		case 412:
			return `HTTP 412 Precondition Failed${code}: the transaction or subscription is not in a state that allows this (for example capturing more than was authorized, refunding more than was captured, or voiding after capture).`;
		case 400:
			return `HTTP 400 Bad Request${code}: DasGateway did not accept the request as sent.`;
		default:
			return `HTTP ${statusCode} ${HTTP_STATUS_MEANINGS[statusCode] ?? ''}${code}`.trim();
	}
}
