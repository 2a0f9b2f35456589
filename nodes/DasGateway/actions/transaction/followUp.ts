/** Capture and refund: the same request on different endpoints, and the body Cancel or Refund's refund shares. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { captureRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { followUpFields } from '../fields/followUp';
import { ParameterReader, outputFrom, resolveMerchantId, shapeAnswer, validateOrThrow, withoutBlanks } from '../shared';
import type { OperationModule, RunContext } from '../types';

/** Wire names of capture/refund that live in Additional Fields. */
export const followUpLabelOverrides = { currency: 'additionalFields.currency' };

/** transactionId, amount, merchant_id, notes (and currency, only to check the amount's decimals). */
export function followUpBody(read: ParameterReader, run: RunContext, amount: unknown, currency: string): IDataObject {
	return (
		withoutBlanks({
			transactionId: read.string('transactionId'),
			amount: amount as IDataObject[string],
			merchant_id: resolveMerchantId(read, run),
			notes: read.string('additionalFields.notes'),
			currency,
		}) ?? {}
	);
}

export function followUpOperation(operation: 'capture' | 'refund', amountDescription: string): OperationModule {
	const description = showOnlyFor('transaction', [operation], followUpFields(amountDescription));
	return {
		description,
		build(this: IExecuteFunctions, itemIndex: number, run: RunContext) {
			const read = new ParameterReader(this, itemIndex, run.fields);
			const body = followUpBody(
				read,
				run,
				read.raw<unknown>('amount', undefined),
				read.string('additionalFields.currency'),
			);
			const request = validateOrThrow(
				read,
				captureRequestSchema,
				body,
				read.properties,
				followUpLabelOverrides,
			) as IDataObject;
			const simplify = read.boolean('simplify', true);
			return {
				request: { endpoint: operation, body: request, itemIndex, transactionId: request.transactionId as string },
				then: (result) => outputFrom(result, (answer) => [shapeAnswer(simplify, answer, normalizeTransaction)]),
			};
		},
	};
}
