/**
 * The two webhooks of the trigger:
 * - `default` (POST …/webhook): DasGateway's transaction notification;
 * - `redirect` (GET …/return): the shopper's browser coming back with ?transaction_reference=<id>.
 *
 * Both end in the same place: one execution per (transaction id, type, outcome) within the dedupe window,
 * whichever path saw it first, with the gateway's own record of the transaction.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { normalizeTransaction, redactCardData, type NormalizedTransaction } from '../gateway/normalize';
import { uuidSchema } from '../gateway/schemas';
import { DURABLE_KEY, eventKey, seenEventsFor } from './dedupe';
import { MAX_DEPTH, nestedDeeperThan, readNotification } from './payload';
import { answer, sendJson, sendRedirect, type MinimalResponse } from './responses';
import { secretFromQuery, secretsMatch } from './secret';
import { filteredOutBecause, readSettings, type TriggerSettings } from './settings';
import { ipAllowed } from './source';
import { findMismatches, lookUpTransaction } from './verify';

export type EventSource = 'webhook' | 'redirect';

export type TriggerEvent = NormalizedTransaction & {
	/** `<transaction id>|<TYPE>|<outcome>`: the same for every delivery of one event; key side effects on it. */
	eventId: string;
	verified: boolean;
	source: EventSource;
	receivedAt: string;
	raw: IDataObject;
};

interface RequestLike {
	rawBody?: unknown;
	ip?: string;
	socket?: { remoteAddress?: string };
}

/** The part of express.Response the claim watches: n8n's own answer tells whether it holds the execution. */
interface WatchableResponse {
	statusCode?: number;
	once?(event: 'finish', listener: () => void): unknown;
}

function memoryFor(ctx: IWebhookFunctions) {
	return seenEventsFor(String(ctx.getWorkflow().id ?? ''), ctx.getNode().id);
}

/** The node's static data (loaded fresh by n8n for this request), or null where n8n gives none. */
function staticDataFor(ctx: IWebhookFunctions): IDataObject | null {
	try {
		return ctx.getWorkflowStaticData('node');
	} catch {
		return null;
	}
}

/** The process memory, with the durable record of this request's static data merged in. */
function seenEvents(ctx: IWebhookFunctions, settings: TriggerSettings, now: number) {
	const memory = memoryFor(ctx);
	// Once per request: n8n loaded this request's static data once, at its start.
	if (settings.dedupeWindowMs > 0 && !mergedRequests.has(ctx)) {
		mergedRequests.add(ctx);
		memory.merge(staticDataFor(ctx)?.[DURABLE_KEY], now, settings.dedupeWindowMs);
	}
	return memory;
}

const mergedRequests = new WeakSet<IWebhookFunctions>();

/** Builds the item; may throw (it walks the raw body), so it runs before the claim. */
function toItem(
	record: NormalizedTransaction,
	verified: boolean,
	source: EventSource,
	receivedAt: string,
	raw: unknown,
): INodeExecutionData {
	if (nestedDeeperThan(raw, MAX_DEPTH)) throw new Error(`the transaction data is nested more than ${MAX_DEPTH} levels`);
	const eventId = eventKey(record.transactionId ?? '', record.transactionType, record.outcome);
	const event: TriggerEvent = {
		...record,
		eventId,
		verified,
		source,
		receivedAt,
		raw: redactCardData(raw ?? {}) as IDataObject,
	};
	return { json: event as unknown as IDataObject };
}

const DUPLICATE = 'Duplicate: this event was already received';

/** POST: the gateway's notification. Anything that throws before the claim is answered 500 and claims nothing. */
export async function handleNotification(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject() as unknown as MinimalResponse;
	try {
		return await receiveNotification(ctx, res);
	} catch (error) {
		return sendJson(res, answer(500, false, `Could not process the notification: ${(error as Error).message}`));
	}
}

async function receiveNotification(ctx: IWebhookFunctions, res: MinimalResponse): Promise<IWebhookResponseData> {
	const receivedAt = new Date().toISOString();
	const settings = readSettings(ctx);
	const req = ctx.getRequestObject() as unknown as RequestLike;

	const address = req.ip ?? req.socket?.remoteAddress ?? null;
	if (!ipAllowed(address, settings.allowList)) {
		return sendJson(res, answer(403, false, `Source address ${address ?? 'unknown'} is not in the allowed list`));
	}
	if (settings.sharedSecret !== '' && !secretsMatch(secretFromQuery(ctx.getQueryData()), settings.sharedSecret)) {
		return sendJson(res, answer(401, false, 'Missing or wrong secret in the webhook URL'));
	}

	const payload = readNotification(req.rawBody, ctx.getBodyData(), settings.maxBodyBytes);
	if (!payload.ok) return sendJson(res, answer(400, false, payload.reason));

	const posted = normalizeTransaction(payload.body);
	// Cheap early answer for a copy of an event already started (no gateway call). The authoritative check is
	// the claim, on the record that would be started.
	if (
		seenEvents(ctx, settings, Date.now()).has(
			eventKey(payload.transactionId, posted.transactionType, posted.outcome),
			Date.now(),
			settings.dedupeWindowMs,
		)
	) {
		return sendJson(res, answer(200, true, DUPLICATE));
	}

	let record = posted;
	if (settings.verifyWithGateway) {
		const lookup = await lookUpTransaction(ctx, payload.transactionId);
		if (lookup.kind === 'unknown') return sendJson(res, answer(403, false, `Not verified: ${lookup.reason}`));
		// 503 so that DasGateway delivers again later: nothing was started and nothing recorded.
		if (lookup.kind === 'unavailable') return sendJson(res, answer(503, false, lookup.reason));
		const mismatches = findMismatches(posted, lookup.record);
		if (mismatches.length > 0) {
			return sendJson(
				res,
				answer(
					403,
					false,
					`Not verified: the notification does not match DasGateway's record: ${mismatches.join('; ')}`,
				),
			);
		}
		record = lookup.record;
	}

	return startOnce(ctx, settings, record, settings.verifyWithGateway, 'webhook', receivedAt, payload.body, {
		// Not written here: n8n answers once it has stored (and, in queue mode, queued) the execution.
		onStarted: (items) => ({
			workflowData: [items],
			webhookResponse: { received: true, started: true },
		}),
		onSkipped: (reason) => sendJson(res, answer(200, true, reason)),
		// n8n answers 2xx after it holds the execution; a 5xx means it could not: the redelivery must start.
		watchAnswer: true,
	});
}

