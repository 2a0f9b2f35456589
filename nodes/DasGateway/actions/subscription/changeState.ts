/** Get, Pause, Resume and Cancel: one subscription id in, the subscription out. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { EndpointName } from '../../gateway/endpoints';
import { normalizeSubscriptionList, redactCardData } from '../../gateway/normalize';
import { uuidSchema } from '../../gateway/schemas';
import { gatewayRequest } from '../../gateway/transport';
import { simplifyField, subscriptionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { parameter, validateOrThrow } from '../shared';

export function subscriptionIdFields(operation: string): INodeProperties[] {
	return showOnlyFor('subscription', [operation], [subscriptionIdField, simplifyField]);
}

const subscriptionIdRequestSchema = z.object({ subscriptionId: uuidSchema });

/** subscription_details is an array (details) or an object (pause/resume/cancel): one item per subscription either way. */
export function subscriptionItems(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject): IDataObject[] {
	if (!parameter(ctx, 'simplify', itemIndex, true)) return [redactCardData(body)];
	return normalizeSubscriptionList(body) as unknown as IDataObject[];
}

export async function sendSubscriptionCall(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: Extract<EndpointName, 'getSubscription' | 'pauseSubscription' | 'resumeSubscription' | 'cancelSubscription'>,
	description: INodeProperties[],
): Promise<IDataObject[]> {
	const { subscriptionId } = validateOrThrow(
		ctx,
		subscriptionIdRequestSchema,
		{ subscriptionId: parameter(ctx, 'subscriptionId', itemIndex, '') },
		itemIndex,
		description,
		{ subscriptionId: 'subscriptionId' },
	);
	const answer = await gatewayRequest(ctx, { endpoint, pathParams: { subscriptionId }, itemIndex });
	return subscriptionItems(ctx, itemIndex, answer.body);
}
