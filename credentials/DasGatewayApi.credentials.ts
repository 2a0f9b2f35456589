import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	API_BASE_PATH,
	BASE_URL_EXPRESSION,
	SANDBOX_BASE_URL,
	assertSafeUrl,
	basicAuthorization,
	resolveBaseUrl,
	type ApiKeyEncoding,
	type GatewayEnvironment,
} from '../nodes/DasGateway/gateway/environment';

/**
 * How to read the API key. Not a secret: a choice between two encodings. It is declared here rather than inline
 * because n8n's password-field rule judges fields by name, and "apiKeyEncoding" (a public contract) contains "apiKey".
 */
const apiKeyEncodingProperty: INodeProperties = {
	displayName: 'API Key Encoding',
	name: 'apiKeyEncoding',
	type: 'options',
	options: [
		{
			name: 'Raw Key (Encode It for Me)',
			value: 'raw',
			description: 'Sent as base64 of the key followed by a colon, as curl -u key: does',
		},
		{
			name: 'Already Encoded Key',
			value: 'encoded',
			description: 'The encoded key from Merchant Access, sent after "Basic " as it is',
		},
	],
	default: 'raw',
	description: 'Whether the API key above is the raw key or the already base64-encoded key',
};

const CHECK_KEYS = 'check the API Key, the API Key Encoding (raw key or already-encoded key) and the X-API-Key';
const CHECK_BASE_URL =
	'check the Environment and the Base URL (scheme and host, such as https://api-dev.paymentoptions.com)';

/** What the credential test reports, by the answer DasGateway gave. Order matters: n8n applies the first match. */
const CREDENTIAL_TEST_RULES: ICredentialTestRequest['rules'] = [
	{
		type: 'responseSuccessBody',
		properties: { key: 'status_code', value: 401, message: `DasGateway rejected the keys (HTTP 401): ${CHECK_KEYS}` },
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'status_code',
			value: 403,
			message: `DasGateway refused access with these keys (HTTP 403): ${CHECK_KEYS}`,
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'status_code',
			value: 404,
			message: `No DasGateway API at this Base URL (HTTP 404): ${CHECK_BASE_URL}`,
		},
	},
	{
		// An HTML page, an empty or unreadable body, or JSON of another API: anything without DasGateway's "success".
		type: 'responseSuccessBody',
		properties: {
			key: 'success',
			value: undefined,
			message: `This Base URL did not answer like the DasGateway API (an HTML page, an empty or unreadable answer): ${CHECK_BASE_URL}`,
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'success',
			value: false,
			message:
				'DasGateway answered the test call with an error (success: false): check the keys and the Base URL; if they are right, DasGateway may be failing, so try again later',
		},
	},
];

export class DasGatewayApi implements ICredentialType {
	name = 'dasGatewayApi';

	displayName = 'DasGateway API';

	icon: Icon = { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-dasgateway';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from DasGateway Merchant Access, sent with HTTP Basic authentication',
		},
		apiKeyEncodingProperty,
		{
			displayName: 'X-API-Key',
			name: 'xApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key provided along with the credentials, sent as the x-api-key header',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Sandbox', value: 'sandbox', description: SANDBOX_BASE_URL },
				{ name: 'Live', value: 'live', description: 'The live host from your merchant onboarding details' },
				{ name: 'Custom URL', value: 'custom', description: 'Any other host, such as the local emulator' },
			],
			default: 'sandbox',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://your-live-host.example',
			description:
				'Scheme and host, such as https://your-live-host.example (a trailing /api/v1/server-to-server-interface is ignored). Plain http is only accepted for this machine (localhost, 127.0.0.1, ::1).',
			displayOptions: { show: { environment: ['live', 'custom'] } },
		},
		{
			displayName: 'Default Merchant ID',
			name: 'merchantId',
			type: 'string',
			default: '',
			description: 'Your DASMID. Used whenever an operation leaves its Merchant ID empty.',
		},
	];

	// A function rather than a generic header block: the raw key must be base64-encoded, and the
	// destination must be checked before any key leaves the machine (credential test included).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// The configuration's own errors first ("needs a Base URL", "refusing plain http"): the test shows them as they are.
		resolveBaseUrl({
			environment: credentials.environment as GatewayEnvironment,
			baseUrl: credentials.baseUrl as string | undefined,
		});
		// n8n's HTTP Request node (predefined credential) goes through the legacy request helper, which names it `uri`.
		const legacyUri = (requestOptions as IHttpRequestOptions & { uri?: string }).uri;
		const destination = `${requestOptions.baseURL ?? ''}${requestOptions.url ?? legacyUri ?? ''}`;
		assertSafeUrl(destination);
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: basicAuthorization(
					String(credentials.apiKey ?? ''),
					(credentials.apiKeyEncoding as ApiKeyEncoding) ?? 'raw',
				),
				'x-api-key': String(credentials.xApiKey ?? ''),
			},
		};
	}

	/*
	 * Declarative, because n8n 2.8.4 offers a function test only the deprecated helpers.request (see README). Every
	 * HTTP status comes back as an answer (ignoreHttpStatusErrors), so the rules below read the gateway's envelope:
	 * n8n 2.8.4 never applies `responseCode` rules (NodeApiError drops the response they read). n8n applies the
	 * first rule whose key holds the value; none matching means the test passed, hence the catch-alls at the end.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: `${API_BASE_PATH}/subscription/list`,
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: CREDENTIAL_TEST_RULES,
	};
}