interface Finish {
	onStarted(items: INodeExecutionData[]): IWebhookResponseData;
	onSkipped(reason: string): IWebhookResponseData;
	/** Release the claim when n8n's own answer is a 5xx (only where n8n, not the node, answers). */
	watchAnswer: boolean;
}

/**
 * Filters, builds the item, then claims the event (synchronously, in process memory and in the durable
 * record of static data) and hands it to n8n. Nothing after the claim can fail.
 */
function startOnce(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	record: NormalizedTransaction,
	verified: boolean,
	source: EventSource,
	receivedAt: string,
	raw: unknown,
	finish: Finish,
): IWebhookResponseData {
	const filtered = filteredOutBecause(settings, record);
	if (filtered) return finish.onSkipped(filtered);
	const item = toItem(record, verified, source, receivedAt, raw);
	const key = item.json.eventId as string;
	const windowMs = settings.dedupeWindowMs;
	if (windowMs <= 0) return finish.onStarted([item]);

	const now = Date.now();
	const memory = seenEvents(ctx, settings, now);
	if (memory.has(key, now, windowMs)) return finish.onSkipped(DUPLICATE);
	const durable = memory.toDurable(now, windowMs, key);
	const staticData = staticDataFor(ctx);
	const res = ctx.getResponseObject() as unknown as WatchableResponse;

	// The claim: from here on nothing can throw.
	memory.claim(key, now, windowMs);
	if (staticData) staticData[DURABLE_KEY] = durable as unknown as IDataObject;
	if (finish.watchAnswer && typeof res.once === 'function') {
		res.once('finish', () => {
			if ((res.statusCode ?? 200) >= 500) memory.release(key, now);
			else memory.confirm(key);
		});
	} else {
		memory.confirm(key);
	}
	return finish.onStarted([item]);
}

/** Appends transaction_reference to the configured page, so the shop page can show the order. */
export function pageFor(base: string, transactionId: string | null): string | null {
	if (base === '') return null;
	try {
		const url = new URL(base);
		if (transactionId) url.searchParams.set('transaction_reference', transactionId);
		return url.toString();
	} catch {
		return null;
	}
}

/** GET: the shopper's browser returning after the hosted page or 3DS. */
export async function handleReturn(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = new Date().toISOString();
	const settings = readSettings(ctx);
	const res = ctx.getResponseObject() as unknown as MinimalResponse;
	const query = (ctx.getQueryData() ?? {}) as Record<string, unknown>;
	const reference = typeof query.transaction_reference === 'string' ? query.transaction_reference.trim() : '';

	const toPage = (
		approved: boolean,
		transactionId: string | null,
		reason: string | undefined,
		items?: INodeExecutionData[],
	) => {
		const page = pageFor(approved ? settings.successRedirectUrl : settings.failureRedirectUrl, transactionId);
		if (page) return sendRedirect(res, page, items);
		// No page configured: tell the browser in plain JSON rather than leave it hanging.
		return sendJson(res, answer(200, true, reason), items);
	};

	if (!uuidSchema.safeParse(reference).success) {
		return toPage(false, null, 'No transaction_reference (a transaction id) in the return URL');
	}
	const lookup = await lookUpTransaction(ctx, reference);
	if (lookup.kind !== 'found') return toPage(false, reference, lookup.reason);

	const record = lookup.record;
	try {
		return startOnce(ctx, settings, record, true, 'redirect', receivedAt, lookup.body, {
			onStarted: (items) => toPage(record.approved, reference, undefined, items),
			onSkipped: (reason) => toPage(record.approved, reference, reason),
			// The browser is answered at once (it must not wait for the run): n8n's answer says nothing here.
			watchAnswer: false,
		});
	} catch (error) {
		// Thrown before any claim: nothing recorded, the gateway's own notification still starts the event.
		return toPage(false, reference, `Could not process the transaction: ${(error as Error).message}`);
	}
}
