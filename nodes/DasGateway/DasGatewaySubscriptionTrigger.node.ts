import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_RENEWAL_WINDOW_DAYS, pollSubscriptions } from './subscriptionTrigger/poll';

/** DasGateway sends no notification for subscription changes, so this trigger polls the subscription list. */
export class DasGatewaySubscriptionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DasGateway Subscription Trigger',
		name: 'dasGatewaySubscriptionTrigger',
		icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["events"] || []).length === 8 ? "All subscription events" : ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when a DasGateway subscription is created, paused, resumed, canceled, completed, paid, fails to pay or is due for renewal',
		defaults: { name: 'DasGateway Subscription Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dasGatewayApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll reads the subscription list and compares it with the previous poll. The first poll after activation only records what is there.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Canceled', value: 'cancelled', description: 'A subscription was canceled' },
					{ name: 'Completed', value: 'completed', description: 'A subscription billed its last cycle' },
					{ name: 'Created', value: 'created', description: 'A new subscription appeared' },
					{ name: 'Paused', value: 'paused', description: 'A subscription was paused' },
					{
						name: 'Payment Failed',
						value: 'paymentFailed',
						description: 'A subscription payment was declined or failed',
					},
					{ name: 'Payment Succeeded', value: 'paymentSucceeded', description: 'A subscription payment was collected' },
					{
						name: 'Renewal Due',
						value: 'renewalDue',
						description: 'An active subscription’s next payment is due within the days below (once per cycle)',
					},
					{ name: 'Resumed', value: 'resumed', description: 'A paused subscription was resumed' },
				],
				default: [
					'created',
					'paused',
					'resumed',
					'cancelled',
					'completed',
					'paymentSucceeded',
					'paymentFailed',
					'renewalDue',
				],
				description: 'Which subscription events start the workflow',
			},
			{
				displayName: 'Renewal Due Within (Days)',
				name: 'renewalWindowDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 365 },
				default: DEFAULT_RENEWAL_WINDOW_DAYS,
				description:
					'A Renewal Due event is emitted once per cycle when the next payment date is at most this many days ahead',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollSubscriptions(this);
	}
}
