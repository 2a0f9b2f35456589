import { DasGatewayApi } from '../../credentials/DasGatewayApi.credentials';
import { SANDBOX_BASE_URL, basicAuthorization, isLoopbackHost, resolveBaseUrl } from '../../nodes/DasGateway/gateway/environment';

describe('DasGatewayApi credential', () => {
	const credential = new DasGatewayApi();

	it('has the public field names', () => {
		expect(credential.name).toBe('dasGatewayApi');
		expect(credential.properties.map((p) => p.name)).toEqual(['apiKey', 'apiKeyEncoding', 'xApiKey', 'environment', 'baseUrl', 'merchantId']);
		for (const secret of ['apiKey', 'xApiKey']) {
			expect(credential.properties.find((p) => p.name === secret)?.typeOptions?.password).toBe(true);
		}
	});

	it('encodes a raw key like curl -u key: and sends an encoded key as it is', async () => {
		const raw = await credential.authenticate(
			{ apiKey: 'emulator-api-key', apiKeyEncoding: 'raw', xApiKey: 'x-key' },
			{ url: '/api', baseURL: 'https://api.example' },
		);
		expect(raw.headers).toMatchObject({ Authorization: `Basic ${Buffer.from('emulator-api-key:').toString('base64')}`, 'x-api-key': 'x-key' });
		const encoded = await credential.authenticate(
			{ apiKey: 'ZW11bGF0b3ItYXBpLWtleTo=', apiKeyEncoding: 'encoded', xApiKey: 'x-key' },
			{ url: 'https://api.example/api' },
		);
		expect(encoded.headers).toMatchObject({ Authorization: 'Basic ZW11bGF0b3ItYXBpLWtleTo=' });
		expect(basicAuthorization('Basic abc', 'encoded')).toBe('Basic abc');
	});

	it('refuses to send keys over plain http to another machine', async () => {
		await expect(
			credential.authenticate({ apiKey: 'k', apiKeyEncoding: 'raw', xApiKey: 'x' }, { url: 'http://payments.example/api' }),
		).rejects.toThrow(/Refusing plain http/);
		await expect(
			credential.authenticate({ apiKey: 'k', apiKeyEncoding: 'raw', xApiKey: 'x' }, { url: 'http://127.0.0.1:4010/api' }),
		).resolves.toBeDefined();
	});

	it('tests the keys with a read-only call and explains a 401', () => {
		expect(credential.test.request.url).toBe('/api/v1/server-to-server-interface/subscription/list');
		expect(credential.test.request.method).toBe('GET');
		expect(credential.test.rules).toEqual(
			expect.arrayContaining([expect.objectContaining({ properties: expect.objectContaining({ value: 401, message: expect.stringContaining('X-API-Key') }) })]),
		);
	});
});

describe('base URL', () => {
	it('sandbox is the host printed in the 3DS manual; live and custom need a URL', () => {
		expect(resolveBaseUrl({ environment: 'sandbox' })).toBe(SANDBOX_BASE_URL);
		expect(() => resolveBaseUrl({ environment: 'live', baseUrl: '' })).toThrow(/live host from your merchant onboarding/);
		expect(resolveBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
		expect(resolveBaseUrl({ environment: 'live', baseUrl: 'https://live.example/api/v1/server-to-server-interface' })).toBe('https://live.example');
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
