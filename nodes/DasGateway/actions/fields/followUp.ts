/** Capture and refund: the same fields (descriptions only; the request is built in transaction/followUp.ts). */
import type { INodeProperties } from 'n8n-workflow';

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
