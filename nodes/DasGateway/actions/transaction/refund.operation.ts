import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { showOnlyFor } from '../fields/display';
import { followUpFields, sendFollowUp } from '../fields/followUp';

export const description = showOnlyFor('transaction', ['refund'], followUpFields('Amount to refund: at most what was captured and not yet refunded'));

/** Refunds (part of) a captured transaction or purchase. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendFollowUp(this, itemIndex, 'refund', description);
}
