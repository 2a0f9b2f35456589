import type { IDataObject, IHttpRequestOptions, IWebhookResponseData } from 'n8n-workflow';

import { DasGatewayTrigger } from '../../../nodes/DasGateway/DasGatewayTrigger.node';
import { clearSeenEvents } from '../../../nodes/DasGateway/trigger/dedupe';
import {
	clearWorkflowStaticData,
	createWebhookContext,
	type FakeRequest,
	type HttpStub,
	type WebhookContextOptions,
} from '../../helpers/webhookContext';

export const node = new DasGatewayTrigger();

/** Canned /transaction/status answers by transaction id; anything else is the gateway's 404. */
export function statusStub(records: Record<string, { statusCode?: number; body: unknown }>): HttpStub {
	return async (options: IHttpRequestOptions) => {
		const id = decodeURIComponent(options.url.split('/').pop() ?? '');
		const hit = records[id];
		if (!hit) {
			return {
				statusCode: 404,
				body: {
					success: false,
					status_code: 404,
					gateway_response: { type: 'ERROR', code: 'ERR0404', message: `Transaction ${id} not found` },
				},
			};
		}
		return { statusCode: hit.statusCode ?? 200, body: JSON.parse(JSON.stringify(hit.body)) };
	};
}

export interface RunResult {
	status: number | null;
	body: { received: boolean; started: boolean; reason?: string };
	redirect: { status: number; url: string } | null;
	items: IDataObject[];
	result: IWebhookResponseData;
	gatewayCalls: number;
	answers: number;
}

/** Posts `payload` (as raw JSON bytes, like n8n) to the trigger's notification webhook. */
export async function post(
	payload: unknown,
	options: Omit<WebhookContextOptions, 'request'> & { request?: Partial<FakeRequest> } = {},
): Promise<RunResult> {
	const rawBody = typeof payload === 'string' ? payload : JSON.stringify(payload);
	return run({ ...options, request: { rawBody, ...(options.request ?? {}), webhookName: 'default' } });
}

/** The shopper's browser returning with ?transaction_reference=… */
export async function returnWith(
	reference: string | undefined,
	options: Omit<WebhookContextOptions, 'request'> = {},
): Promise<RunResult> {
	return run({
		...options,
		request: {
			webhookName: 'redirect',
			method: 'GET',
			query: reference === undefined ? {} : { transaction_reference: reference },
		},
	});
}

export async function run(options: WebhookContextOptions & { runFails?: boolean }): Promise<RunResult> {
	const { ctx, response, calls, complete } = createWebhookContext(options);
	const result = await node.webhook.call(ctx);
	complete(result, { runFails: options.runFails });
	const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
	return {
		status: response.statusCode,
		body: response.body as RunResult['body'],
		redirect: response.redirect,
		items,
		result,
		gatewayCalls: calls.length,
		answers: response.answers,
	};
}

export const noVerification = { options: { verifyWithGateway: false } };

/** A fresh n8n: process memory and the database's static data both empty. */
export function resetMemory(): void {
	clearSeenEvents();
	clearWorkflowStaticData();
}

/** A restart: the process memory is gone, the database (static data) stays. */
export function restartProcess(): void {
	clearSeenEvents();
}
