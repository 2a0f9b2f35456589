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

/** Defaults of the run options; the README and the benchmark explain the choices. */
export const DEFAULT_CONCURRENCY = 10;
export const MAX_CONCURRENCY = 50;
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** How a run sends its items: shown for every operation. */
export const runOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: DEFAULT_CONCURRENCY,
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
			description:
				'How many requests may be on their way to DasGateway at once, across items (1 to 50). The output keeps the order of the input. When DasGateway answers "too many requests", fewer are sent at once.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: DEFAULT_TIMEOUT_SECONDS,
			typeOptions: { minValue: 1, maxValue: 300, numberPrecision: 0 },
			description:
				'How long to wait for each answer. A read that gets no answer in time fails at once; a payment call that gets none is reported as "outcome unknown", never repeated.',
		},
	],
};
