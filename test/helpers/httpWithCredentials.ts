/**
 * What n8n's helpers.httpRequestWithAuthentication does, for in-process tests: applies the real DasGatewayApi
 * credential (its authenticate function) and sends the request over real HTTP with axios, honoring the
 * options our transport uses (json, returnFullResponse, ignoreHttpStatusErrors, timeout). Network errors are
 * thrown as axios throws them (with .code), as n8n passes them on inside its own error's cause.
 */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { DasGatewayApi } from '../../credentials/DasGatewayApi.credentials';

export interface RecordedCall {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: unknown;
}

export function emulatorCredentials(
	baseUrl: string,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
): ICredentialDataDecryptedObject {
	return {
		apiKey: 'emulator-api-key',
		apiKeyEncoding: 'raw',
		xApiKey: 'emulator-x-api-key',
		environment: 'custom',
		baseUrl,
		merchantId: 'EMU0000001',
		...overrides,
	};
}

/** Returns an httpRequestWithAuthentication stand-in and the list of calls it made (for "nothing was sent" checks). */
export function createHttpWithCredentials(credentials: ICredentialDataDecryptedObject) {
	const calls: RecordedCall[] = [];
	const credentialType = new DasGatewayApi();
	async function httpRequestWithAuthentication(
		_credentialName: string,
		options: IHttpRequestOptions,
	): Promise<unknown> {
		const authenticated = await credentialType.authenticate(credentials, { ...options });
		const url = `${authenticated.baseURL ?? ''}${authenticated.url}`;
		const headers = (authenticated.headers ?? {}) as Record<string, string>;
		calls.push({ method: authenticated.method ?? 'GET', url, headers, body: authenticated.body });
		const response = await axios.request({
			method: authenticated.method ?? 'GET',
			url,
			headers,
			data: authenticated.body,
			timeout: authenticated.timeout,
			params: authenticated.qs,
			responseType: 'text',
			transformResponse: (data: unknown) => data,
			validateStatus: () => true,
			maxRedirects: 0,
		});
		let body: unknown = response.data;
		if (authenticated.json && typeof body === 'string' && body !== '') {
			try {
				body = JSON.parse(body);
			} catch {
				// n8n also hands back the raw text when a "JSON" answer does not parse.
			}
		}
		if (!authenticated.ignoreHttpStatusErrors && response.status >= 400) {
			throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
				httpCode: response.status,
				body,
			});
		}
		return authenticated.returnFullResponse
			? { statusCode: response.status, headers: response.headers, body, statusMessage: response.statusText }
			: body;
	}
	return { httpRequestWithAuthentication, calls };
}
