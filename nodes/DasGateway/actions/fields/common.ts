import type { INodeProperties } from 'n8n-workflow';

export const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'number',
	required: true,
	default: 0,
	typeOptions: { minValue: 0 },
	description: 'Amount in the currency\'s major unit, e.g. 10.5 for ten dollars fifty; no more decimals than the currency has (JPY none, USD two)',
};

export const currencyField: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'USD',
	description: 'Three-letter ISO 4217 currency code',
};

export const merchantIdField: INodeProperties = {
	displayName: 'Merchant ID',
	name: 'merchantId',
	type: 'string',
	default: '',
	description: 'Your DasGateway merchant ID (DASMID). Leave empty to use the Merchant ID of the credential.',
};

export const merchantTxnRefField: INodeProperties = {
	displayName: 'Merchant Transaction Reference',
	name: 'merchantTxnRef',
	type: 'string',
	default: '',
	description:
		'Your reference for this payment (at most 45 characters). Leave empty to use one derived from the execution, node and item, so retrying this node never charges the same item twice.',
};

export const customerIpField: INodeProperties = {
	displayName: 'Customer IP',
	name: 'customerIp',
	type: 'string',
	required: true,
	default: '',
	placeholder: '203.0.113.7',
	description: 'IPv4 or IPv6 address of the cardholder',
};

export const timeZoneField: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timeZone',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'Asia/Kuala_Lumpur',
	description: 'IANA time zone of the transaction',
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data (card numbers are masked either way)',
};

export const transactionIdField: INodeProperties = {
	displayName: 'Transaction ID',
	name: 'transactionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
	description: 'ID of the DasGateway transaction (a UUID)',
};

export const subscriptionIdField: INodeProperties = {
	displayName: 'Subscription ID',
	name: 'subscriptionId',
	type: 'string',
	required: true,
	default: '',
	description: 'ID of the DasGateway subscription (a UUID)',
};
