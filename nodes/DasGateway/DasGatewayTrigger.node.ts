import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

// Placeholder until the trigger lands (issue 4).
export class DasGatewayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DasGateway Trigger',
		name: 'dasGatewayTrigger',
		icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Payment events',
		description: 'Starts the workflow when DasGateway reports a transaction',
		defaults: { name: 'DasGateway Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dasGatewayApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}
