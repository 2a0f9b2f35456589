import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SUBSCRIPTION_SEARCH_METHOD, runOptionsField } from './actions/fields/common';
import * as hostedPaymentPage from './actions/hostedPaymentPage';
import * as payment from './actions/payment';
import { route } from './actions/router';
import * as subscription from './actions/subscription';
import { searchSubscriptions } from './actions/subscription/listSearch';
import * as transaction from './actions/transaction';

/** Version 2: each operation's own form (actions/<resource>/<operation>.operation.ts). */
export class DasGatewayV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DasGateway',
		name: 'dasGateway',
		icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
		group: ['transform'],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Take card payments and manage transactions and subscriptions with DasGateway',
		version: 2,
		defaults: { name: 'DasGateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dasGatewayApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'payment',
				options: [
					{ name: 'Hosted Payment Page', value: 'hostedPaymentPage' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Subscription', value: 'subscription' },
					{ name: 'Transaction', value: 'transaction' },
				],
			},
			...hostedPaymentPage.description,
			...payment.description,
			...transaction.description,
			...subscription.description,
			runOptionsField,
		],
	};

	/** The Subscription picker's list ("From List"). */
	methods = { listSearch: { [SUBSCRIPTION_SEARCH_METHOD]: searchSubscriptions } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
