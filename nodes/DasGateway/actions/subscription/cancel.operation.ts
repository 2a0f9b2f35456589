import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendSubscriptionCall, subscriptionIdFields } from './changeState';

export const description = subscriptionIdFields('cancel');

/** Ends the subscription for good. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendSubscriptionCall(this, itemIndex, 'cancelSubscription', description);
}
