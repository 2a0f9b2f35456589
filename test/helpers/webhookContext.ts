/**
 * A stand-in for n8n's IWebhookFunctions, enough to run a trigger node's webhook() in-process: the request
 * (body as n8n parsed it, rawBody as n8n keeps it, headers, query, ip), a response object that records what the
 * node answered (status + JSON body, or a redirect), node parameters (with n8n's fallback semantics), the node
 * and workflow ids (the dedupe memory is keyed by them), credentials, and helpers.httpRequestWithAuthentication
 * — by default real HTTP through the real credential (httpWithCredentials.ts), or a stub.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { createHttpWithCredentials, type RecordedCall } from './httpWithCredentials';

export interface FakeRequest {
	method?: 'GET' | 'POST';
	/** What n8n's body parser left in req.body (getBodyData()). Defaults to JSON.parse(rawBody) when that parses, else {}. */
	body?: unknown;
	/** req.rawBody; a string is turned into a Buffer. Omit to simulate a request without one. */
	rawBody?: Buffer | string;
	headers?: Record<string, string>;
	query?: Record<string, unknown>;
	ip?: string;
	/** 'default' (POST notification) or 'redirect' (GET return). */
	webhookName?: string;
}

export interface CapturedResponse {
	statusCode: number | null;
	body: unknown;
	redirect: { status: number; url: string } | null;
	/** How many times the node answered (must be exactly once). */
	answers: number;
}

export type HttpStub = (options: IHttpRequestOptions) => Promise<unknown>;

export interface WebhookContextOptions {
	request: FakeRequest;
	parameters?: Record<string, unknown>;
	credentials?: ICredentialDataDecryptedObject;
	/** Replaces real HTTP (for unit tests with canned gateway answers). */
	http?: HttpStub;
	workflowId?: string;
	nodeId?: string;
	/** The "database" of workflow static data (default: one shared by every context of this test file). */
	staticData?: Map<string, IDataObject>;
}

/** Workflow static data by workflow id, as n8n's database holds it. */
const sharedStaticData = new Map<string, IDataObject>();

/** For tests: an empty database. */
export function clearWorkflowStaticData(): void {
	sharedStaticData.clear();
}

export interface FakeWebhookContext {
	ctx: IWebhookFunctions;
	response: CapturedResponse;
	/** Gateway calls made through httpRequestWithAuthentication. */
	calls: RecordedCall[];
	/**
	 * What n8n 2.8.4 does after webhook() returned (webhook-helpers executeWebhook, live-webhooks): an item
	 * returned without noWebhookResponse is answered 200 with `webhookResponse` once the run is registered
	 * (`runFails`: n8n could not store it and answers 500), static data is saved whole unless that failed, and
	 * the response's 'finish' fires.
	 */
	complete(result: IWebhookResponseData, options?: { runFails?: boolean }): void;
}

const NODE_DEFAULTS: Record<string, unknown> = {
	transactionTypes: [],
	outcomes: [],
	successRedirectUrl: '',
	failureRedirectUrl: '',
	options: {},
};

export function createWebhookContext(options: WebhookContextOptions): FakeWebhookContext {
	const request = options.request;
	const rawBody = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : request.rawBody;
	let body = request.body;
	if (body === undefined) {
		body = {};
		if (rawBody && rawBody.length > 0) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
		}
	}
	const parameters = { ...NODE_DEFAULTS, ...(options.parameters ?? {}) };
	const credentials = options.credentials ?? {
		apiKey: 'test-key',
		apiKeyEncoding: 'raw',
		xApiKey: 'test-x-key',
		environment: 'custom',
		baseUrl: 'https://gateway.test',
		merchantId: 'EMU0000001',
	};
	const real = createHttpWithCredentials(credentials);
	const calls: RecordedCall[] = options.http ? [] : real.calls;
	const httpRequestWithAuthentication = options.http
		? async (_name: string, requestOptions: IHttpRequestOptions) => {
				calls.push({
					method: requestOptions.method ?? 'GET',
					url: requestOptions.url,
					headers: {},
					body: requestOptions.body,
				});
				return options.http!(requestOptions);
			}
		: real.httpRequestWithAuthentication;

	const response: CapturedResponse = { statusCode: null, body: undefined, redirect: null, answers: 0 };
	const finishListeners: Array<() => void> = [];
	const res = {
		get statusCode() {
			return response.statusCode ?? 200;
		},
		once(event: string, listener: () => void) {
			if (event === 'finish') finishListeners.push(listener);
			return res;
		},
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		json(payload: unknown) {
			response.body = JSON.parse(JSON.stringify(payload));
			response.answers++;
			return res;
		},
		redirect(status: number, url: string) {
			response.redirect = { status, url };
			response.statusCode = status;
			response.answers++;
			return res;
		},
	};
	const req = {
		method: request.method ?? (request.webhookName === 'redirect' ? 'GET' : 'POST'),
		headers: request.headers ?? { 'content-type': 'application/json' },
		query: request.query ?? {},
		body,
		rawBody,
		ip: request.ip ?? '127.0.0.1',
		socket: { remoteAddress: request.ip ?? '127.0.0.1' },
	};
	const node: INode = {
		id: options.nodeId ?? 'node-1',
		// n8n keys a node's static data by its name, unique in a workflow: another node id is another node.
		name: options.nodeId ? `DasGateway Trigger ${options.nodeId}` : 'DasGateway Trigger',
		type: 'n8n-nodes-dasgateway.dasGatewayTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};

	const getNodeParameter = (name: string, fallback?: unknown) => {
		let value: unknown = parameters;
		for (const part of name.split('.')) {
			value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
		}
		return value === undefined ? fallback : value;
	};

	// Loaded fresh for this request, like n8n does for every production webhook call.
	const workflowId = options.workflowId ?? 'workflow-1';
	const database = options.staticData ?? sharedStaticData;
	const staticData = JSON.parse(JSON.stringify(database.get(workflowId) ?? {})) as IDataObject;
	const getWorkflowStaticData = (type: string) => {
		const key = type === 'node' ? `node:${node.name}` : type;
		staticData[key] = staticData[key] ?? {};
		return staticData[key] as IDataObject;
	};

	const complete = (result: IWebhookResponseData, { runFails = false }: { runFails?: boolean } = {}) => {
		if (result.noWebhookResponse !== true) {
			if (result.workflowData !== undefined && runFails) {
				res.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
			} else {
				res.status(200).json(
					result.webhookResponse ?? {
						message: result.workflowData ? 'Workflow was started' : 'Webhook call received',
					},
				);
			}
		}
		if (!runFails) database.set(workflowId, JSON.parse(JSON.stringify(staticData)) as IDataObject);
		for (const listener of finishListeners.splice(0)) listener();
	};

	const ctx = {
		getWorkflowStaticData,
		getNode: () => node,
		getWorkflow: () => ({ id: workflowId, name: 'Test', active: true }),
		getMode: () => 'webhook',
		getWebhookName: () => request.webhookName ?? 'default',
		getNodeParameter,
		getBodyData: () => body,
		getHeaderData: () => req.headers,
		getQueryData: () => req.query,
		getParamsData: () => ({}),
		getRequestObject: () => req,
		getResponseObject: () => res,
		getCredentials: async () => credentials,
		getNodeWebhookUrl: (name: string) => `http://n8n.test/webhook/abc/${name === 'redirect' ? 'return' : 'webhook'}`,
		helpers: { httpRequestWithAuthentication },
	} as unknown as IWebhookFunctions;

	return { ctx, response, calls, complete };
}
