/** The card-payment fields shared by Authorize, Purchase, Purchase 3DS and Subscription → Create (descriptions only). */
import type { INodeProperties } from 'n8n-workflow';

import { paymentAddressFields } from './address';
import { browserInfoField } from './browserInfo';
import { cardFields, cardOrSavedCardFields } from './card';
import { amountField, currencyField, customerIpField, merchantIdField, merchantTxnRefField, simplifyField, timeZoneField } from './common';
import { paymentReturnUrlsField, threeDsReturnUrlsField } from './returnUrls';

export interface PaymentFieldOptions {
	/** Pay with a saved card, or save the card (authorise, purchase, 3DS). */
	savedCard: boolean;
	/** 3D Secure: browser info, and success/decline URLs required. */
	threeDs: boolean;
	/** Extra fields placed after the card (the subscription plan). */
	extra?: INodeProperties[];
}

export const cardinalSessionIdOption: INodeProperties = {
	displayName: 'Cardinal Session ID',
	name: 'cardinalSessionId',
	type: 'string',
	default: '',
	description: 'Cardinal Commerce session ID, when your 3D Secure set-up uses one',
};

export function paymentFields(options: PaymentFieldOptions): INodeProperties[] {
	return [
		amountField,
		currencyField,
		...(options.savedCard ? cardOrSavedCardFields : cardFields),
		...(options.extra ?? []),
		customerIpField,
		timeZoneField,
		...paymentAddressFields,
		options.threeDs ? threeDsReturnUrlsField : paymentReturnUrlsField,
		...(options.threeDs ? [browserInfoField] : []),
		merchantIdField,
		merchantTxnRefField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [cardinalSessionIdOption],
		},
		simplifyField,
	];
}
