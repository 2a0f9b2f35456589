import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as cancelOrRefund from './cancelOrRefund.operation';
import * as capture from './capture.operation';
import * as get from './get.operation';
import * as refund from './refund.operation';
import * as voidOperation from './void.operation';

export const operations: ResourceOperations = { capture, refund, void: voidOperation, get, cancelOrRefund };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transaction'] } },
		default: 'get',
		options: [
			{
				name: 'Cancel or Refund',
				value: 'cancelOrRefund',
				action: 'Cancel or refund a transaction',
				description: 'Void an authorization, or refund a captured payment, whichever applies',
			},
			{
				name: 'Capture',
				value: 'capture',
				action: 'Capture an authorized transaction',
				description: 'Take (part of) an authorized amount',
			},
			{ name: 'Get', value: 'get', action: 'Get a transaction', description: 'Read the status of a transaction' },
			{
				name: 'Refund',
				value: 'refund',
				action: 'Refund a transaction',
				description: 'Give back (part of) a captured amount',
			},
			{
				name: 'Void',
				value: 'void',
				action: 'Void an authorization',
				description: 'Release an authorization that was not captured',
			},
		],
	},
	...capture.description,
	...refund.description,
	...voidOperation.description,
	...get.description,
	...cancelOrRefund.description,
];
