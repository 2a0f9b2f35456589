/** The trigger's parameters, read once per request, with defaults and bounds. */
import type { IWebhookFunctions } from 'n8n-workflow';

import { parseAllowList, type AllowList } from './source';

export const TRANSACTION_TYPES = ['PRE_AUTH', 'CAPTURE', 'REFUND', 'VOID'] as const;
export const OUTCOMES = ['approved', 'declined', 'error'] as const;

export const DEFAULT_DEDUPE_WINDOW_MINUTES = 1440;
export const DEFAULT_MAX_BODY_KB = 64;

export interface TriggerSettings {
	transactionTypes: string[];
	outcomes: string[];
	successRedirectUrl: string;
	failureRedirectUrl: string;
	verifyWithGateway: boolean;
	sharedSecret: string;
	allowList: AllowList;
	dedupeWindowMs: number;
	maxBodyBytes: number;
}

const stringList = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];

function boundedNumber(value: unknown, fallback: number, min: number, max: number): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

export function readSettings(ctx: IWebhookFunctions): TriggerSettings {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return {
		transactionTypes: stringList(ctx.getNodeParameter('transactionTypes', [])).map((t) => t.toUpperCase()),
		outcomes: stringList(ctx.getNodeParameter('outcomes', [])).map((o) => o.toLowerCase()),
		successRedirectUrl: text(ctx.getNodeParameter('successRedirectUrl', '')),
		failureRedirectUrl: text(ctx.getNodeParameter('failureRedirectUrl', '')),
		verifyWithGateway: options.verifyWithGateway !== false,
		// Not trimmed: a secret is compared exactly as typed.
		sharedSecret: typeof options.sharedSecret === 'string' ? options.sharedSecret : '',
		allowList: parseAllowList(text(options.allowedIps)),
		dedupeWindowMs: boundedNumber(options.dedupeWindowMinutes, DEFAULT_DEDUPE_WINDOW_MINUTES, 0, 60 * 24 * 30) * 60_000,
		maxBodyBytes: Math.round(boundedNumber(options.maxBodyKb, DEFAULT_MAX_BODY_KB, 1, 16 * 1024) * 1024),
	};
}

/** Why an event is filtered out, or null when it passes. Empty lists mean "all". */
export function filteredOutBecause(
	settings: Pick<TriggerSettings, 'transactionTypes' | 'outcomes'>,
	event: { transactionType: string | null; outcome: string },
): string | null {
	const type = (event.transactionType ?? '').toUpperCase();
	if (settings.transactionTypes.length > 0 && !settings.transactionTypes.includes(type)) {
		return `Filtered out: transaction type ${type || 'none'} is not selected`;
	}
	if (settings.outcomes.length > 0 && !settings.outcomes.includes(event.outcome)) {
		return `Filtered out: outcome ${event.outcome} is not selected`;
	}
	return null;
}
