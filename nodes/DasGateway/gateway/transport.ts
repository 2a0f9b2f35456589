/**
 * The one way any node of this package talks to DasGateway. It resolves the base URL from the credential,
 * lets n8n add the keys (httpRequestWithAuthentication), retries only what is safe to repeat, and turns every
 * failure into a NodeApiError that names the call, the HTTP code and the gateway's decoded reason — never a key,
 * never a card number. It keeps no state between calls, so items can later be sent concurrently through it.
 */
import type {
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
import {
	API_BASE_PATH,
	CredentialConfigurationError,
	resolveBaseUrl,
	type GatewayCredentials,
} from './environment';
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
}

export interface TransportOptions {
	/** Per attempt, in milliseconds. */
	timeoutMs?: number;
	/** Attempts for calls that are safe to retry (reads). */
	maxAttempts?: number;
	/** First back-off delay; doubles each retry. */
	backoffMs?: number;
}

export interface GatewayAnswer {
	statusCode: number;
	body: IDataObject;
	/** True when the gateway refused the transaction itself (declined card, risk rule) rather than the call. */
	isDecline: boolean;
}

const DEFAULTS: Required<TransportOptions> = { timeoutMs: 60_000, maxAttempts: 3, backoffMs: 500 };

/** Network error codes meaning the request never reached the gateway: nothing can have been charged. */
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Codes meaning the request may have arrived but the answer was lost. */
const ANSWER_LOST_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export async function getGatewayCredentials(ctx: GatewayContext): Promise<GatewayCredentials> {
	return (await ctx.getCredentials(CREDENTIAL_NAME)) as unknown as GatewayCredentials;
}

/** The base URL for these credentials, as a NodeOperationError when the credential is misconfigured. */
export function baseUrlFor(ctx: GatewayContext, credentials: GatewayCredentials, itemIndex?: number): string {
	try {
		return resolveBaseUrl(credentials);
	} catch (error) {
		const message = error instanceof CredentialConfigurationError ? error.message : 'Invalid DasGateway Base URL';
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
	}
}

/** Contexts in their validation pass: every request is built and checked, none is sent. */
const validationPasses = new WeakSet<object>();

/** Raised at the wire during a validation pass: the request was built and passed every check. */
export class RequestReadyToSend extends Error {
	constructor() {
		super('Validation pass: request ready to send');
	}
}

/**
 * Runs `build` with sending switched off: it resolves when the item's request would be sent, and throws
 * whatever validation throws. Lets a node check all its items before any of them moves money.
 */
export async function checkWithoutSending(ctx: GatewayContext, build: () => Promise<unknown>): Promise<void> {
	validationPasses.add(ctx);
	let outcome: unknown;
	try {
		await build();
	} catch (error) {
		outcome = error;
	} finally {
		validationPasses.delete(ctx);
	}
	// The operation's own validation error (a NodeOperationError) goes to the caller; reaching the wire is success.
	if (outcome !== undefined && !(outcome instanceof RequestReadyToSend)) throw outcome;
}

/**
 * Sends one call. Resolves with the answer for 2xx and for declines (4xx carrying a transaction or a risk-rule
 * code); throws NodeApiError for everything else.
 */
export async function gatewayRequest(
	ctx: GatewayContext,
	request: GatewayRequest,
	options: TransportOptions = {},
): Promise<GatewayAnswer> {
	if (validationPasses.has(ctx)) throw new RequestReadyToSend();
	const settings = { ...DEFAULTS, ...options };
	const endpoint: Endpoint = ENDPOINTS[request.endpoint];
	const credentials = await getGatewayCredentials(ctx);
	const url = `${baseUrlFor(ctx, credentials, request.itemIndex)}${API_BASE_PATH}${endpointPath(endpoint, request.pathParams)}`;
	const httpOptions: IHttpRequestOptions = {
		method: endpoint.method,
		url,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
		...(endpoint.method === 'POST' ? { body: request.body ?? {} } : {}),
	};
	const attempts = endpoint.safeToRetry ? Math.max(1, settings.maxAttempts) : 1;

	for (let attempt = 1; ; attempt++) {
		let response: { statusCode: number; body: unknown };
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, httpOptions)) as {
				statusCode: number;
				body: unknown;
			};
		} catch (error) {
			const failure = describeNetworkFailure(error);
			if (attempt < attempts) {
				await sleep(settings.backoffMs * 2 ** (attempt - 1));
				continue;
			}
			throw networkError(ctx, endpoint, request, failure, attempt);
		}

		if (RETRYABLE_HTTP_STATUSES.has(response.statusCode) && attempt < attempts) {
			await sleep(settings.backoffMs * 2 ** (attempt - 1));
			continue;
		}
		return interpretResponse(ctx, endpoint, request, response.statusCode, response.body, attempt);
	}
}

interface NetworkFailure {
	code: string | null;
	delivered: 'no' | 'unknown';
	detail: string;
}

