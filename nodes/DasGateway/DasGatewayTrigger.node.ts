import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	WebhookType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleNotification, handleReturn } from './trigger/handler';
import { DEFAULT_DEDUPE_WINDOW_MINUTES, DEFAULT_MAX_BODY_KB } from './trigger/settings';

/**
 * DasGateway has no API to register webhooks: the URL travels with each payment (return_url.webhook_url),
 * so there is nothing to create or delete on the gateway's side.
 */
const nothingToRegister = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

export class DasGatewayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DasGateway Trigger',
		name: 'dasGatewayTrigger',
		icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["transactionTypes"] || []).length ? $parameter["transactionTypes"].join(", ") : "All payment events" }}',
		description:
			'Starts the workflow when DasGateway reports a transaction, verified with the gateway and started once',
		defaults: { name: 'DasGateway Trigger' },
		// The editor's trigger panel: DasGateway pushes notifications to this trigger's URLs; nothing is pulled.
		triggerPanel: {
			header: 'Starts on DasGateway payment notifications',
			executionsHelp: {
				inactive:
					"<b>While building your workflow</b>, click 'Execute step', then make a payment whose Webhook URL is this trigger's <b>Test URL</b> (POST). Its notification starts one execution, shown here.<br /><br /><b>Once you're happy with your workflow</b>, publish it and give payments the <b>Production URL</b> instead. Every notification then starts the workflow; those executions are listed under Executions, not here.<br /><br />DasGateway has no webhook registration: the URL travels with each payment (Return URLs → Webhook URL). The GET URL (…/return) can be the Success and Decline URL, to send shoppers back through this trigger after 3D Secure or the hosted payment page.",
				active:
					"<b>While building your workflow</b>, click 'Execute step', then make a payment whose Webhook URL is this trigger's <b>Test URL</b> (POST). Its notification starts one execution, shown here.<br /><br /><b>The workflow is published</b>: payments whose Webhook URL is the <b>Production URL</b> start it automatically; those executions are listed under Executions, not here.",
			},
			activationHint: {
				inactive: 'Publish the workflow first: the Production URL only answers while the workflow is published.',
				active: 'Published: payments notifying the Production URL start this workflow (see Executions).',
			},
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dasGatewayApi', required: true }],
		webhooks: [
			// An accepted event is answered by n8n itself once it has stored (or queued) the execution: the node returns
			// its item with `webhookResponse` and writes nothing. n8n 2.8.4 then answers `responseData`, or, when that is
			// '' (undefined means its default 'firstEntryJson', sent as literal text), the `webhookResponse`.
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' },
			// n8n's WebhookType lists only 'default' | 'setup', but any name works at run time (names key the URLs
			// and webhookMethods); 'redirect' says what this one is for.
			{ name: 'redirect' as WebhookType, httpMethod: 'GET', responseMode: 'onReceived', path: 'return' },
		],
		properties: [
			{
				displayName:
					"Put this trigger's Production URL (POST) in each payment's Webhook URL, and publish the workflow to receive events",
				name: 'webhookNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Transaction Types',
				name: 'transactionTypes',
				type: 'multiOptions',
				options: [
					{ name: 'Capture (Purchase)', value: 'CAPTURE' },
					{ name: 'Pre-Authorization', value: 'PRE_AUTH' },
					{ name: 'Refund', value: 'REFUND' },
					{ name: 'Void', value: 'VOID' },
				],
				default: [],
				hint: 'None selected: all transaction types',
				description:
					'Which transaction types start the workflow. Leave empty for all. Others are acknowledged and ignored.',
			},
			{
				displayName: 'Outcomes',
				name: 'outcomes',
				type: 'multiOptions',
				options: [
					{ name: 'Approved', value: 'approved' },
					{ name: 'Declined', value: 'declined' },
					{ name: 'Error', value: 'error' },
				],
				default: [],
				hint: 'None selected: all outcomes',
				description: 'Which outcomes start the workflow. Leave empty for all. Others are acknowledged and ignored.',
			},
			{
				displayName: 'Success Redirect URL',
				name: 'successRedirectUrl',
				type: 'string',
				default: '',
				placeholder: 'https://shop.example.com/thank-you',
				description:
					'Where the shopper returning through the GET URL is sent when the payment is approved (transaction_reference is appended). Leave empty to answer with JSON.',
			},
			{
				displayName: 'Failure Redirect URL',
				name: 'failureRedirectUrl',
				type: 'string',
				default: '',
				placeholder: 'https://shop.example.com/payment-failed',
				description:
					'Where the shopper returning through the GET URL is sent when the payment is not approved or not known to DasGateway. Leave empty to answer with JSON.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Allowed IPs',
						name: 'allowedIps',
						type: 'string',
						default: '',
						placeholder: '203.0.113.10, 198.51.100.0/24',
						description:
							'Comma-separated IP addresses or CIDR ranges allowed to send notifications. Leave empty to allow any. Behind a reverse proxy, set N8N_PROXY_HOPS so n8n sees the real address.',
					},
					{
						displayName: 'Dedupe Window (Minutes)',
						name: 'dedupeWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_DEDUPE_WINDOW_MINUTES,
						description:
							"The same transaction, type and outcome (the eventId) received again within this time starts nothing (answered 200). 0 turns this off. Remembered by each n8n process and in the workflow's static data, which all processes share and which survives restarts.",
					},
					{
						displayName: 'Max Body Size (KB)',
						name: 'maxBodyKb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_BODY_KB,
						description: 'Larger notifications are refused with 400',
					},
					{
						displayName: 'Shared Secret',
						name: 'sharedSecret',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description:
							'When set, append ?secret= and this value to the Webhook URL you give payments; notifications without it are refused with 401',
					},
					{
						displayName: 'Verify With Gateway',
						name: 'verifyWithGateway',
						type: 'boolean',
						default: true,
						description:
							"Whether to fetch each notified transaction from DasGateway and start only when amount, currency, type and merchant reference agree, outputting the gateway's record",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: nothingToRegister,
		redirect: nothingToRegister,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === 'redirect'
			? await handleReturn.call(this, this)
			: await handleNotification.call(this, this);
	}
}
