/**
 * The built package inside a real n8n 2.8.4: n8n knows its node types and credential, serves its icons,
 * and runs the credential's test against the emulator (good keys pass, wrong keys fail with our message).
 * One n8n server for the whole file.
 */
import { RESOURCES } from '../../nodes/DasGateway/actions/router';
import { NODE_TYPE, TRIGGER_NODE_TYPE, CREDENTIAL_TYPE } from '../n8n/instance';
import { generateOutputSchemas } from '../tools/output-schemas';
import { setupE2e, type E2eContext } from './support/harness';

let e2e: E2eContext;

beforeAll(async () => {
	e2e = await setupE2e({ name: 'n8n-package' });
});

afterAll(async () => {
	await e2e?.close();
});

describe('n8n loads n8n-nodes-dasgateway', () => {
	it('offers the DasGateway action node with its credential', async () => {
		const types = await e2e.n8n.nodeTypes();
		const node = types.find((type) => type.name === NODE_TYPE);
		expect(node).toBeDefined();
		expect(node).toMatchObject({ displayName: 'DasGateway', credentials: [expect.objectContaining({ name: CREDENTIAL_TYPE })] });
	});

	it('offers the DasGateway Trigger as a webhook trigger', async () => {
		const types = await e2e.n8n.nodeTypes();
		const trigger = types.find((type) => type.name === TRIGGER_NODE_TYPE) as
			| { displayName?: string; group?: string[]; webhooks?: unknown[]; credentials?: Array<{ name: string }> }
			| undefined;
		expect(trigger).toBeDefined();
		expect(trigger?.displayName).toBe('DasGateway Trigger');
		expect(trigger?.group).toContain('trigger');
		expect(trigger?.webhooks?.length).toBeGreaterThan(0);
		expect(trigger?.credentials?.map((credential) => credential.name)).toContain(CREDENTIAL_TYPE);
	});

	it('offers the DasGateway API credential with every field', async () => {
		const credentials = await e2e.n8n.credentialTypes();
		const credential = credentials.find((type) => type.name === CREDENTIAL_TYPE) as
			| { displayName?: string; properties?: Array<{ name: string }> }
			| undefined;
		expect(credential?.displayName).toBe('DasGateway API');
		expect(credential?.properties?.map((property) => property.name)).toEqual(
			expect.arrayContaining(['apiKey', 'apiKeyEncoding', 'xApiKey', 'environment', 'baseUrl', 'merchantId']),
		);
	});

	it('serves the node icon the editor asks for', async () => {
		const types = await e2e.n8n.nodeTypes();
		const node = types.find((type) => type.name === NODE_TYPE) as { iconUrl?: string | { light?: string } } | undefined;
		const iconPath = typeof node?.iconUrl === 'string' ? node.iconUrl : node?.iconUrl?.light;
		expect(iconPath).toMatch(/\.svg$/);
		const response = await e2e.n8n.rest('GET', `/${String(iconPath).replace(/^\/+/, '')}`);
		expect(response.status).toBe(200);
		expect(String(response.body)).toContain('<svg');
	});

	it("serves every operation's output schema where the editor asks for it (the Schema view before a run)", async () => {
		const expected = generateOutputSchemas();
		const operations = Object.entries(RESOURCES).flatMap(([resource, ops]) => Object.keys(ops).map((operation) => `${resource}/${operation}`));
		for (const key of operations) {
			// The editor's request for a version 1 node: /schemas/<type>/1.0.0/<resource>/<operation>.json
			const response = await e2e.n8n.rest('GET', `/schemas/${NODE_TYPE}/1.0.0/${key}.json`);
			expect([key, response.status]).toEqual([key, 200]);
			expect(response.body).toEqual(expected.get(key));
		}
		expect((await e2e.n8n.rest('GET', `/schemas/${NODE_TYPE}/1.0.0/transaction/nothing.json`)).status).toBe(404);
	});
});

describe('the DasGateway API credential test, run by n8n against the emulator', () => {
	const subscriptionListCalls = () =>
		e2e.emulator.requests().filter((request) => request.path.endsWith('/subscription/list') && request.method === 'GET');

	/**
	 * The test reached the emulator and was turned away there (not lost on the way). n8n asks twice: after a
	 * 401 it authenticates again and retries once.
	 */
	const expectOnlyRejectedCalls = () => {
		const statuses = subscriptionListCalls().map((call) => call.status);
		expect(statuses.length).toBeGreaterThanOrEqual(1);
		for (const status of statuses) expect([401, 403]).toContain(status);
	};

	beforeEach(() => e2e.emulator.reset());

	it('passes with the emulator keys', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id);
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		expect(subscriptionListCalls().map((call) => call.status)).toEqual([200]);
	});

	// n8n's own words for a 401/403 ("Authorization failed - please check your credentials",
	// "Forbidden - perhaps check your credentials?") or the credential's ("check the API Key, ...").
	const CREDENTIALS_MESSAGE = /credentials|API Key/i;

	it('fails with a clear message for a wrong API key', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { apiKey: 'not-the-emulator-api-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(CREDENTIALS_MESSAGE);
		expectOnlyRejectedCalls();
	});

	it('fails with a clear message for a wrong x-api-key', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { xApiKey: 'not-the-emulator-x-api-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(CREDENTIALS_MESSAGE);
		expectOnlyRejectedCalls();
	});

	it('fails with a clear message when the raw API key is declared already encoded', async () => {
		// Sent as "Basic emulator-api-key" instead of base64("emulator-api-key:").
		const result = await e2e.n8n.testCredential(e2e.credential.id, { apiKeyEncoding: 'encoded' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(CREDENTIALS_MESSAGE);
		expectOnlyRejectedCalls();
	});

	it('fails when the Base URL has no DasGateway API behind it', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: `${e2e.emulator.url}/not-the-api` });
		expect(result.status).toBe('Error');
		// n8n's words for a 404 ("The resource you are requesting could not be found") or the credential's.
		expect(result.message).toMatch(/could not be found|No DasGateway API/);
	});

	/*
	 * KNOWN DEFECT (marked `failing`: jest reports these as passing while they fail, and as failing once they
	 * pass, so whoever fixes it must drop the marker). n8n 2.8.4 never applies the `responseCode` rules of a
	 * credential's declarative `test`: it looks for `error.cause.response`, but n8n-workflow 2.8's
	 * ExecutionBaseError declares a `cause` class field that wipes the Error cause, so NodeApiError.cause is
	 * always undefined. The user sees n8n's generic message instead of ours. Fix (credentials/ + nodes/): test
	 * through the node, `testedBy` + `methods.credentialTest`, which returns our messages itself.
	 */
	it.failing("shows the credential's own message for rejected keys", async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { apiKey: 'not-the-emulator-api-key' });
		expect(result.message).toMatch(/^DasGateway (rejected|refused).*check the API Key, its encoding and the X-API-Key/);
	});

	it.failing("shows the credential's own message for a Base URL without the API", async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: `${e2e.emulator.url}/not-the-api` });
		expect(result.message).toMatch(/No DasGateway API at this Base URL/);
	});
});
