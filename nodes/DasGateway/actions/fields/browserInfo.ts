import type { INodeProperties } from 'n8n-workflow';

/** The shopper's browser as 3D Secure 2 wants it (paymentv2 browser_info); every value optional. */
export const browserInfoField: INodeProperties = {
	displayName: 'Browser Info',
	name: 'browserInfo',
	type: 'collection',
	placeholder: 'Add Browser Detail',
	default: {},
	description: "The shopper's browser, which helps the bank decide whether to challenge",
	options: [
		{
			displayName: 'Accept Header',
			name: 'acceptHeader',
			type: 'string',
			default: '',
			placeholder: 'text/html',
			description: 'The Accept header the browser sent',
		},
		{
			displayName: 'Challenge Window',
			name: 'challengeWindow',
			type: 'options',
			default: '4',
			description: 'Size of the challenge window',
			options: [
				{ name: 'Small (250 by 400)', value: '1' },
				{ name: 'Medium (390 by 400)', value: '2' },
				{ name: 'Large (500 by 600)', value: '3' },
				{ name: 'Wide (600 by 400)', value: '4' },
				{ name: 'Full Screen', value: '5' },
			],
		},
		{
			displayName: 'Java Enabled',
			name: 'javaEnabled',
			type: 'boolean',
			default: false,
			description: 'Whether the browser has Java enabled',
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'en-GB',
			description: 'Browser language tag',
		},
		// Numbers in the editor (a bit depth is not a colour); the gateway receives them as the strings its manual shows.
		{
			displayName: 'Screen Color Depth',
			name: 'screenColorDepth',
			type: 'number',
			default: 24,
			typeOptions: { minValue: 1, maxValue: 999 },
			description: 'Color depth in bits',
		},
		{
			displayName: 'Screen Height',
			name: 'screenHeight',
			type: 'number',
			default: 1080,
			typeOptions: { minValue: 1 },
			description: 'Screen height in pixels',
		},
		{
			displayName: 'Screen Width',
			name: 'screenWidth',
			type: 'number',
			default: 1920,
			typeOptions: { minValue: 1 },
			description: 'Screen width in pixels',
		},
		{
			displayName: 'User Agent',
			name: 'userAgent',
			type: 'string',
			default: '',
			description: 'The User-Agent header the browser sent',
		},
	],
};
