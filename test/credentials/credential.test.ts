import type { ICredentialTestRequest } from 'n8n-workflow';

import { DasGatewayApi } from '../../credentials/DasGatewayApi.credentials';
import {
	BASE_URL_EXPRESSION,
	SANDBOX_BASE_URL,
	basicAuthorization,
	isLoopbackHost,
	resolveBaseUrl,
} from '../../nodes/DasGateway/gateway/environment';
import { errorBody } from '../emulator/shapes';
import { subscriptionListResponse } from '../fixtures/manualVerbatim';

describe('DasGatewayApi credential', () => {
	const credential = new DasGatewayApi();

	it('has the public field names', () => {
		expect(credential.name).toBe('dasGatewayApi');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'apiKey',
			'apiKeyEncoding',
			'xApiKey',
			'environment',
			'baseUrl',
			'merchantId',
		]);
		for (const secret of ['apiKey', 'xApiKey']) {
			expect(credential.properties.find((p) => p.name === secret)?.typeOptions?.password).toBe(true);
		}
	});

	it('encodes a raw key like curl -u key: and sends an encoded key as it is', async () => {
		const raw = await credential.authenticate(
			{ apiKey: 'emulator-api-key', apiKeyEncoding: 'raw', xApiKey: 'x-key' },
			{ url: '/api', baseURL: 'https://api.example' },
		);
		expect(raw.headers).toMatchObject({
			Authorization: `Basic ${Buffer.from('emulator-api-key:').toString('base64')}`,
			'x-api-key': 'x-key',
		});
		const encoded = await credential.authenticate(
			{ apiKey: 'ZW11bGF0b3ItYXBpLWtleTo=', apiKeyEncoding: 'encoded', xApiKey: 'x-key' },
			{ url: 'https://api.example/api' },
		);
		expect(encoded.headers).toMatchObject({ Authorization: 'Basic ZW11bGF0b3ItYXBpLWtleTo=' });
		expect(basicAuthorization('Basic abc', 'encoded')).toBe('Basic abc');
	});

	it('refuses to send keys over plain http to another machine', async () => {
		await expect(
			credential.authenticate(
				{ apiKey: 'k', apiKeyEncoding: 'raw', xApiKey: 'x' },
				{ url: 'http://payments.example/api' },
			),
		).rejects.toThrow(/Refusing plain http/);
		await expect(
			credential.authenticate(
				{ apiKey: 'k', apiKeyEncoding: 'raw', xApiKey: 'x' },
				{ url: 'http://127.0.0.1:4010/api' },
			),
		).resolves.toBeDefined();
	});

	it('names a missing Base URL before sending anything, as the node does', async () => {
		await expect(
			credential.authenticate(
				{ apiKey: 'k', apiKeyEncoding: 'raw', xApiKey: 'x', environment: 'live', baseUrl: '' },
				{ baseURL: '', url: '/api/v1/server-to-server-interface/subscription/list' },
			),
		).rejects.toThrow(/^The DasGateway credential needs a Base URL for the live environment/);
	});
});

/**
 * What n8n 2.8.4's CredentialsTester does with a declarative test's answer (n8n/dist/services/credentials-tester
 * .service.js): the first `responseSuccessBody` rule whose key holds its value fails the test with its message;
 * no match means "Connection successful!". The body is the answer's JSON, or its text when it is not JSON.
 */
function verdict(test: ICredentialTestRequest, body: unknown): string {
	// lodash's get, as n8n calls it, for the dotted keys used here.
	const get = (value: unknown, key: string) =>
		key
			.split('.')
			.reduce<unknown>(
				(at, part) => (at === null || at === undefined ? undefined : (at as Record<string, unknown>)[part]),
				value,
			);
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(body, rule.properties.key) === rule.properties.value) {
			return rule.properties.message;
		}
	}
	return 'OK';
}

