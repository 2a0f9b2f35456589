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

/**
 * Merchant ID, optional (the credential's is used when empty), for the Additional Fields of capture, refund, void and
 * cancel-or-refund: the build reads it by name wherever the running version's form keeps it.
 */
export const merchantIdOption: INodeProperties = { ...merchantIdField };

/**
 * Version 2's form: Transaction ID and Amount on top. No Currency: DasGateway does not take it on capture or refund
 * (version 1 asked for it only to check the amount's decimals).
 */
export function followUpFields(amountDescription: string): INodeProperties[] {
	return [
		transactionIdField,
		{ ...amountField, description: amountDescription },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [merchantIdOption, notesOption],
		},
		simplifyField,
	];
}
