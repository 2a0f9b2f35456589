import type { INodeProperties } from 'n8n-workflow';

import { EXPIRY_MONTH_OPTIONS } from './pickLists';

const onlyWithCard = { show: { paymentSource: ['card'] } };
const onlyWithSavedCard = { show: { paymentSource: ['savedCard'] } };

/** The scheme (VISA, MASTERCARD…) sent as payment_method.type whenever a card is saved or a saved card is used. */
function cardSchemeField(displayOptions: INodeProperties['displayOptions'], description: string): INodeProperties {
	return {
		displayName: 'Card Scheme',
		name: 'cardScheme',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'VISA',
		displayOptions,
		description,
	};
}

function saveCardField(description: string, displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Save Card',
		name: 'saveCard',
		type: 'boolean',
		default: false,
		...(displayOptions ? { displayOptions } : {}),
		description,
	};
}

export const paymentSourceField: INodeProperties = {
	displayName: 'Pay With',
	name: 'paymentSource',
	type: 'options',
	default: 'card',
	options: [
		{ name: 'Card', value: 'card', description: 'Card details typed in or mapped from an earlier node' },
		{
			name: 'Saved Card',
			value: 'savedCard',
			description: 'A card saved by an earlier payment (its Stored Payment Method ID)',
		},
	],
};

/** The card itself. Number and CVC are password fields so they never show in the editor. */
export const cardFields: INodeProperties[] = [
	{
		displayName: 'Card Number',
		name: 'cardNumber',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: '13 to 19 digits; spaces and dashes are removed',
	},
	{
		displayName: 'Cardholder Name',
		name: 'cardholderName',
		type: 'string',
		required: true,
		default: '',
		description: 'Name on the card',
	},
	{
		displayName: 'Expiry Month',
		name: 'cardExpiryMonth',
		type: 'options',
		options: EXPIRY_MONTH_OPTIONS,
		required: true,
		default: '',
		description:
			'Month the card expires, sent as two digits (01 to 12). Choose from the list, or specify a month using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Expiry Year',
		name: 'cardExpiryYear',
		type: 'string',
		required: true,
		default: '',
		placeholder: '28',
		description: 'Two-digit year (2028 is accepted and sent as 28)',
	},
	{
		displayName: 'CVC',
		name: 'cardCvc',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'Security code: 3 digits, 4 for AMEX',
	},
];

/** Card details for payments that may use a saved card instead. */
export const cardOrSavedCardFields: INodeProperties[] = [
	paymentSourceField,
	...cardFields.map((field) => ({ ...field, displayOptions: onlyWithCard })),
	saveCardField(
		'Whether to save the card for later payments; the result carries its Stored Payment Method ID',
		onlyWithCard,
	),
	cardSchemeField(
		{ show: { paymentSource: ['card'], saveCard: [true] } },
		'Card scheme of the card to save, such as VISA or MASTERCARD',
	),
	{
		displayName: 'Stored Payment Method ID',
		name: 'storedPaymentMethodId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: onlyWithSavedCard,
		description: 'The saved card to charge: storedPaymentMethodId from the payment that saved it',
	},
	cardSchemeField(onlyWithSavedCard, 'Card scheme of the saved card, such as VISA or MASTERCARD'),
];

/** The hosted page collects the card itself; it can only be asked to save it. */
export const hostedPageSaveCardFields: INodeProperties[] = [
	saveCardField('Whether to save the card the shopper enters for later payments'),
	cardSchemeField({ show: { saveCard: [true] } }, 'Card scheme to save, such as VISA or MASTERCARD'),
];
