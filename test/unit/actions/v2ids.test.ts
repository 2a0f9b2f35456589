/**
 * Version 2's transaction and subscription forms: Transaction ID and Subscription are resource locators
 * ({ __rl, mode, value }). The same input sends the same request as version 1; an invalid id stops the run before
 * anything is sent; the Subscription picker ("From List") reads the gateway's list through the credential.
 */
import type { IDataObject, ILoadOptionsFunctions, INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DasGateway } from '../../../nodes/DasGateway/DasGateway.node';
import { UUID_PATTERN } from '../../../nodes/DasGateway/actions/fields/common';
import { SUBSCRIPTION_PAGE_SIZE } from '../../../nodes/DasGateway/actions/subscription/listSearch';
import { uuidSchema } from '../../../nodes/DasGateway/gateway/schemas';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { api, subscriptionBody } from '../../emulator/testkit';
import { createHttpWithCredentials } from '../../helpers/httpWithCredentials';
import { runWorkflow } from '../../helpers/workflowExecute';
import { SECRETS, emulatorCredentials, purchaseParameters, runNode, serialize } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

const v2 = new DasGateway().getNodeType(2);
const v2Description = v2.description as INodeTypeDescription;
const rl = (mode: 'id' | 'list', value: string) => ({ __rl: true, mode, value });

/** The fields version 2 shows for one operation, as n8n resolves them (defaults filled in, hidden ones left out). */
function resolvedParameters(values: IDataObject): IDataObject {
	const node = { typeVersion: 2 } as Pick<INode, 'typeVersion'>;
	return NodeHelpers.getNodeParameters(
		v2Description.properties,
		values as never,
		true,
		false,
		node,
		v2Description,
	) as IDataObject;
}

function v2Field(name: string, resource: string, operation: string): INodeProperties {
	const found = v2Description.properties.find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
	if (!found) throw new Error(`no v2 field ${name} for ${resource}/${operation}`);
	return found;
}

let executions = 0;
async function pay(operation: 'authorize' | 'purchase', amount = 100): Promise<string> {
	const { output } = await runNode({
		baseUrl: emulator.url,
		executionId: `v2ids-${++executions}`,
		parameters: purchaseParameters({ operation, amount }),
	});
	expect(output[0].json.outcome).toBe('approved');
	return output[0].json.transactionId as string;
}

async function createSubscription(planName = 'Two day plan', currency = 'JPY'): Promise<string> {
	const { status, json } = await api(
		emulator,
		'POST',
		'/subscription/payment',
		subscriptionBody(emulator, { plan_name: planName }, { currency }),
	);
	expect(status).toBeLessThan(300);
	return (json as { subscription_details: { id: string } }).subscription_details.id;
}

/** What reached the gateway since request number `after`: method, path and body, with `ids` replaced by names. */
function wireSince(after: number, ids: Record<string, string>): Array<{ method: string; path: string; body: unknown }> {
	const rename = (text: string) =>
		Object.entries(ids).reduce((current, [name, id]) => current.split(id).join(`<${name}>`), text);
	return emulator
		.requests()
		.filter((request) => request.seq > after)
		.map(
			(request) =>
				JSON.parse(
					rename(JSON.stringify({ method: request.method, path: request.path, body: request.body ?? null })),
				) as {
					method: string;
					path: string;
					body: unknown;
				},
		);
}

const lastSeq = () => emulator.requests().reduce((max, request) => Math.max(max, request.seq), 0);

async function run(version: 1 | 2, parameters: IDataObject, items: IDataObject[] = [{}]) {
	return await runWorkflow({ version, parameters, items, credentials: emulatorCredentials(emulator.url) });
}

