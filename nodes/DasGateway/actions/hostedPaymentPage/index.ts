import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as createLink from './createLink.operation';

export const operations: ResourceOperations = { createLink };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['hostedPaymentPage'] } },
		default: 'createLink',
		options: [
			{
				name: 'Create Link',
				value: 'createLink',
				action: 'Create a hosted payment page link',
				description: 'Get a link to a DasGateway page where the shopper pays',
			},
		],
	},
	...createLink.description,
];
