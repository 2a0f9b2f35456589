import type { INodeProperties } from 'n8n-workflow';

/**
 * The return URLs as separate fields (version 2): optional ones are offered under Additional Fields, the two that
 * 3D Secure needs are shown on top, required. The request builder reads each by name wherever the form keeps it.
 */
const urlField = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: 'https://shop.example/paid',
	description,
});

export const webhookUrlField = urlField(
	'Webhook URL',
	'webhookUrl',
	'Where DasGateway posts the result (for example a DasGateway Trigger URL)',
);
export const successUrlField = urlField(
	'Success URL',
	'successUrl',
	'Where the shopper goes after a successful payment',
);
export const declineUrlField = urlField('Decline URL', 'declineUrl', 'Where the shopper goes after a declined payment');
export const cancelUrlField = urlField(
	'Cancel URL',
	'cancelUrl',
	'Where the shopper goes after canceling on the hosted page',
);

/** 3D Secure: the shopper leaves for the bank's page and must come back, so both URLs are required. */
export const threeDsSuccessUrlField: INodeProperties = {
	...successUrlField,
	required: true,
	description: 'Where the shopper returns after a successful 3D Secure payment',
};
export const threeDsDeclineUrlField: INodeProperties = {
	...declineUrlField,
	required: true,
	description: 'Where the shopper returns after a declined or failed 3D Secure payment',
};

/** The wire's return_url members, by the field that holds each. */
export const RETURN_URL_FIELDS = {
	webhookUrl: 'webhook_url',
	successUrl: 'success_url',
	declineUrl: 'decline_url',
	cancelUrl: 'cancel_url',
} as const;
