import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { paymentRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { paymentFields } from '../fields/payment';
import { sendPayment } from './sendPayment';

const fields = { savedCard: true, threeDs: false };

export const description = showOnlyFor('payment', ['authorize'], paymentFields(fields));

/** Reserves the amount on the card (PRE_AUTH); capture or void it later. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendPayment(this, itemIndex, { endpoint: 'authorize', schema: paymentRequestSchema, fields, description, normalize: normalizeTransaction });
}
