import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as pause from './pause.operation';
import * as report from './report.operation';
import * as resume from './resume.operation';

export const operations: ResourceOperations = { create, getMany, get, pause, resume, cancel, report };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		default: 'create',
		options: [
			{ name: 'Cancel', value: 'cancel', action: 'Cancel a subscription', description: 'End a subscription for good' },
			{
				name: 'Create',
				value: 'create',
				action: 'Create a subscription',
				description: 'Charge a card now and then on a plan',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a subscription',
				description: 'Read a subscription with its plan and payments',
			},
			{ name: 'Get Many', value: 'getMany', action: 'Get many subscriptions', description: 'List subscriptions' },
			{ name: 'Pause', value: 'pause', action: 'Pause a subscription', description: 'Stop billing until resumed' },
			{
				name: 'Report',
				value: 'report',
				action: 'Report on subscriptions',
				description: 'Summarize every subscription: counts, recurring value, payments, renewals due',
			},
			{
				name: 'Resume',
				value: 'resume',
				action: 'Resume a subscription',
				description: 'Restart billing of a paused subscription',
			},
		],
	},
	...create.description,
	...getMany.description,
	...get.description,
	...pause.description,
	...resume.description,
	...cancel.description,
	...report.description,
];
