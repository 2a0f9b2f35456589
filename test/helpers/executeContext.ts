/**
 * A small stand-in for n8n's IExecuteFunctions, enough to run the DasGateway action node in-process: parameters per
 * item (dotted paths such as additionalFields.notes), input items, the node with an id, the execution id, the
 * credential, Continue On Fail, and helpers.httpRequestWithAuthentication doing real HTTP through the real credential.
 *
 * Like n8n, a parameter that is not set yields the caller's fallback, and throws when there is none.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { createHttpWithCredentials, type RecordedCall } from './httpWithCredentials';

export interface ExecuteContextOptions {
	/** Parameters of every item, or one object per item. */
	parameters: IDataObject | IDataObject[];
	/** Input items (json); defaults to one empty item per parameter object (at least one). */
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	executionId?: string;
	nodeId?: string;
	/** Replaces the transport's per-attempt timeout, so timeout faults end quickly in tests. */
	timeoutMs?: number;
	/** The node's version (default 1). */
	typeVersion?: number;
}

export interface FakeExecuteContext {
	ctx: IExecuteFunctions;
	/** Every HTTP call made, in order (empty = nothing reached the wire). */
	calls: RecordedCall[];
}

function readPath(source: IDataObject, path: string): unknown {
	let current: unknown = source;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[segment];
	}
	return current;
}

export function createExecuteContext(options: ExecuteContextOptions): FakeExecuteContext {
	const perItem = Array.isArray(options.parameters) ? options.parameters : undefined;
	const items: INodeExecutionData[] = (options.items ?? (perItem ?? [{}]).map(() => ({}))).map((json) => ({ json }));
	const parametersFor = (itemIndex: number): IDataObject =>
		perItem ? (perItem[itemIndex] ?? {}) : (options.parameters as IDataObject);
	const node: INode = {
		id: options.nodeId ?? 'c0ffee00-0000-4000-8000-000000000001',
		name: 'DasGateway',
		type: 'n8n-nodes-dasgateway.dasGateway',
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: {},
	};
	const http = createHttpWithCredentials(options.credentials);

	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getExecutionId: () => options.executionId ?? 'execution-1',
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async (name: string) => {
			if (name !== 'dasGatewayApi') throw new Error(`Unexpected credential ${name}`);
			return options.credentials;
		},
		getNodeParameter(name: string, itemIndex: number, ...rest: unknown[]) {
			const value = readPath(parametersFor(itemIndex), name);
			if (value !== undefined) return value;
			// Like n8n: an absent parameter with an undefined fallback is an error, not undefined.
			if (rest.length > 0 && rest[0] !== undefined) return rest[0];
			throw new Error(`Could not get parameter "${name}"`);
		},
		helpers: {
			async httpRequestWithAuthentication(credentialName: string, requestOptions: IHttpRequestOptions) {
				const effective = options.timeoutMs ? { ...requestOptions, timeout: options.timeoutMs } : requestOptions;
				return await http.httpRequestWithAuthentication(credentialName, effective);
			},
		},
	} as unknown as IExecuteFunctions;

	return { ctx, calls: http.calls };
}