describe('version 2 forms: defaults as n8n resolves them', () => {
	it('Transaction ID is a resource locator "By ID"; Subscription opens on "From List"', () => {
		for (const operation of ['get', 'capture', 'refund', 'void', 'cancelOrRefund']) {
			expect(resolvedParameters({ resource: 'transaction', operation }).transactionId).toEqual({
				__rl: true,
				mode: 'id',
				value: '',
			});
		}
		for (const operation of ['get', 'pause', 'resume', 'cancel']) {
			expect(resolvedParameters({ resource: 'subscription', operation }).subscriptionId).toEqual({
				__rl: true,
				mode: 'list',
				value: '',
			});
		}
	});

	it('Capture and Refund: Transaction ID and Amount on top, no Currency anywhere, Merchant ID and Notes in Additional Fields', () => {
		for (const operation of ['capture', 'refund']) {
			const parameters = resolvedParameters({ resource: 'transaction', operation });
			expect(Object.keys(parameters).sort()).toEqual([
				'additionalFields',
				'amount',
				'operation',
				'options',
				'resource',
				'simplify',
				'transactionId',
			]);
			const additional = v2Field('additionalFields', 'transaction', operation);
			expect((additional.options as INodeProperties[]).map((option) => option.name)).toEqual(['merchantId', 'notes']);
			expect(
				JSON.stringify(v2Description.properties.filter((p) => p.displayOptions?.show?.operation?.includes(operation))),
			).not.toMatch(/"currency"/);
		}
	});

	it('Void and Cancel or Refund keep Merchant ID in Additional Fields; Get shows only the id and Simplify', () => {
		expect(Object.keys(resolvedParameters({ resource: 'transaction', operation: 'void' })).sort()).toEqual([
			'additionalFields',
			'operation',
			'options',
			'resource',
			'simplify',
			'transactionId',
		]);
		expect(Object.keys(resolvedParameters({ resource: 'transaction', operation: 'get' })).sort()).toEqual([
			'operation',
			'options',
			'resource',
			'simplify',
			'transactionId',
		]);
		const cancelOrRefund = v2Field('additionalFields', 'transaction', 'cancelOrRefund');
		expect((cancelOrRefund.options as INodeProperties[]).map((option) => option.name)).toEqual([
			'merchantId',
			'notes',
			'refundAmount',
		]);
	});

	it("Get Many: limit 50, filters empty; the currency filter is a drop-down of ISO 4217 codes, the status filter of the manual's states", () => {
		const parameters = resolvedParameters({ resource: 'subscription', operation: 'getMany' });
		expect(parameters).toMatchObject({ returnAll: false, limit: 50, filters: {}, simplify: true });
		const filters = v2Field('filters', 'subscription', 'getMany').options as INodeProperties[];
		const currency = filters.find((option) => option.name === 'currency');
		expect(currency?.type).toBe('options');
		expect(currency?.options).toEqual(
			expect.arrayContaining([
				{ name: 'USD (US Dollar)', value: 'USD' },
				{ name: 'JPY (Japanese Yen)', value: 'JPY' },
			]),
		);
		const status = filters.find((option) => option.name === 'status');
		expect(status?.options?.map((option) => ('value' in option ? option.value : null))).toEqual([
			'ACTIVE',
			'CANCELLED',
			'COMPLETED',
			'PAUSED',
		]);
	});

	it("the editor's UUID check accepts exactly what the request schema accepts", () => {
		const editor = new RegExp(`^${UUID_PATTERN}$`);
		const candidates = [
			'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			'BDD7E008-93E5-4777-A4F7-6EB2343CCE4D',
			' bdd7e008-93e5-4777-a4f7-6eb2343cce4d ',
			'00000000-0000-0000-0000-000000000000',
			'bdd7e00893e54777a4f76eb2343cce4d',
			'bdd7e008-93e5-4777-a4f7-6eb2343cce4',
			'bdd7e008-93e5-4777-a4f7-6eb2343cce4dd',
			'gdd7e008-93e5-4777-a4f7-6eb2343cce4d',
			'{bdd7e008-93e5-4777-a4f7-6eb2343cce4d}',
			'',
			'12345',
		];
		for (const candidate of candidates)
			expect([candidate, editor.test(candidate)]).toEqual([candidate, uuidSchema.safeParse(candidate).success]);
	});

	it('n8n flags an id that is not a UUID in the editor (parameter issues), and not an expression', () => {
		const issuesFor = (transactionId: unknown) => {
			const parameters = { resource: 'transaction', operation: 'get', transactionId };
			const node = {
				id: 'n',
				name: 'DasGateway',
				type: 'n8n-nodes-dasgateway.dasGateway',
				typeVersion: 2,
				position: [0, 0],
				parameters,
			} as unknown as INode;
			return (
				NodeHelpers.getNodeParametersIssues(v2Description.properties, node, v2Description)?.parameters?.transactionId ??
				[]
			);
		};
		expect(issuesFor(rl('id', 'ORDER-42'))).toEqual([expect.stringContaining('Not a valid transaction ID')]);
		expect(issuesFor(rl('id', 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d'))).toEqual([]);
		expect(issuesFor(rl('id', '={{ $json.id }}'))).toEqual([]);
	});
});

describe('version 2 sends what version 1 sends for the same input', () => {
	const MERCHANT = 'EMU0000001';
	const cases: Array<{
		name: string;
		prepare: () => Promise<string>;
		v1: (id: string) => IDataObject;
		v2: (id: string) => IDataObject;
		calls: string[];
	}> = [
		{
			name: 'Transaction → Get',
			prepare: async () => await pay('purchase', 42),
			v1: (id) => ({ resource: 'transaction', operation: 'get', transactionId: id }),
			v2: (id) => ({ resource: 'transaction', operation: 'get', transactionId: rl('id', id) }),
			calls: ['GET'],
		},
		{
			name: 'Transaction → Capture (v1 Currency was never sent)',
			prepare: async () => await pay('authorize', 100),
			v1: (id) => ({
				resource: 'transaction',
				operation: 'capture',
				transactionId: id,
				amount: 60,
				merchantId: MERCHANT,
				additionalFields: { notes: 'ship 1', currency: 'USD' },
			}),
			v2: (id) => ({
				resource: 'transaction',
				operation: 'capture',
				transactionId: rl('id', id),
				amount: 60,
				additionalFields: { merchantId: MERCHANT, notes: 'ship 1' },
			}),
			calls: ['POST'],
		},
		{
			name: 'Transaction → Refund',
			prepare: async () => await pay('purchase', 100),
			v1: (id) => ({
				resource: 'transaction',
				operation: 'refund',
				transactionId: id,
				amount: 20.25,
				additionalFields: { notes: 'sorry' },
			}),
			v2: (id) => ({
				resource: 'transaction',
				operation: 'refund',
				transactionId: rl('id', id),
				amount: 20.25,
				additionalFields: { notes: 'sorry' },
			}),
			calls: ['POST'],
		},
		{
			name: 'Transaction → Void',
			prepare: async () => await pay('authorize', 100),
			v1: (id) => ({ resource: 'transaction', operation: 'void', transactionId: id, merchantId: MERCHANT }),
			v2: (id) => ({
				resource: 'transaction',
				operation: 'void',
				transactionId: rl('id', id),
				additionalFields: { merchantId: MERCHANT },
			}),
			calls: ['POST'],
		},
		{
			name: 'Transaction → Cancel or Refund (a purchase: part refunded)',
			prepare: async () => await pay('purchase', 100),
			v1: (id) => ({
				resource: 'transaction',
				operation: 'cancelOrRefund',
				transactionId: id,
				additionalFields: { refundAmount: 10, notes: 'n' },
			}),
			v2: (id) => ({
				resource: 'transaction',
				operation: 'cancelOrRefund',
				transactionId: rl('id', id),
				additionalFields: { refundAmount: 10, notes: 'n' },
			}),
			calls: ['GET', 'POST'],
		},
		{
			name: 'Transaction → Cancel or Refund (an authorization: voided)',
			prepare: async () => await pay('authorize', 100),
			v1: (id) => ({ resource: 'transaction', operation: 'cancelOrRefund', transactionId: id }),
			v2: (id) => ({ resource: 'transaction', operation: 'cancelOrRefund', transactionId: rl('id', ` ${id} `) }),
			calls: ['GET', 'POST'],
		},
		...(['get', 'pause', 'cancel'] as const).map((operation) => ({
			name: `Subscription → ${operation} (picked from the list)`,
			prepare: async () => await createSubscription(),
			v1: (id: string) => ({ resource: 'subscription', operation, subscriptionId: id }),
			v2: (id: string) => ({ resource: 'subscription', operation, subscriptionId: rl('list', id) }),
			calls: ['GET'],
		})),
		{
			name: 'Subscription → Resume (by ID)',
			prepare: async () => {
				const id = await createSubscription();
				expect((await api(emulator, 'GET', `/subscription/${id}/pause`)).status).toBe(200);
				return id;
			},
			v1: (id) => ({ resource: 'subscription', operation: 'resume', subscriptionId: id }),
			v2: (id) => ({ resource: 'subscription', operation: 'resume', subscriptionId: rl('id', id) }),
			calls: ['GET'],
		},
	];

	it.each(cases)('$name', async ({ prepare, v1, v2: v2Parameters, calls }) => {
		const first = await prepare();
		const second = await prepare();

		const before1 = lastSeq();
		const one = await run(1, v1(first));
		expect(one.error).toBeUndefined();
		const wire1 = wireSince(before1, { id: first });

		const before2 = lastSeq();
		const two = await run(2, v2Parameters(second));
		expect(two.error).toBeUndefined();
		const wire2 = wireSince(before2, { id: second });

		expect(wire1.map((call) => call.method)).toEqual(calls);
		expect(wire2).toEqual(wire1);
		const strip = (json: IDataObject) =>
			JSON.parse(JSON.stringify(json).split(first).join('<id>').split(second).join('<id>')) as IDataObject;
		expect(Object.keys(two.outputs[0][0].json).sort()).toEqual(Object.keys(one.outputs[0][0].json).sort());
		expect(strip(two.outputs[0][0].json).transactionType ?? strip(two.outputs[0][0].json).status).toEqual(
			strip(one.outputs[0][0].json).transactionType ?? strip(one.outputs[0][0].json).status,
		);
	});

	it('Subscription → Get Many with drop-down filters gives what version 1 gives', async () => {
		const usd = await createSubscription('Monthly box', 'USD');
		await createSubscription('Yen plan', 'JPY');
		const paused = await createSubscription('Paused box', 'USD');
		await api(emulator, 'GET', `/subscription/${paused}/pause`);
		const parameters = {
			resource: 'subscription',
			operation: 'getMany',
			returnAll: true,
			filters: { currency: 'USD', status: ['ACTIVE'] },
		};
		const before = lastSeq();
		const one = await run(1, parameters);
		const two = await run(2, parameters);
		const wire = wireSince(before, {});
		expect(wire).toEqual([wire[0], wire[0]]);
		expect(wire[0]).toMatchObject({ method: 'GET', path: '/api/v1/server-to-server-interface/subscription/list' });
		expect(two.outputs[0].map((item) => item.json.subscriptionId)).toEqual([usd]);
		expect(two.outputs[0].map((item) => item.json)).toEqual(one.outputs[0].map((item) => item.json));
	});

	it('Subscription → Report runs in version 2 as in version 1', async () => {
		await createSubscription();
		const parameters = { resource: 'subscription', operation: 'report', period: 'last7Days', renewalWindowDays: 3 };
		const one = await run(1, parameters);
		const two = await run(2, parameters);
		expect(two.error).toBeUndefined();
		expect(Object.keys(two.outputs[0][0].json).sort()).toEqual(Object.keys(one.outputs[0][0].json).sort());
	});
});

describe('version 2: an invalid id stops the run before anything is sent', () => {
	it('a transaction id that is not a UUID, on the second of three items: nothing is sent, the error names the field and item', async () => {
		const valid = await pay('authorize', 100);
		const before = lastSeq();
		const { error, outputs } = await run(
			2,
			{ resource: 'transaction', operation: 'capture', transactionId: rl('id', '={{ $json.id }}'), amount: 10 },
			[{ id: valid }, { id: 'ORDER-42' }, { id: valid }],
		);
		expect(outputs).toEqual([]);
		expect(error?.message).toMatch(/^Transaction ID must be a UUID .*\[item 1\]$/);
		expect(error?.description).toContain('Nothing was sent');
		expect(wireSince(before, {})).toEqual([]);
	});

	it('a subscription picked "From List" whose value is not a UUID: nothing is sent', async () => {
		const id = await createSubscription();
		const before = lastSeq();
		const { error } = await run(
			2,
			{ resource: 'subscription', operation: 'cancel', subscriptionId: rl('list', '={{ $json.id }}') },
			[{ id }, { id: 'not-an-id' }],
		);
		expect(error?.message).toMatch(/^Subscription must be a UUID .*\[item 1\]$/);
		expect(wireSince(before, {})).toEqual([]);
	});

	it("an empty or non-UUID Transaction ID typed in the form: n8n itself refuses to start the run (the editor's check), nothing is sent", async () => {
		for (const value of ['', 'ORDER-42']) {
			const before = lastSeq();
			await expect(
				run(2, { resource: 'transaction', operation: 'void', transactionId: rl('id', value) }),
			).rejects.toThrow(/workflow has issues/);
			expect(wireSince(before, {})).toEqual([]);
		}
	});

	it('Merchant ID in Additional Fields is checked and named as the editor shows it', async () => {
		const valid = await pay('authorize', 100);
		const before = lastSeq();
		const { error } = await run(2, {
			resource: 'transaction',
			operation: 'void',
			transactionId: rl('id', valid),
			additionalFields: { merchantId: 'MERCHANT-ID-TOO-LONG' },
		});
		expect(error?.message).toMatch(/^Additional Fields → Merchant ID must be .*\[item 0\]$/);
		expect(wireSince(before, {})).toEqual([]);
	});
});

describe('Subscription "From List": the listSearch method', () => {
	const searchSubscriptions = v2.methods?.listSearch?.searchSubscriptions;

	function loadOptionsContext(credentials = emulatorCredentials(emulator.url)) {
		const { httpRequestWithAuthentication, calls } = createHttpWithCredentials(credentials);
		const ctx = {
			getNode: () =>
				({
					id: 'n',
					name: 'DasGateway',
					type: 'n8n-nodes-dasgateway.dasGateway',
					typeVersion: 2,
					position: [0, 0],
					parameters: {},
				}) as INode,
			getCredentials: async () => credentials,
			helpers: { httpRequestWithAuthentication },
		} as unknown as ILoadOptionsFunctions;
		return { ctx, calls };
	}

	it('is what the Subscription field\'s "From List" mode names', () => {
		const field = v2Field('subscriptionId', 'subscription', 'get');
		expect(field.modes?.map((mode) => [mode.name, mode.displayName])).toEqual([
			['list', 'From List'],
			['id', 'By ID'],
		]);
		expect(field.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchSubscriptions', searchable: true });
		expect(typeof searchSubscriptions).toBe('function');
	});

	it('lists the subscriptions through the credential: plan, status and price as the name, the id as the value', async () => {
		const id = await createSubscription('Two day plan', 'JPY');
		const { ctx, calls } = loadOptionsContext();
		const result = await searchSubscriptions!.call(ctx);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'GET',
			url: `${emulator.url}/api/v1/server-to-server-interface/subscription/list`,
		});
		expect(result.results).toEqual([
			{ name: expect.stringMatching(/^Two day plan · ACTIVE · \d+(\.\d+)? JPY$/), value: id, description: id },
		]);
		expect(result.paginationToken).toBeUndefined();
	});

	it('filters by the search text on plan name, plan description, id or status, ignoring case', async () => {
		const box = await createSubscription('Monthly Box', 'USD');
		const tea = await createSubscription('Tea club', 'USD');
		await api(emulator, 'GET', `/subscription/${tea}/pause`);
		const { ctx } = loadOptionsContext();
		const values = async (filter: string) =>
			(await searchSubscriptions!.call(ctx, filter)).results.map((entry) => entry.value);
		expect(await values('monthly')).toEqual([box]);
		expect(await values('  TEA ')).toEqual([tea]);
		expect(await values(box.slice(0, 8))).toEqual([box]);
		expect(await values('paused')).toEqual([tea]);
		expect(await values('nothing like this')).toEqual([]);
		expect((await values('')).sort()).toEqual([box, tea].sort());
	});

	it('pages of at most 50, the token giving the next page, until the list ends', async () => {
		const created: string[] = [];
		for (let index = 0; index < SUBSCRIPTION_PAGE_SIZE + 7; index++)
			created.push(await createSubscription(`Plan ${index}`, 'USD'));
		const { ctx } = loadOptionsContext();
		const first = await searchSubscriptions!.call(ctx, 'plan');
		expect(first.results).toHaveLength(SUBSCRIPTION_PAGE_SIZE);
		expect(first.paginationToken).toBe(String(SUBSCRIPTION_PAGE_SIZE));
		const second = await searchSubscriptions!.call(ctx, 'plan', first.paginationToken as string);
		expect(second.results).toHaveLength(7);
		expect(second.paginationToken).toBeUndefined();
		expect([...first.results, ...second.results].map((entry) => entry.value).sort()).toEqual([...created].sort());
		// A token n8n did not hand out starts at the first page.
		expect((await searchSubscriptions!.call(ctx, 'plan', 'garbage')).results).toEqual(first.results);
	});

	it('a refused credential is a NodeApiError with our reason, naming no key', async () => {
		await createSubscription();
		const { ctx } = loadOptionsContext(emulatorCredentials(emulator.url, { apiKey: 'wrong-secret-key' }));
		const error = (await searchSubscriptions!.call(ctx).catch((caught: unknown) => caught)) as Error & {
			httpCode?: string;
			description?: string;
		};
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toContain('listing subscriptions');
		expect(error.description).toContain('rejected the credential');
		expect(serialize(error)).not.toMatch(new RegExp([...SECRETS, 'wrong-secret-key'].join('|')));
	});

	it('an unreachable gateway is a NodeApiError saying so', async () => {
		const { ctx } = loadOptionsContext(emulatorCredentials('http://127.0.0.1:1'));
		const error = (await searchSubscriptions!.call(ctx).catch((caught: unknown) => caught)) as Error;
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toContain('could not be reached while listing subscriptions');
	});
});
