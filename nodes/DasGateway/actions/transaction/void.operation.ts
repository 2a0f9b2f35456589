import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { voidRequestSchema } from '../../gateway/schemas';
import { gatewayRequest } from '../../gateway/transport';
import { merchantIdField, simplifyField, transactionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { parameter, resolveMerchantId, shapeOutput, validateOrThrow } from '../shared';

export const description = showOnlyFor('transaction', ['void'], [transactionIdField, merchantIdField, simplifyField]);

/** Releases an authorisation that has not been captured. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const body = { transactionId: parameter(this, 'transactionId', itemIndex, ''), merchant_id: await resolveMerchantId(this, itemIndex) };
	const request = validateOrThrow(this, voidRequestSchema, body, itemIndex, description);
	const answer = await gatewayRequest(this, { endpoint: 'void', body: request, itemIndex });
	return [shapeOutput(this, itemIndex, answer, normalizeTransaction)];
}
