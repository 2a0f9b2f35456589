import type { INodeProperties } from 'n8n-workflow';

const urlOption = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: 'https://shop.example/paid',
	description,
});

const webhookUrl = urlOption('Webhook URL', 'webhookUrl', 'Where DasGateway posts the result (for example a DasGateway Trigger URL)');
const successUrl = urlOption('Success URL', 'successUrl', 'Where the shopper goes after a successful payment');
const declineUrl = urlOption('Decline URL', 'declineUrl', 'Where the shopper goes after a declined payment');
const cancelUrl = urlOption('Cancel URL', 'cancelUrl', 'Where the shopper goes after canceling on the hosted page');

function returnUrlsBlock(values: INodeProperties[], description: string): INodeProperties {
	return {
		displayName: 'Return URLs',
		name: 'returnUrls',
		type: 'collection',
		placeholder: 'Add URL',
		default: {},
		description,
		options: values,
	};
}

/** Authorise, purchase, subscription: all optional. */
export const paymentReturnUrlsField = returnUrlsBlock([declineUrl, successUrl, webhookUrl], 'Where DasGateway sends the result and the shopper');

/** 3D Secure: the shopper leaves for the bank's page and must come back, so success and decline URLs are required. */
export const threeDsReturnUrlsField: INodeProperties = {
	...returnUrlsBlock([declineUrl, successUrl, webhookUrl], 'Where the shopper returns after 3D Secure; Success URL and Decline URL are required'),
	default: { successUrl: '', declineUrl: '' },
};

/** Hosted payment page: adds the cancel URL. */
export const hostedPageReturnUrlsField = returnUrlsBlock([cancelUrl, declineUrl, successUrl, webhookUrl], 'Where DasGateway sends the result and the shopper');
