/** Plumbing shared by every operation: reading parameters, merchant defaults, references, validation, output. */
import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

import { redactCardData } from '../gateway/normalize';
import { validateRequest } from '../gateway/schemas';
import { getGatewayCredentials, type GatewayAnswer } from '../gateway/transport';
import { labelForWirePath } from './fields/wirePaths';

/**
 * A parameter, or `fallback` when the editor hides it (n8n drops hidden parameters). n8n's getNodeParameter
 * throws "Could not get parameter" for an absent parameter when the fallback is `undefined` (e.g. an empty
 * Shipping Address, stored as `{}`), so `undefined` is asked for as `null` and given back as `undefined`.
 */
export function parameter<T>(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: T): T {
	if (fallback !== undefined) return ctx.getNodeParameter(name, itemIndex, fallback) as T;
	const value = ctx.getNodeParameter(name, itemIndex, null) as T | null;
	return (value === null ? undefined : value) as T;
}

/** Drops empty strings, undefined and empty objects, recursively: what the user left blank is not sent. */
export function withoutBlanks(value: IDataObject): IDataObject | undefined {
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry === undefined || entry === null) continue;
		if (typeof entry === 'string' && entry.trim() === '') continue;
		if (typeof entry === 'object' && !Array.isArray(entry)) {
			const nested = withoutBlanks(entry as IDataObject);
			if (nested !== undefined) result[key] = nested;
			continue;
		}
		result[key] = entry;
	}
	return Object.keys(result).length > 0 ? result : undefined;
}

/** The Merchant ID parameter, else the credential's; an error naming both when neither is set. */
export async function resolveMerchantId(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const fromParameter = String(parameter(ctx, 'merchantId', itemIndex, '') ?? '').trim();
	if (fromParameter) return fromParameter;
	const credentials = await getGatewayCredentials(ctx);
	const fromCredential = String(credentials.merchantId ?? '').trim();
	if (fromCredential) return fromCredential;
	throw new NodeOperationError(ctx.getNode(), `No merchant ID on item ${itemIndex}: set "Merchant ID" on the node or "Merchant ID" in the DasGateway credential`, {
		itemIndex,
		description: 'DasGateway needs your merchant ID (DASMID) on this call. Nothing was sent.',
	});
}

/**
 * The merchant_txn_ref for a call that moves money. Left empty, it is derived from the execution, the node and the
 * item: `n8n-` + the first 32 hex characters of sha256("executionId:nodeId:itemIndex"). n8n's Retry On Fail re-runs
 * the node inside the same execution, so the retry sends the same reference and DasGateway replays the first
 * answer instead of charging the item a second time. A new execution gets new references.
 */
export function resolveMerchantTxnRef(ctx: IExecuteFunctions, itemIndex: number): string {
	const given = String(parameter(ctx, 'merchantTxnRef', itemIndex, '') ?? '').trim();
	if (given) return given;
	return deterministicMerchantTxnRef(ctx.getExecutionId(), ctx.getNode().id, itemIndex);
}

export function deterministicMerchantTxnRef(executionId: string, nodeId: string, itemIndex: number): string {
	const digest = createHash('sha256').update(`${executionId}:${nodeId}:${itemIndex}`).digest('hex');
	return `n8n-${digest.slice(0, 32)}`;
}

/**
 * Runs a request schema; on failure throws a NodeOperationError naming the field as the editor shows it, the wire
 * name, the item and the rule. Nothing is sent for an item that fails.
 */
export function validateOrThrow<S extends z.ZodTypeAny>(
	ctx: IExecuteFunctions,
	schema: S,
	body: unknown,
	itemIndex: number,
	properties: INodeProperties[],
	labelOverrides: Record<string, string> = {},
): z.output<S> {
	const result = validateRequest(schema, body);
	if (result.ok) return result.data;
	const lines = result.issues.map(
		(issue) => `Invalid "${labelForWirePath(issue.path, properties, labelOverrides)}" (${issue.path}) on item ${itemIndex}: ${issue.message}`,
	);
	const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
	throw new NodeOperationError(ctx.getNode(), `${lines[0]}${more}`, {
		itemIndex,
		description: `Nothing was sent to DasGateway for this item.\n${lines.join('\n')}`,
	});
}

/** Simplify on → the normalized item; off → the gateway's body with card data masked. */
export function shapeOutput<T>(ctx: IExecuteFunctions, itemIndex: number, answer: GatewayAnswer, normalize: (body: IDataObject) => T): IDataObject {
	return parameter(ctx, 'simplify', itemIndex, true) ? (normalize(answer.body) as unknown as IDataObject) : redactCardData(answer.body);
}
