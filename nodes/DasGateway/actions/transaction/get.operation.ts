import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { normalizeTransaction } from '../../gateway/normalize';
import { uuidSchema } from '../../gateway/schemas';
import { gatewayRequest } from '../../gateway/transport';
import { simplifyField, transactionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { parameter, shapeOutput, validateOrThrow } from '../shared';

export const description = showOnlyFor('transaction', ['get'], [transactionIdField, simplifyField]);

export const transactionIdRequestSchema = z.object({ transactionId: uuidSchema });

/** The status of any transaction (authorisation, capture, refund, void). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { transactionId } = validateOrThrow(this, transactionIdRequestSchema, { transactionId: parameter(this, 'transactionId', itemIndex, '') }, itemIndex, description);
	const answer = await gatewayRequest(this, { endpoint: 'transactionStatus', pathParams: { transactionId }, itemIndex });
	return [shapeOutput(this, itemIndex, answer, normalizeTransaction)];
}
