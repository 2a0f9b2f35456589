import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as authorize from './authorize.operation';
import * as purchase from './purchase.operation';
import * as purchase3ds from './purchase3ds.operation';

export const operations: ResourceOperations = { authorize, purchase, purchase3ds };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		default: 'purchase',
		options: [
			{
				name: 'Authorize',
				value: 'authorize',
				action: 'Authorize a payment',
				description: 'Reserve an amount on a card, to capture or void later',
			},
			{
				name: 'Purchase',
				value: 'purchase',
				action: 'Make a purchase',
				description: 'Charge a card or a saved card at once',
			},
			{
				name: 'Purchase With 3D Secure',
				value: 'purchase3ds',
				action: 'Purchase with 3D secure',
				description: 'Charge a card after 3D Secure: returns the page to send the shopper to',
			},
		],
	},
	...authorize.description,
	...purchase.description,
	...purchase3ds.description,
];
