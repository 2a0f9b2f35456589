/**
 * The built package inside a real n8n 2.8.4: n8n knows its node types and credential, serves its icons,
 * and runs the credential's test against the emulator (good keys pass; wrong keys, a wrong Base URL and answers that
 * are not DasGateway's fail with the credential's own reason).
 * One n8n server for the whole file.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { RESOURCES } from '../../nodes/DasGateway/actions/router';
import { NODE_TYPE, PACKAGE_NAME, TRIGGER_NODE_TYPE, CREDENTIAL_TYPE } from '../n8n/instance';
import { freePort } from '../n8n/processes';
import { generateOutputSchemas } from '../tools/output-schemas';
import { api, subscriptionBody } from '../emulator/testkit';
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
		expect(node).toMatchObject({
			displayName: 'DasGateway',
			credentials: [expect.objectContaining({ name: CREDENTIAL_TYPE })],
		});
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

	it('offers the DasGateway Subscription Trigger as a polling trigger with its events', async () => {
		const types = await e2e.n8n.nodeTypes();
		const trigger = types.find((type) => type.name === `${PACKAGE_NAME}.dasGatewaySubscriptionTrigger`) as
			| {
					displayName?: string;
					polling?: boolean;
					properties?: Array<{ name: string; default?: unknown }>;
					credentials?: Array<{ name: string }>;
			  }
			| undefined;
		expect(trigger?.displayName).toBe('DasGateway Subscription Trigger');
		expect(trigger?.polling).toBe(true);
		expect(trigger?.properties?.find((property) => property.name === 'events')?.default).toHaveLength(8);
		expect(trigger?.credentials?.map((credential) => credential.name)).toContain(CREDENTIAL_TYPE);
	});

	it('offers the DasGateway API credential with every field', async () => {
		const credentials = await e2e.n8n.credentialTypes();
		const credential = credentials.find((type) => type.name === CREDENTIAL_TYPE) as
			{ displayName?: string; properties?: Array<{ name: string }> } | undefined;
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
		const operations = Object.entries(RESOURCES).flatMap(([resource, ops]) =>
			Object.keys(ops).map((operation) => `${resource}/${operation}`),
		);
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
		e2e.emulator
			.requests()
			.filter((request) => request.path.endsWith('/subscription/list') && request.method === 'GET');

	// What the editor shows under "Couldn't connect with these settings": the credential's own reasons.
	const KEYS_REJECTED =
		/^DasGateway rejected the keys \(HTTP 401\): check the API Key, the API Key Encoding \(raw key or already-encoded key\) and the X-API-Key$/;
	const NO_API_HERE = /^No DasGateway API at this Base URL \(HTTP 404\): check the Environment and the Base URL/;
	const NOT_DASGATEWAY =
		/^This Base URL did not answer like the DasGateway API \(an HTML page, an empty or unreadable answer\): check the Environment and the Base URL/;
	const GATEWAY_ERROR = /^DasGateway answered the test call with an error \(success: false\)/;

	/** A web server that is not DasGateway, for Base URLs that point at the wrong place. */
	let stranger: Server;
	let strangerUrl: string;

	beforeAll(async () => {
		stranger = createServer((request, response) => {
			const kind = String(request.url).split('/')[1];
			if (kind === 'html-404') {
				response
					.writeHead(404, { 'content-type': 'text/html' })
					.end('<html><body><h1>404 Not Found</h1></body></html>');
			} else if (kind === 'empty') {
				response.writeHead(200).end();
			} else {
				response
					.writeHead(200, { 'content-type': 'application/json' })
					.end(JSON.stringify({ status: 'ok', items: [] }));
			}
		});
		await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
		strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => stranger?.close(resolve));
	});

	beforeEach(() => e2e.emulator.reset());

	it('passes with the emulator keys', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id);
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		expect(subscriptionListCalls().map((call) => call.status)).toEqual([200]);
	});

	it('passes with a Base URL that includes /api/v1/server-to-server-interface, as the node accepts', async () => {
		for (const baseUrl of [
			`${e2e.emulator.url}/api/v1/server-to-server-interface`,
			`${e2e.emulator.url}/api/v1/server-to-server-interface/`,
		]) {
			e2e.emulator.reset();
			const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl });
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
			expect(subscriptionListCalls().map((call) => call.path)).toEqual([
				'/api/v1/server-to-server-interface/subscription/list',
			]);
		}
	});

	it.each([
		['a wrong API key', { apiKey: 'not-the-emulator-api-key' }],
		['a wrong x-api-key', { xApiKey: 'not-the-emulator-x-api-key' }],
		// Sent as "Basic emulator-api-key" instead of base64("emulator-api-key:").
		['the raw API key declared already encoded', { apiKeyEncoding: 'encoded' }],
		// Encoded a second time.
		[
			'the encoded API key declared raw',
			{ apiKey: Buffer.from('emulator-api-key:').toString('base64'), apiKeyEncoding: 'raw' },
		],
	])('fails with our reason for %s, asking the gateway once', async (_case, overrides) => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, overrides);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(KEYS_REJECTED) });
		expect(subscriptionListCalls().map((call) => call.status)).toEqual([401]);
	});

	it('fails with our reason when the Base URL has no DasGateway API behind it', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: `${e2e.emulator.url}/not-the-api` });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(NO_API_HERE) });
	});

	it.each([
		['an HTML 404 page', 'html-404'],
		['an empty 200 answer', 'empty'],
		["another API's JSON", 'other-api'],
	])('fails with our reason when the Base URL answers with %s', async (_case, kind) => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: `${strangerUrl}/${kind}` });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(NOT_DASGATEWAY) });
	});

	it.each([
		['an HTML maintenance page with 200', 'html', NOT_DASGATEWAY],
		['an HTML 502 page from its proxy', '502', NOT_DASGATEWAY],
		['a 200 with truncated JSON', 'malformed-json', NOT_DASGATEWAY],
		['its 500 error', '500', GATEWAY_ERROR],
	] as const)('fails with our reason when DasGateway answers with %s', async (_case, fault, reason) => {
		e2e.emulator.injectFault({ fault, path: '/subscription/list' });
		const result = await e2e.n8n.testCredential(e2e.credential.id);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(reason) });
		expect(subscriptionListCalls()).toHaveLength(1);
	});

	it('refuses plain http to another machine before any key is sent', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: 'http://payments.example' });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Refusing plain http to payments\.example: /),
		});
	});

	it('names a Base URL that is not a URL, before any key is sent', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: 'payments dot example' });
		expect(result).toEqual({
			status: 'Error',
			message: 'The DasGateway Base URL "payments dot example" is not a valid URL',
		});
	});

	it('names the missing Base URL of the live environment', async () => {
		const result = await e2e.n8n.testCredential(e2e.credential.id, { environment: 'live', baseUrl: '' });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The DasGateway credential needs a Base URL for the live environment/),
		});
		expect(subscriptionListCalls()).toHaveLength(0);
	});

	/*
	 * n8n's words, not ours: a request that gets no answer throws inside n8n before any rule is read, and the
	 * credential tester shows the message NodeApiError gave it (README, "Credentials", explains why no package can
	 * change this in n8n 2.8.4).
	 */
	it("fails for an unreachable Base URL, in n8n 2.8.4 with n8n's own words", async () => {
		const closedPort = await freePort();
		const result = await e2e.n8n.testCredential(e2e.credential.id, { baseUrl: `http://127.0.0.1:${closedPort}` });
		expect(result).toEqual({ status: 'Error', message: 'The service refused the connection - perhaps it is offline' });
	});
});

