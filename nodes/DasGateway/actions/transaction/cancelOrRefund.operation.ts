import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { captureRequestSchema, voidRequestSchema } from '../../gateway/schemas';
import { gatewayRequest, type GatewayAnswer } from '../../gateway/transport';
import { merchantIdField, simplifyField, transactionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { notesOption } from '../fields/followUp';
import { parameter, resolveMerchantId, shapeOutput, validateOrThrow, withoutBlanks } from '../shared';
import { transactionIdRequestSchema } from './get.operation';

export const description = showOnlyFor('transaction', ['cancelOrRefund'], [
	transactionIdField,
	merchantIdField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			notesOption,
			{
				displayName: 'Refund Amount',
				name: 'refundAmount',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Amount to refund when the payment was captured. Leave at 0 to refund the amount the transaction status reports.',
			},
		],
	},
	simplifyField,
]);

type CancelAction = 'void' | 'refund' | 'none';

/**
 * Takes the money back whatever state the payment is in: reads the status; an authorisation is voided; a capture
 * or purchase is refunded. If the void answers 412 because the authorisation was captured in the meantime, the
 * capture is refunded instead. Declined, voided or refunded transactions are left alone (cancelAction "none").
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { transactionId } = validateOrThrow(this, transactionIdRequestSchema, { transactionId: parameter(this, 'transactionId', itemIndex, '') }, itemIndex, description);
	const merchantId = await resolveMerchantId(this, itemIndex);
	const statusAnswer = await gatewayRequest(this, { endpoint: 'transactionStatus', pathParams: { transactionId }, itemIndex });
	const status = normalizeTransaction(statusAnswer.body);
	const result = (answer: GatewayAnswer, cancelAction: CancelAction) => [{ ...shapeOutput(this, itemIndex, answer, normalizeTransaction), cancelAction }];

	if (!status.approved || status.transactionType === 'VOID' || status.transactionType === 'REFUND') return result(statusAnswer, 'none');

	if (status.transactionType === 'PRE_AUTH') {
		const voidRequest = validateOrThrow(this, voidRequestSchema, { transactionId, merchant_id: merchantId }, itemIndex, description);
		let voidFailure: unknown;
		const voided = await gatewayRequest(this, { endpoint: 'void', body: voidRequest, itemIndex }).catch((error: unknown) => {
			voidFailure = error;
			return null;
		});
		if (voided) return result(voided, 'void');
		// 412: captured since the status was read (or before: the status call does not say); refund below.
		if (!(voidFailure instanceof NodeApiError) || voidFailure.httpCode !== '412') throw voidFailure;
	}

	const refundAmount = parameter<number>(this, 'additionalFields.refundAmount', itemIndex, 0);
	const refundBody = withoutBlanks({
		transactionId,
		amount: refundAmount > 0 ? refundAmount : (status.amount ?? undefined),
		merchant_id: merchantId,
		notes: parameter(this, 'additionalFields.notes', itemIndex, ''),
		currency: status.currency ?? undefined,
	});
	const refundRequest = validateOrThrow(this, captureRequestSchema, refundBody ?? {}, itemIndex, description, { amount: 'additionalFields.refundAmount' }) as IDataObject;
	return result(await gatewayRequest(this, { endpoint: 'refund', body: refundRequest, itemIndex }), 'refund');
}
