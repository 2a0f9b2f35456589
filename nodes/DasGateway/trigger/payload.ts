/**
 * Reading the notification body.
 *
 * What n8n (2.x, packages/cli webhook-helpers.ts → middlewares/body-parser.ts) does before this node runs:
 * - It reads the whole body into `req.rawBody` (a Buffer, gunzipped/inflated when Content-Encoding says so,
 *   capped by N8N_PAYLOAD_SIZE_MAX, default 16 MB) and parses it by Content-Type into `req.body`, which
 *   `getBodyData()` returns: application/json → JSON, text/plain → string, form → object, xml → object.
 *   For nodes of version 1 (this one) it does so for every content type; other types leave `req.body` empty
 *   ({}), but `rawBody` still holds the bytes.
 * - Malformed JSON sent as application/json never reaches the node: the parser throws
 *   UnprocessableRequestError("Failed to parse request body") and n8n answers 422 itself; no execution
 *   starts. Malformed JSON under any other content type (text/plain, none, octet-stream) does reach the node,
 *   and is answered 400 here.
 * So the raw bytes are the source of truth: they are size-checked and parsed here, and `getBodyData()` is only
 * a fallback when no raw body is available.
 */
import { z } from 'zod';

import { uuidSchema } from '../gateway/schemas';

/** Deeper bodies are refused with 400: every later walk over the body (masking card data) stays this shallow. */
export const MAX_DEPTH = 32;

/**
 * True when `value` nests objects/arrays more than `maxDepth` levels. Iterative (an explicit stack), so a hostile
 * body cannot overflow the call stack, and it stops at the first level too deep.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (current === null || typeof current !== 'object') continue;
		if (depth >= maxDepth) return true;
		for (const child of Object.values(current as Record<string, unknown>)) {
			if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
		}
	}
	return false;
}

const tooDeep = (maxDepth: number) => `Too deeply nested: more than ${maxDepth} levels of objects or arrays`;

export type PayloadResult =
	{ ok: true; body: Record<string, unknown>; transactionId: string } | { ok: false; reason: string };

/** The least a notification must be: an object whose transaction_details.id is a UUID; the rest passes through. */
export const notificationEnvelopeSchema = z
	.object({ transaction_details: z.object({ id: uuidSchema }).passthrough() })
	.passthrough();

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function byteLength(value: unknown): number {
	if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
	try {
		return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
	} catch {
		return Number.POSITIVE_INFINITY;
	}
}

/**
 * @param rawBody `req.rawBody` (Buffer or string), when n8n provides it
 * @param parsedBody what getBodyData() returns
 */
export function readNotification(rawBody: unknown, parsedBody: unknown, maxBytes: number): PayloadResult {
	let body: unknown;
	const raw = Buffer.isBuffer(rawBody) ? rawBody : typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : null;
	if (raw !== null && raw.length > 0) {
		if (raw.length > maxBytes)
			return { ok: false, reason: `Body too large: ${raw.length} bytes, the limit is ${maxBytes}` };
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch (error) {
			return { ok: false, reason: `Malformed JSON: ${(error as Error).message}` };
		}
	} else {
		// Before measuring: JSON.stringify recurses.
		if (nestedDeeperThan(parsedBody, MAX_DEPTH)) return { ok: false, reason: tooDeep(MAX_DEPTH) };
		if (byteLength(parsedBody) > maxBytes)
			return { ok: false, reason: `Body too large: the limit is ${maxBytes} bytes` };
		body = parsedBody;
		if (typeof body === 'string') {
			if (body.trim() === '') return { ok: false, reason: 'Empty body' };
			try {
				body = JSON.parse(body);
			} catch (error) {
				return { ok: false, reason: `Malformed JSON: ${(error as Error).message}` };
			}
		}
		if (isPlainObject(body) && Object.keys(body).length === 0) return { ok: false, reason: 'Empty body' };
	}
	if (nestedDeeperThan(body, MAX_DEPTH)) return { ok: false, reason: tooDeep(MAX_DEPTH) };
	if (!isPlainObject(body)) {
		const kind = body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
		return { ok: false, reason: `The body must be a JSON object, got ${kind}` };
	}
	const envelope = notificationEnvelopeSchema.safeParse(body);
	if (!envelope.success) {
		return { ok: false, reason: 'No transaction id: transaction_details.id must be a UUID' };
	}
	return { ok: true, body, transactionId: envelope.data.transaction_details.id };
}
