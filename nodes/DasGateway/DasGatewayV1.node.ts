import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from './actions/router';
import { v1Properties } from './v1/fields';

/** Version 1, as released: its frozen form (v1/properties.json), run by the same router and operations. */
export class DasGatewayV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DasGateway',
		name: 'dasGateway',
		icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
		group: ['transform'],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Take card payments and manage transactions and subscriptions with DasGateway',
		version: 1,
		defaults: { name: 'DasGateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dasGatewayApi', required: true }],
		properties: v1Properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
