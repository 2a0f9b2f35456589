/** Get, Pause, Resume and Cancel: one subscription id in, the subscription out. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { EndpointName } from '../../gateway/endpoints';
import { normalizeSubscriptionList, redactCardData } from '../../gateway/normalize';
import { uuidSchema } from '../../gateway/schemas';
import { simplifyField, subscriptionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { ParameterReader, outputFrom, validateOrThrow } from '../shared';
import type { OperationModule, RunContext } from '../types';

const subscriptionIdRequestSchema = z.object({ subscriptionId: uuidSchema });

/** subscription_details is an array (details) or an object (pause/resume/cancel): one item per subscription either way. */
export function subscriptionItems(simplify: boolean, body: IDataObject): IDataObject[] {
	if (!simplify) return [redactCardData(body)];
	return normalizeSubscriptionList(body) as unknown as IDataObject[];
}

/** The operation for one of the subscription-id calls. */
export function subscriptionIdOperation(
	operation: string,
	endpoint: Extract<
		EndpointName,
		'getSubscription' | 'pauseSubscription' | 'resumeSubscription' | 'cancelSubscription'
	>,
): OperationModule {
	const description: INodeProperties[] = showOnlyFor('subscription', [operation], [subscriptionIdField, simplifyField]);
	return {
		description,
		build(this: IExecuteFunctions, itemIndex: number, run: RunContext) {
			const read = new ParameterReader(this, itemIndex, run.fields);
			const { subscriptionId } = validateOrThrow(
				read,
				subscriptionIdRequestSchema,
				{ subscriptionId: read.string('subscriptionId') },
				read.properties,
				{
					subscriptionId: 'subscriptionId',
				},
			);
			const simplify = read.boolean('simplify', true);
			return {
				request: { endpoint, pathParams: { subscriptionId }, itemIndex },
				then: (result) => outputFrom(result, (answer) => subscriptionItems(simplify, answer.body)),
			};
		},
	};
}
