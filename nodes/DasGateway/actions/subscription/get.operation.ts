import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendSubscriptionCall, subscriptionIdFields } from './changeState';

export const description = subscriptionIdFields('get');

/** Reads a subscription with its plan and payments. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendSubscriptionCall(this, itemIndex, 'getSubscription', description);
}
