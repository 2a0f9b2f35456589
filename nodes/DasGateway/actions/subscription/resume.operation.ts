import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendSubscriptionCall, subscriptionIdFields } from './changeState';

export const description = subscriptionIdFields('resume');

/** Restarts billing of a paused subscription. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendSubscriptionCall(this, itemIndex, 'resumeSubscription', description);
}
