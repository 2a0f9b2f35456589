/**
 * Every answer the trigger gives is JSON `{ received, started, reason? }` (or a 302 for the shopper's return),
 * written straight onto n8n's response object. The node then returns `noWebhookResponse: true` so n8n does not
 * answer a second time, plus `workflowData` only when an execution must start. This is how n8n's own Webhook
 * node answers its 401/403 cases (`res.status(...)…; return { noWebhookResponse: true }`), and n8n's
 * handleImmediateWebhookResponse starts the workflow whenever `workflowData` is present even with
 * `noWebhookResponse` set.
 */
import type { INodeExecutionData, IWebhookResponseData } from 'n8n-workflow';

export interface TriggerAnswerBody {
	received: boolean;
	started: boolean;
	reason?: string;
}

/** The part of express.Response the trigger uses (kept small so tests can fake it). */
export interface MinimalResponse {
	status(code: number): MinimalResponse;
	json(body: unknown): unknown;
	redirect(status: number, url: string): unknown;
}

export interface Answer {
	status: number;
	body: TriggerAnswerBody;
}

export function answer(status: number, received: boolean, reason?: string): Answer {
	return { status, body: { received, started: false, ...(reason ? { reason } : {}) } };
}

/** Writes a JSON answer; starts the workflow when items are given. */
export function sendJson(res: MinimalResponse, result: Answer, items?: INodeExecutionData[]): IWebhookResponseData {
	const started = items !== undefined && items.length > 0;
	res.status(result.status).json({ ...result.body, started });
	return started ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
}

/** Sends the shopper's browser on with a 302; starts the workflow when items are given. */
export function sendRedirect(res: MinimalResponse, url: string, items?: INodeExecutionData[]): IWebhookResponseData {
	res.redirect(302, url);
	return items !== undefined && items.length > 0
		? { noWebhookResponse: true, workflowData: [items] }
		: { noWebhookResponse: true };
}
