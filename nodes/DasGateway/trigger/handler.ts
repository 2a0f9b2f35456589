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
import { eventKey, seenEventsFor } from './dedupe';
import { readNotification } from './payload';
import { answer, sendJson, sendRedirect, type MinimalResponse } from './responses';
import { secretFromQuery, secretsMatch } from './secret';
import { filteredOutBecause, readSettings, type TriggerSettings } from './settings';
import { ipAllowed } from './source';
import { findMismatches, lookUpTransaction } from './verify';

export type EventSource = 'webhook' | 'redirect';

export type TriggerEvent = NormalizedTransaction & {
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

function memoryFor(ctx: IWebhookFunctions) {
	return seenEventsFor(String(ctx.getWorkflow().id ?? ''), ctx.getNode().id);
}

function toItem(record: NormalizedTransaction, verified: boolean, source: EventSource, receivedAt: string, raw: unknown): INodeExecutionData {
	const event: TriggerEvent = { ...record, verified, source, receivedAt, raw: redactCardData(raw ?? {}) as IDataObject };
	return { json: event as unknown as IDataObject };
}

/** POST: the gateway's notification. */
export async function handleNotification(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = new Date().toISOString();
	const settings = readSettings(ctx);
	const req = ctx.getRequestObject() as unknown as RequestLike;
	const res = ctx.getResponseObject() as unknown as MinimalResponse;

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
	const memory = memoryFor(ctx);
	const now = Date.now();
	// Cheap early answer for a copy of an event already started (no gateway call). The authoritative check is
	// the claim below, on the record that would be started.
	if (memory.has(eventKey(payload.transactionId, posted.transactionType, posted.outcome), now, settings.dedupeWindowMs)) {
		return sendJson(res, answer(200, true, 'Duplicate: this event was already received'));
	}

	let record = posted;
	if (settings.verifyWithGateway) {
		const lookup = await lookUpTransaction(ctx, payload.transactionId);
		if (lookup.kind === 'unknown') return sendJson(res, answer(403, false, `Not verified: ${lookup.reason}`));
		// 503 so that DasGateway delivers again later: nothing was started and nothing recorded.
		if (lookup.kind === 'unavailable') return sendJson(res, answer(503, false, lookup.reason));
		const mismatches = findMismatches(posted, lookup.record);
		if (mismatches.length > 0) {
			return sendJson(res, answer(403, false, `Not verified: the notification does not match DasGateway's record: ${mismatches.join('; ')}`));
		}
		record = lookup.record;
	}

	return startOnce(ctx, settings, record, settings.verifyWithGateway, 'webhook', receivedAt, payload.body, {
		onStarted: (items) => sendJson(res, answer(200, true), items),
		onSkipped: (reason) => sendJson(res, answer(200, true, reason)),
	});
}

interface Finish {
	onStarted(items: INodeExecutionData[]): IWebhookResponseData;
	onSkipped(reason: string): IWebhookResponseData;
}

/** Filters, then claims the event in the seen memory (synchronously), then starts it. */
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
	const key = eventKey(record.transactionId ?? '', record.transactionType, record.outcome);
	if (!memoryFor(ctx).claim(key, Date.now(), settings.dedupeWindowMs)) {
		return finish.onSkipped('Duplicate: this event was already received');
	}
	return finish.onStarted([toItem(record, verified, source, receivedAt, raw)]);
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

	const toPage = (approved: boolean, transactionId: string | null, reason: string | undefined, items?: INodeExecutionData[]) => {
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
	return startOnce(ctx, settings, record, true, 'redirect', receivedAt, lookup.body, {
		onStarted: (items) => toPage(record.approved, reference, undefined, items),
		onSkipped: (reason) => toPage(record.approved, reference, reason),
	});
}