function describeNetworkFailure(error: unknown): NetworkFailure {
	const seen = new Set<unknown>();
	const codes: string[] = [];
	const messages: string[] = [];
	// n8n wraps the HTTP client's error; its code sits somewhere along the cause chain.
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current) && seen.size < 5) {
		seen.add(current);
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; context?: { code?: unknown } };
		for (const code of [candidate.code, candidate.context?.code]) {
			if (typeof code === 'string') codes.push(code);
		}
		if (typeof candidate.message === 'string') messages.push(candidate.message);
		current = candidate.cause;
	}
	const text = messages.join(' ');
	const code =
		codes.find((c) => NOT_DELIVERED_CODES.has(c) || ANSWER_LOST_CODES.has(c)) ??
		[...NOT_DELIVERED_CODES, ...ANSWER_LOST_CODES].find((c) => text.includes(c)) ??
		(/timeout|timed out/i.test(text) ? 'ETIMEDOUT' : /socket hang up/i.test(text) ? 'ECONNRESET' : codes[0] ?? null);
	return {
		code,
		delivered: code !== null && NOT_DELIVERED_CODES.has(code) ? 'no' : 'unknown',
		detail: networkFailureWords(code),
	};
}

/**
 * Plain words for a network code. The code itself must stay out of messages and out of the error object's `code`:
 * NodeApiError replaces any message mentioning ECONNREFUSED, ETIMEDOUT… with n8n's generic text, which would hide
 * "Outcome unknown" and the merchant_txn_ref.
 */
function networkFailureWords(code: string | null): string {
	switch (code) {
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
		case 'ESOCKETTIMEDOUT':
		case 'ERR_SOCKET_CONNECTION_TIMEOUT':
			return 'no answer in time';
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

function outcomeUnknownMessage(endpoint: Endpoint, request: GatewayRequest, why: string): { message: string; description: string } {
	const reference = request.merchantTxnRef ? ` (merchant_txn_ref "${request.merchantTxnRef}")` : '';
	return {
		message: `Outcome unknown while ${endpoint.label}${reference}: ${why}`,
		description:
			'The request may have reached DasGateway and moved money. It was not repeated automatically. ' +
			'Check the transaction (for example with Transaction → Get, or your DasGateway dashboard, using the merchant_txn_ref) ' +
			'before trying again. Running this node again for the same execution and item reuses the same merchant_txn_ref.',
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
): GatewayAnswer {
	const body = parseBody(rawBody);
	const itemIndex = request.itemIndex;

	if (body === null) {
		// HTML error pages, truncated JSON, empty bodies: nothing we can read.
		const what = statusCode >= 200 && statusCode < 300 ? 'an unreadable answer (not JSON)' : `HTTP ${statusCode} with an unreadable body`;
		if (endpoint.movesMoney && (statusCode < 400 || statusCode >= 500)) {
			throw new NodeApiError(ctx.getNode(), { httpCode: statusCode }, {
				...outcomeUnknownMessage(endpoint, request, `DasGateway sent ${what}`),
				httpCode: String(statusCode),
				itemIndex,
			});
		}
		const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
		throw new NodeApiError(ctx.getNode(), { httpCode: statusCode }, {
			message: `DasGateway sent ${what} while ${endpoint.label}${tried}`,
			description: HTTP_STATUS_MEANINGS[statusCode] ?? 'The gateway or a proxy in front of it answered with something other than JSON.',
			httpCode: String(statusCode),
			itemIndex,
		});
	}

	if (statusCode >= 200 && statusCode < 300) return { statusCode, body, isDecline: false };

	const gateway = (body.gateway_response ?? {}) as IDataObject;
	const gatewayCode = typeof gateway.code === 'string' ? gateway.code : null;
	const meaning = gatewayCode ? describeGatewayCode(gatewayCode, gateway.message as string | undefined) : null;
	if (statusCode >= 400 && statusCode < 500 && (looksLikeTransaction(body) || meaning?.refusal)) {
		return { statusCode, body, isDecline: true };
	}

	const gatewayMessage =
		meaning?.message ?? (typeof gateway.message === 'string' ? gateway.message : typeof body.message === 'string' ? body.message : null);
	const safeBody = redactCardData(body) as JsonObject;
	if (endpoint.movesMoney && statusCode >= 500) {
		throw new NodeApiError(ctx.getNode(), safeBody, {
			...outcomeUnknownMessage(endpoint, request, `HTTP ${statusCode} ${HTTP_STATUS_MEANINGS[statusCode] ?? ''}`.trim()),
			httpCode: String(statusCode),
			itemIndex,
		});
	}
	throw new NodeApiError(ctx.getNode(), safeBody, {
		message: `DasGateway answered HTTP ${statusCode} while ${endpoint.label}: ${gatewayMessage ?? HTTP_STATUS_MEANINGS[statusCode] ?? 'no reason given'}`,
		description: describeRefusal(statusCode, gatewayCode),
		httpCode: String(statusCode),
		itemIndex,
	});
}

function describeRefusal(statusCode: number, gatewayCode: string | null): string {
	const code = gatewayCode ? ` (gateway code ${gatewayCode})` : '';
	switch (statusCode) {
		case 401:
			return `HTTP 401 Unauthorized${code}: DasGateway rejected the credential. Check the API Key, its encoding, the X-API-Key and the Merchant ID.`;
		case 404:
			return `HTTP 404 Not Found${code}: DasGateway does not know this transaction or subscription id.`;
		case 412:
			return `HTTP 412 Precondition Failed${code}: the transaction or subscription is not in a state that allows this (for example capturing more than was authorised, refunding more than was captured, or voiding after capture).`;
		case 400:
			return `HTTP 400 Bad Request${code}: DasGateway did not accept the request as sent.`;
		default:
			return `HTTP ${statusCode} ${HTTP_STATUS_MEANINGS[statusCode] ?? ''}${code}`.trim();
	}
}
