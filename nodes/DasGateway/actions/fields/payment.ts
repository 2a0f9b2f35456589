/**
 * Version 2's card-payment forms (descriptions only): Authorize, Purchase, Purchase With 3D Secure and
 * Subscription → Create. On top, what the call needs; everything optional under Additional Fields.
 * The request is built in payment/body.ts, which reads each field by name wherever the form keeps it.
 */
import type { INodeProperties } from 'n8n-workflow';

import { paymentBillingAddressField, paymentShippingAddressField } from './address';
import { browserInfoField } from './browserInfo';
import { cardFields, cardOrSavedCardFields } from './card';
import { customerIpField, merchantIdField, merchantTxnRefField, simplifyField } from './common';
import { CURRENCY_OPTIONS, TIME_ZONE_OPTIONS } from './pickLists';
import {
	declineUrlField,
	successUrlField,
	threeDsDeclineUrlField,
	threeDsSuccessUrlField,
	webhookUrlField,
} from './returnUrls';

export interface PaymentFieldOptions {
	/** Pay with a saved card, or save the card (authorize, purchase). */
	savedCard: boolean;
	/** 3D Secure: card only, success/decline URLs required, browser info, time zone optional. */
	threeDs: boolean;
	/** Extra fields placed after the card (the subscription plan). */
	extra?: INodeProperties[];
}

/**
 * Amount as text: empty until filled, so the editor flags it as missing (n8n flags no number field), and sent as the
 * exact decimal typed. A number from an expression is taken too.
 */
export const paymentAmountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'string',
	required: true,
	default: '',
	placeholder: '10.50',
	description:
		"Amount in the currency's major unit, e.g. 10.50 for ten dollars fifty; no more decimals than the currency has (JPY none, USD two)",
};

export const currencyPickField: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'options',
	options: CURRENCY_OPTIONS,
	required: true,
	default: '',
	description:
		'Currency of the amount (ISO 4217 code). Choose from the list, or specify a code using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const timeZoneDescription =
	'IANA time zone of the transaction. Choose from the list, or specify a zone using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** Authorize, Purchase and Subscription → Create: the manual requires time_zone. */
export const timeZonePickField: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timeZone',
	type: 'options',
	options: TIME_ZONE_OPTIONS,
	required: true,
	default: '',
	description: timeZoneDescription,
};

/** 3D Secure: the 3DS manual does not require time_zone, so it is an additional field. */
const optionalTimeZoneField: INodeProperties = { ...timeZonePickField, required: false, default: 'UTC' };

export const cardinalSessionIdOption: INodeProperties = {
	displayName: 'Cardinal Session ID',
	name: 'cardinalSessionId',
	type: 'string',
	default: '',
	description: 'Cardinal Commerce session ID, when your 3D Secure set-up uses one',
};

const savedCardCardinalSessionIdOption: INodeProperties = {
	...cardinalSessionIdOption,
	description:
		'Cardinal Commerce session ID, when your 3D Secure set-up uses one. Sent with a saved card or a card being saved only: the manual lists it in its card token tables.',
};

/** The optional fields of a call, sorted as the editor lists them. */
export function additionalFieldsField(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en')),
	};
}

export function paymentFields(options: PaymentFieldOptions): INodeProperties[] {
	if (options.threeDs) {
		return [
			paymentAmountField,
			currencyPickField,
			...cardFields,
			customerIpField,
			threeDsSuccessUrlField,
			threeDsDeclineUrlField,
			paymentBillingAddressField,
			browserInfoField,
			additionalFieldsField([
				merchantIdField,
				merchantTxnRefField,
				paymentShippingAddressField,
				optionalTimeZoneField,
				webhookUrlField,
			]),
			simplifyField,
		];
	}
	return [
		paymentAmountField,
		currencyPickField,
		...(options.savedCard ? cardOrSavedCardFields : cardFields),
		...(options.extra ?? []),
		customerIpField,
		timeZonePickField,
		paymentBillingAddressField,
		additionalFieldsField([
			options.savedCard ? savedCardCardinalSessionIdOption : cardinalSessionIdOption,
			declineUrlField,
			merchantIdField,
			merchantTxnRefField,
			paymentShippingAddressField,
			successUrlField,
			webhookUrlField,
		]),
		simplifyField,
	];
}