describe('the credential test', () => {
	const { test } = new DasGatewayApi();

	it('makes a read-only call and reads every HTTP status as an answer', () => {
		expect(test.request).toMatchObject({
			url: '/api/v1/server-to-server-interface/subscription/list',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		});
		// responseCode rules are never applied by n8n 2.8.4 (README, Credentials): none may be relied on.
		expect(test.rules?.every((rule) => rule.type === 'responseSuccessBody')).toBe(true);
	});

	it.each([
		["the manual's subscription list", subscriptionListResponse, 'OK'],
		['an empty subscription list', { success: true, status_code: 200, is_live: false, subscription_details: [] }, 'OK'],
		[
			'401 Invalid API key',
			errorBody(401, 'ERR0401', 'Invalid API key'),
			/^DasGateway rejected the keys \(HTTP 401\): check the API Key, the API Key Encoding/,
		],
		[
			'401 Invalid x-api-key',
			errorBody(401, 'ERR0401', 'Invalid x-api-key'),
			/^DasGateway rejected the keys \(HTTP 401\).*X-API-Key$/,
		],
		['403', errorBody(403, 'ERR0403', 'Forbidden'), /^DasGateway refused access with these keys \(HTTP 403\)/],
		[
			'404 route not found',
			errorBody(404, 'ERR0404', 'Route not found'),
			/^No DasGateway API at this Base URL \(HTTP 404\)/,
		],
		[
			'an HTML page',
			'<!doctype html><html><body>Maintenance</body></html>',
			/^This Base URL did not answer like the DasGateway API/,
		],
		['an empty body', '', /^This Base URL did not answer like the DasGateway API/],
		['truncated JSON', '{"success":true,"status_co', /^This Base URL did not answer like the DasGateway API/],
		["another API's JSON", { status: 'ok' }, /^This Base URL did not answer like the DasGateway API/],
		[
			'500',
			errorBody(500, 'ERR0500', 'Internal Server Error'),
			/^DasGateway answered the test call with an error \(success: false\)/,
		],
	])('%s', (_case, body, expected) => {
		const result = verdict(test, body);
		if (expected === 'OK') expect(result).toBe('OK');
		else expect(result).toMatch(expected);
	});

	it.each([
		[{ environment: 'sandbox', baseUrl: 'https://ignored.example' }],
		[{ environment: undefined }],
		[{ environment: 'custom', baseUrl: 'http://127.0.0.1:4010' }],
		[{ environment: 'custom', baseUrl: ' http://127.0.0.1:4010/ ' }],
		[{ environment: 'live', baseUrl: 'https://live.example/api/v1/server-to-server-interface' }],
		[{ environment: 'live', baseUrl: 'https://live.example/api/v1/server-to-server-interface//' }],
		[{ environment: 'live', baseUrl: 'https://live.example/prefix' }],
	])('calls the base URL the node calls: %j', (credentials) => {
		// The expression's body is plain JavaScript over $credentials; n8n evaluates it the same way.
		const body = /^=\{\{(.*)\}\}$/s.exec(BASE_URL_EXPRESSION)?.[1];
		const evaluate = new Function('$credentials', `return (${body});`) as (c: unknown) => string;
		expect(evaluate(credentials)).toBe(resolveBaseUrl(credentials as Parameters<typeof resolveBaseUrl>[0]));
	});
});

describe('base URL', () => {
	it('sandbox is the host printed in the 3DS manual; live and custom need a URL', () => {
		expect(resolveBaseUrl({ environment: 'sandbox' })).toBe(SANDBOX_BASE_URL);
		expect(() => resolveBaseUrl({ environment: 'live', baseUrl: '' })).toThrow(
			/live host from your merchant onboarding/,
		);
		expect(resolveBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
		expect(
			resolveBaseUrl({ environment: 'live', baseUrl: 'https://live.example/api/v1/server-to-server-interface' }),
		).toBe('https://live.example');
	});

	it.each([
		['http://localhost:4010', true],
		['http://127.8.9.10', true],
		['http://[::1]:4010', true],
		['http://10.0.0.5', false],
		['http://emulator.example', false],
		['ftp://127.0.0.1', false],
		['not a url', false],
	])('%s allowed: %s', (url, allowed) => {
		const attempt = () => resolveBaseUrl({ environment: 'custom', baseUrl: url });
		if (allowed) expect(attempt).not.toThrow();
		else expect(attempt).toThrow();
	});

	it('knows loopback hosts', () => {
		expect(isLoopbackHost('127.0.0.1')).toBe(true);
		expect(isLoopbackHost('128.0.0.1')).toBe(false);
	});
});
