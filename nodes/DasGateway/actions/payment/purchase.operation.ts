import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { paymentRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { paymentFields } from '../fields/payment';
import { sendPayment } from './sendPayment';

const fields = { savedCard: true, threeDs: false };

export const description = showOnlyFor('payment', ['purchase'], paymentFields(fields));

/** Charges the card at once (CAPTURE); can save the card, or charge a saved one. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendPayment(this, itemIndex, { endpoint: 'purchase', schema: paymentRequestSchema, fields, description, normalize: normalizeTransaction });
}
