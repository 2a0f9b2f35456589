import type { INodeProperties } from 'n8n-workflow';

export const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'number',
	required: true,
	default: 0,
	typeOptions: { minValue: 0 },
	description:
		"Amount in the currency's major unit, e.g. 10.5 for ten dollars fifty; no more decimals than the currency has (JPY none, USD two)",
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
	description:
		'Whether to return a simplified version of the response instead of the raw data (card numbers are masked either way)',
};

/**
 * A UUID as the manual's id fields hold it (36 characters, e.g. bdd7e008-93e5-4777-a4f7-6eb2343cce4d), for n8n's
 * editor check of a resource locator (n8n anchors it with ^…$). It accepts exactly what gateway/schemas.ts's
 * uuidSchema accepts (spaces around are trimmed there), so the editor never flags an id the run would take.
 */
export const UUID_PATTERN = '\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*';

/** The listSearch method (DasGatewayV2's methods.listSearch) behind Subscription ID's "From List". */
export const SUBSCRIPTION_SEARCH_METHOD = 'searchSubscriptions';

const byIdMode = (what: string, placeholder: string) => ({
	displayName: 'By ID',
	name: 'id',
	type: 'string' as const,
	placeholder,
	validation: [
		{
			type: 'regex',
			properties: {
				regex: UUID_PATTERN,
				errorMessage: `Not a valid ${what} ID: DasGateway IDs are UUIDs such as ${placeholder}`,
			},
		},
	],
});

/** Transaction ID: typed (or mapped) by ID; DasGateway has no transaction list to pick from, nor transaction URLs. */
export const transactionIdField: INodeProperties = {
	displayName: 'Transaction ID',
	name: 'transactionId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'id', value: '' },
	description: 'The DasGateway transaction, by its ID (a UUID)',
	modes: [byIdMode('transaction', 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d')],
};

/** Subscription ID: picked from the gateway's subscription list (searchable), or by ID. */
export const subscriptionIdField: INodeProperties = {
	displayName: 'Subscription',
	name: 'subscriptionId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The DasGateway subscription: pick it from the list (search by plan name or ID), or give its ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a subscription...',
			typeOptions: { searchListMethod: SUBSCRIPTION_SEARCH_METHOD, searchable: true },
		},
		byIdMode('subscription', 'da39cae4-cf29-4e64-9438-1a7d0a76d4c3'),
	],
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
