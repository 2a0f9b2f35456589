import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { showOnlyFor } from '../fields/display';
import { followUpFields, sendFollowUp } from '../fields/followUp';

export const description = showOnlyFor('transaction', ['capture'], followUpFields('Amount to capture: at most what is still authorised'));

/** Captures (part of) an authorisation. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendFollowUp(this, itemIndex, 'capture', description);
}
