import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

// Placeholder until the action node lands (issue 3): it loads, and says it does nothing yet.
export class DasGateway implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DasGateway',
		name: 'dasGateway',
		icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Take card payments and manage transactions and subscriptions with DasGateway',
		defaults: { name: 'DasGateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dasGatewayApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}
