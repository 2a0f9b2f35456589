/**
 * Is a notification genuine? DasGateway signs nothing, so the only authority is the gateway itself: the
 * transaction is fetched with the merchant's own credential (GET /transaction/status/{id}) and the posted
 * facts must agree with the gateway's record. The workflow then receives the gateway's record, never the
 * posted one, so a forged body can at most make us look a real transaction up.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeTransaction, type NormalizedTransaction } from '../gateway/normalize';
import { gatewayRequest } from '../gateway/transport';

export type LookupResult =
	| { kind: 'found'; record: NormalizedTransaction; body: Record<string, unknown> }
	| { kind: 'unknown'; reason: string }
	| { kind: 'unavailable'; reason: string };

/** Fetches the gateway's record of a transaction. Never throws. */
export async function lookUpTransaction(ctx: IWebhookFunctions, transactionId: string): Promise<LookupResult> {
	try {
		// Short: DasGateway (or the shopper's browser) is waiting for our answer.
		const answer = await gatewayRequest(
			ctx,
			{ endpoint: 'transactionStatus', pathParams: { transactionId } },
			{ timeoutMs: 15_000, maxAttempts: 2, backoffMs: 300 },
		);
		const record = normalizeTransaction(answer.body);
		if (!record.transactionId || record.transactionId.toLowerCase() !== transactionId.toLowerCase()) {
			return {
				kind: 'unknown',
				reason: `DasGateway has no transaction ${transactionId} for this merchant (HTTP ${answer.statusCode})`,
			};
		}
		return { kind: 'found', record, body: answer.body };
	} catch (error) {
		const httpCode = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
		if (httpCode === 404 || httpCode === 400 || httpCode === 410) {
			return {
				kind: 'unknown',
				reason: `DasGateway has no transaction ${transactionId} for this merchant (HTTP ${httpCode})`,
			};
		}
		const message = error instanceof Error ? error.message : String(error);
		return { kind: 'unavailable', reason: `Could not check the transaction with DasGateway: ${message}` };
	}
}

const sameText = (a: string | null, b: string | null) =>
	(a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();

/** Amounts compared as numbers ("10.00" = 10), to the minor unit's precision. */
export const sameAmount = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/**
 * What in the posted notification disagrees with the gateway's record (empty = agrees).
 * - amount: required on both sides, compared numerically;
 * - currency: compared when both sides carry one (the manual's webhook sends currency null);
 * - transaction type: required on both sides;
 * - merchant reference: compared when either side carries one (one side missing it is a disagreement).
 */
export function findMismatches(posted: NormalizedTransaction, gateway: NormalizedTransaction): string[] {
	const problems: string[] = [];
	if (posted.amount === null) problems.push('the notification carries no amount');
	else if (gateway.amount === null) problems.push("the gateway's record carries no amount");
	else if (!sameAmount(posted.amount, gateway.amount))
		problems.push(`amount ${posted.amount} ≠ gateway's ${gateway.amount}`);

	if (posted.currency && gateway.currency && !sameText(posted.currency, gateway.currency)) {
		problems.push(`currency ${posted.currency} ≠ gateway's ${gateway.currency}`);
	}

	if (!posted.transactionType) problems.push('the notification carries no transaction type');
	else if (!sameText(posted.transactionType, gateway.transactionType)) {
		problems.push(`transaction type ${posted.transactionType} ≠ gateway's ${gateway.transactionType ?? 'none'}`);
	}

	if ((posted.merchantTxnRef || gateway.merchantTxnRef) && posted.merchantTxnRef !== gateway.merchantTxnRef) {
		problems.push(
			`merchant reference ${posted.merchantTxnRef ?? 'none'} ≠ gateway's ${gateway.merchantTxnRef ?? 'none'}`,
		);
	}
	return problems;
}
