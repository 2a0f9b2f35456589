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
	SANDBOX_BASE_URL,
	assertSafeUrl,
	basicAuthorization,
	type ApiKeyEncoding,
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
				'Scheme and host, without the /api/v1/server-to-server-interface path. Plain http is only accepted for this machine (localhost, 127.0.0.1, ::1).',
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
		const destination = `${requestOptions.baseURL ?? ''}${requestOptions.url ?? ''}`;
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "sandbox" ? "${SANDBOX_BASE_URL}" : String($credentials.baseUrl).replace(/\\/+$/, "") }}`,
			url: `${API_BASE_PATH}/subscription/list`,
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'DasGateway rejected the keys: check the API Key, its encoding and the X-API-Key',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'DasGateway refused access with these keys: check the API Key, its encoding and the X-API-Key',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No DasGateway API at this Base URL: check the environment and the Base URL',
				},
			},
		],
	};
}