describe("version 2's Subscription picker (From List), asked for by n8n as the editor asks", () => {
	type Page = { results: Array<{ name: string; value: string }>; paginationToken?: string };
	const search = async (filter?: string) =>
		await e2e.n8n.rest<Page>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.subscriptionId',
			nodeTypeAndVersion: { name: NODE_TYPE, version: 2 },
			methodName: 'searchSubscriptions',
			currentNodeParameters: {
				resource: 'subscription',
				operation: 'get',
				subscriptionId: { __rl: true, mode: 'list', value: '' },
			},
			credentials: { [CREDENTIAL_TYPE]: { id: e2e.credential.id, name: e2e.credential.name } },
			...(filter === undefined ? {} : { filter }),
		});

	beforeEach(() => e2e.emulator.reset());

	it("lists the emulator's subscriptions through the credential, and filters by the search text", async () => {
		const created: Record<string, string> = {};
		for (const plan of ['Monthly box', 'Tea club']) {
			const answer = await api(
				e2e.emulator,
				'POST',
				'/subscription/payment',
				subscriptionBody(e2e.emulator, { plan_name: plan }),
			);
			created[plan] = (answer.json as { subscription_details: { id: string } }).subscription_details.id;
		}
		const all = await search();
		expect(all.status).toBe(200);
		expect(all.data.results.map((entry) => entry.value).sort()).toEqual(Object.values(created).sort());
		expect(all.data.results.find((entry) => entry.value === created['Tea club'])?.name).toMatch(/^Tea club · ACTIVE/);
		const tea = await search('TEA');
		expect(tea.data.results.map((entry) => entry.value)).toEqual([created['Tea club']]);
	});

	it('shows our reason when the list cannot be read', async () => {
		e2e.emulator.injectFault({ fault: '500', path: '/subscription/list' });
		const failed = await search();
		expect(failed.status).toBeGreaterThanOrEqual(400);
		expect(JSON.stringify(failed.body)).toContain('while listing subscriptions');
		expect(JSON.stringify(failed.body)).not.toMatch(/emulator-api-key|emulator-x-api-key/);
	});
});
