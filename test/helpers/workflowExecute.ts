/**
 * Runs a workflow in-process on n8n's own engine (n8n-core's WorkflowExecute, as n8n tests its nodes): a source node
 * emitting the given items → the DasGateway node (optionally with its error output wired to a sink). Credentials are
 * handed over decrypted and applied by our credential's own `authenticate`; HTTP goes through n8n-core's helpers.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	INode,
	INodeParameters,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, VersionedNodeType, Workflow } from 'n8n-workflow';

import { DasGatewayApi } from '../../credentials/DasGatewayApi.credentials';
import { DasGateway } from '../../nodes/DasGateway/DasGateway.node';

const SOURCE_TYPE = 'test.itemSource';
const SINK_TYPE = 'test.sink';
const GATEWAY_TYPE = 'n8n-nodes-dasgateway.dasGateway';

/** Emits the items in its `items` parameter. */
class ItemSource implements INodeType {
	description = {
		displayName: 'Item Source',
		name: 'itemSource',
		group: ['input'],
		version: 1,
		description: 'test items',
		defaults: { name: 'Source' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as IDataObject[] | string;
		const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [list.map((json) => ({ json }))];
	}
}

/** Passes its input on, so a run shows what reached it. */
class Sink implements INodeType {
	description = {
		displayName: 'Sink',
		name: 'sink',
		group: ['output'],
		version: 1,
		description: 'test sink',
		defaults: { name: 'Sink' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class NodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | VersionedNodeType> = {
		[SOURCE_TYPE]: new ItemSource(),
		[SINK_TYPE]: new Sink(),
		[GATEWAY_TYPE]: new DasGateway(),
	};

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.types[type];
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found instanceof VersionedNodeType ? found.getNodeType(version) : found;
	}

	getKnownTypes() {
		return {};
	}
}

class CredentialsHelper extends ICredentialsHelper {
	readonly decryptions: string[] = [];
	private readonly credential = new DasGatewayApi();

	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_type: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.credential.authenticate as (
			c: ICredentialDataDecryptedObject,
			r: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptions.push(type);
		return { ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return this.credential.properties;
	}
}

export interface WorkflowRunOptions {
	/** The DasGateway node's parameters. */
	parameters: IDataObject;
	/** Items the source emits (one run of the DasGateway node takes them all). */
	items: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	/** n8n's per-node error setting: Continue On Fail ('continueRegularOutput') or the error output ('continueErrorOutput'). */
	onError?: INode['onError'];
	/** The DasGateway node's version (default 1: the parameters these tests were written for). */
	version?: number;
}

export interface WorkflowRunResult {
	run: IRun;
	/** Items of the DasGateway node's outputs: [main] or [main, error]. */
	outputs: INodeExecutionData[][];
	/** The node's error when it stopped the run. */
	error: (Error & { description?: string; context?: IDataObject; httpCode?: string }) | undefined;
	/** Credential decryptions the run asked n8n for. */
	decryptions: number;
}

export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowRunResult> {
	const nodes: INode[] = [
		{
			id: 'source-0000',
			name: 'Source',
			type: SOURCE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: options.items } as unknown as INodeParameters,
		},
		{
			id: 'c0ffee00-0000-4000-8000-000000000001',
			name: 'DasGateway',
			type: GATEWAY_TYPE,
			typeVersion: options.version ?? 1,
			position: [200, 0],
			parameters: options.parameters as INodeParameters,
			credentials: { dasGatewayApi: { id: 'cred-1', name: 'DasGateway Emulator' } },
			...(options.onError ? { onError: options.onError } : {}),
		},
		{ id: 'sink-0000', name: 'Sink', type: SINK_TYPE, typeVersion: 1, position: [400, 0], parameters: {} },
		{ id: 'errors-0000', name: 'Errors', type: SINK_TYPE, typeVersion: 1, position: [400, 200], parameters: {} },
	];
	const connections = {
		Source: { main: [[{ node: 'DasGateway', type: NodeConnectionTypes.Main, index: 0 }]] },
		DasGateway: {
			main: [
				[{ node: 'Sink', type: NodeConnectionTypes.Main, index: 0 }],
				...(options.onError === 'continueErrorOutput'
					? [[{ node: 'Errors', type: NodeConnectionTypes.Main, index: 0 }]]
					: []),
			],
		},
	};
	const settings = {};
	const workflowData: IWorkflowBase = {
		id: 'wf-1',
		name: 'in-process',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'in-process',
		nodes,
		connections,
		active: false,
		nodeTypes: new NodeTypes(),
		staticData: {},
		settings,
	});

	const credentialsHelper = new CredentialsHelper(options.credentials);
	const hooks = new ExecutionLifecycleHooks('manual', 'execution-1', workflowData);
	const additionalData = {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'user-1',
		variables: {},
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: workflow.getNode('Source') ?? undefined,
	});
	const taskData = run.data.resultData.runData.DasGateway?.[0];
	return {
		run,
		outputs: (taskData?.data?.main ?? []).map((output) => output ?? []),
		error: taskData?.error as WorkflowRunResult['error'],
		decryptions: credentialsHelper.decryptions.length,
	};
}
