/** Capture and refund: the same fields and the same request, on different endpoints. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { EndpointName } from '../../gateway/endpoints';
import { normalizeTransaction } from '../../gateway/normalize';
import { captureRequestSchema } from '../../gateway/schemas';
import { gatewayRequest } from '../../gateway/transport';
import { parameter, resolveMerchantId, shapeOutput, validateOrThrow, withoutBlanks } from '../shared';
import { amountField, merchantIdField, simplifyField, transactionIdField } from './common';

export const notesOption: INodeProperties = {
	displayName: 'Notes',
	name: 'notes',
	type: 'string',
	default: '',
	description: 'Note stored with the transaction (at most 128 characters)',
};

export function followUpFields(amountDescription: string): INodeProperties[] {
	return [
		transactionIdField,
		{ ...amountField, description: amountDescription },
		merchantIdField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Currency',
					name: 'currency',
					type: 'string',
					default: '',
					placeholder: 'USD',
					description: "The transaction's currency, only to check the amount's decimals before sending (DasGateway does not take it here)",
				},
				notesOption,
			],
		},
		simplifyField,
	];
}

/** Wire names of capture/refund that live in Additional Fields. */
export const followUpLabelOverrides = { currency: 'additionalFields.currency' };

export async function sendFollowUp(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: Extract<EndpointName, 'capture' | 'refund'>,
	description: INodeProperties[],
	amount: unknown = parameter<unknown>(ctx, 'amount', itemIndex, undefined),
): Promise<IDataObject[]> {
	const body = withoutBlanks({
		transactionId: parameter(ctx, 'transactionId', itemIndex, ''),
		amount: amount as IDataObject[string],
		merchant_id: await resolveMerchantId(ctx, itemIndex),
		notes: parameter(ctx, 'additionalFields.notes', itemIndex, ''),
		currency: parameter(ctx, 'additionalFields.currency', itemIndex, ''),
	});
	const request = validateOrThrow(ctx, captureRequestSchema, body ?? {}, itemIndex, description, followUpLabelOverrides) as IDataObject;
	const answer = await gatewayRequest(ctx, { endpoint, body: request, itemIndex });
	return [shapeOutput(ctx, itemIndex, answer, normalizeTransaction)];
}
