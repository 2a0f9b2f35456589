/**
 * The example workflows: every DasGateway node uses an existing resource/operation and only parameter names the
 * node knows, together they reach every operation (tokens included), and each workflow runs against the emulator
 * (a tiny runner: follows connections, resolves `={{ $json.path }}` expressions, evaluates the IF on outcome).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INodeProperties, INodePropertyCollection, INodeExecutionData } from 'n8n-workflow';

import { DasGateway } from '../../nodes/DasGateway/DasGateway.node';
import { RESOURCES } from '../../nodes/DasGateway/actions/router';
import { startEmulator, type RunningEmulator } from '../emulator';
import { api, subscriptionBody } from '../emulator/testkit';
import { createExecuteContext } from '../helpers/executeContext';
import { emulatorCredentials } from '../helpers/httpWithCredentials';
import { generateOutputSchemas, type JsonSchema } from '../tools/output-schemas';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const EXAMPLES_DIR = join(__dirname, '../../examples');
const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
const workflows = files.map(
	(file) => [file, JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Workflow] as const,
);
const NODE_TYPE = 'n8n-nodes-dasgateway.dasGateway';
/** The form of the node's version: examples are saved with the current one, old copies with theirs. */
const propertiesOf = (version: number): INodeProperties[] =>
	new DasGateway().getNodeType(version).description.properties;

function visibleFor(property: INodeProperties, parameters: IDataObject, properties: INodeProperties[]): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([key, allowed]) => {
		const value =
			parameters[key] ??
			properties.find((candidate) => candidate.name === key && visibleFor(candidate, parameters, properties))?.default;
		return (allowed as unknown[]).includes(value);
	});
}

/** Every return or notification URL a node's parameters hold, wherever its form keeps them. */
function urlParameters(parameters: IDataObject): Array<[string, string]> {
	return Object.entries(parameters).flatMap(([name, value]): Array<[string, string]> => {
		if (value && typeof value === 'object' && !Array.isArray(value)) return urlParameters(value as IDataObject);
		return /Url$/.test(name) && typeof value === 'string' ? [[name, value]] : [];
	});
}

/** Names inside a collection or fixedCollection value that the property does not define. */
function unknownNestedNames(property: INodeProperties, value: unknown, path: string): string[] {
	if (property.type !== 'collection' && property.type !== 'fixedCollection') return [];
	const problems: string[] = [];
	for (const [key, entry] of Object.entries((value ?? {}) as IDataObject)) {
		const option = (property.options ?? []).find((candidate) => (candidate as { name: string }).name === key);
		if (!option) {
			problems.push(`${path}.${key}`);
			continue;
		}
		if (property.type === 'fixedCollection') {
			for (const inner of Object.keys((entry ?? {}) as IDataObject)) {
				if (!(option as INodePropertyCollection).values.some((candidate) => candidate.name === inner))
					problems.push(`${path}.${key}.${inner}`);
			}
		}
	}
	return problems;
}

describe.each(workflows)('example %s', (_file, workflow) => {
	const gatewayNodes = workflow.nodes.filter((node) => node.type === NODE_TYPE);

	it('has a fixed id and name, and DasGateway nodes use the emulator credential', () => {
		expect(workflow.id).toMatch(/^\w+$/);
		expect(workflow.name).toMatch(/^DasGateway: /);
		expect(gatewayNodes.length).toBeGreaterThan(0);
		for (const node of gatewayNodes)
			expect(node.credentials).toEqual({ dasGatewayApi: { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' } });
	});

	it.each(gatewayNodes.map((node) => [node.name, node] as const))(
		'node "%s" uses a real operation and known, visible parameters',
		(_name, node) => {
			const { resource, operation } = node.parameters as { resource: string; operation: string };
			expect(Object.keys(RESOURCES)).toContain(resource);
			expect(Object.keys(RESOURCES[resource])).toContain(operation);
			const problems: string[] = [];
			const properties = propertiesOf(node.typeVersion);
			for (const [name, value] of Object.entries(node.parameters)) {
				const property = properties.find(
					(candidate) => candidate.name === name && visibleFor(candidate, node.parameters, properties),
				);
				if (!property) {
					problems.push(name);
					continue;
				}
				problems.push(...unknownNestedNames(property, value, name));
			}
			expect(problems).toEqual([]);
		},
	);
});

describe('the examples together', () => {
	const triggers = workflows.flatMap(([, workflow]) =>
		workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-dasgateway.dasGatewayTrigger')
			.map((node) => (node as { webhookId?: string }).webhookId),
	);

	it("send notifications and shoppers only to a DasGateway Trigger's URLs", () => {
		const problems: string[] = [];
		for (const [file, workflow] of workflows) {
			for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE)) {
				for (const [name, url] of urlParameters(node.parameters)) {
					if (!url.startsWith('http://127.0.0.1:5678/')) continue;
					const match = url.match(/^http:\/\/127\.0\.0\.1:5678\/webhook\/([0-9a-f-]{36})\/(webhook|return)$/);
					const expectedPath = name === 'webhookUrl' ? 'webhook' : 'return';
					if (!match || !triggers.includes(match[1]) || match[2] !== expectedPath)
						problems.push(`${file} ${node.name} ${name}: ${url}`);
				}
			}
		}
		expect(problems).toEqual([]);
		// The first example's authorization, capture and refund notify a real trigger.
		const authorize = workflows
			.find(([file]) => file === 'authorize-capture-refund.json')![1]
			.nodes.find((node) => node.name === 'Authorize')!;
		expect(Object.fromEntries(urlParameters(authorize.parameters)).webhookUrl).toMatch(
			/\/webhook\/[0-9a-f-]{36}\/webhook$/,
		);
	});

	it('each have a sticky note that says what to publish or that nothing needs publishing', () => {
		for (const [file, workflow] of workflows) {
			const notes = workflow.nodes
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.map((node) => node.parameters.content as string);
			expect([file, notes.length > 0]).toEqual([file, true]);
			expect([file, notes.some((content) => /publish/i.test(content))]).toEqual([file, true]);
		}
	});

	const used = workflows.flatMap(([, workflow]) =>
		workflow.nodes.filter((node) => node.type === NODE_TYPE).map((node) => node.parameters),
	);

	it('reach every operation of the node', () => {
		const reached = new Set(used.map((parameters) => `${parameters.resource}:${parameters.operation}`));
		const all = Object.entries(RESOURCES).flatMap(([resource, operations]) =>
			Object.keys(operations).map((operation) => `${resource}:${operation}`),
		);
		expect(all.filter((entry) => !reached.has(entry))).toEqual([]);
	});

	it('save a card and pay with a saved card', () => {
		expect(used.some((parameters) => parameters.saveCard === true && parameters.resource === 'payment')).toBe(true);
		expect(used.some((parameters) => parameters.paymentSource === 'savedCard')).toBe(true);
	});
});

// ---------- running the examples ----------

/** What every DasGateway node output while the examples ran (checked against the output schemas below). */
const outputs: Array<{ node: WorkflowNode; items: INodeExecutionData[] }> = [];

function resolveExpressions(value: unknown, json: IDataObject): unknown {
	if (typeof value === 'string' && value.startsWith('=')) {
		const match = value.match(/^=\{\{\s*\$json\.([\w.]+)\s*\}\}$/);
		if (!match) throw new Error(`The example runner only resolves ={{ $json.path }}, not ${value}`);
		return match[1].split('.').reduce<unknown>((current, key) => (current as IDataObject | undefined)?.[key], json);
	}
	if (Array.isArray(value)) return value.map((entry) => resolveExpressions(entry, json));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolveExpressions(entry, json)]));
	}
	return value;
}

async function runExample(workflow: Workflow, baseUrl: string): Promise<Map<string, INodeExecutionData[]>> {
	const results = new Map<string, INodeExecutionData[]>();
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error('no manual trigger');
	const queue: Array<{ node: WorkflowNode; items: INodeExecutionData[] }> = [{ node: trigger, items: [{ json: {} }] }];
	while (queue.length > 0) {
		const { node, items } = queue.shift()!;
		let outputs: INodeExecutionData[][];
		if (node.type === NODE_TYPE) {
			const { ctx } = createExecuteContext({
				parameters: items.map((item) => resolveExpressions(node.parameters, item.json) as IDataObject),
				items: items.map((item) => item.json),
				credentials: emulatorCredentials(baseUrl),
				nodeId: node.id,
				executionId: `example-${workflow.id}`,
				typeVersion: node.typeVersion,
			});
			outputs = (await new DasGateway().getNodeType(node.typeVersion).execute!.call(ctx)) as INodeExecutionData[][];
		} else if (node.type === 'n8n-nodes-base.if') {
			const condition = ((node.parameters.conditions as IDataObject).conditions as IDataObject[])[0];
			const pass = (item: INodeExecutionData) =>
				resolveExpressions(condition.leftValue, item.json) === condition.rightValue;
			outputs = [items.filter(pass), items.filter((item) => !pass(item))];
		} else {
			outputs = [items];
		}
		results.set(node.name, outputs.flat());
		(workflow.connections[node.name]?.main ?? []).forEach((targets, outputIndex) => {
			for (const target of targets) {
				const next = workflow.nodes.find((candidate) => candidate.name === target.node)!;
				if (outputs[outputIndex]?.length) queue.push({ node: next, items: outputs[outputIndex] });
			}
		});
	}
	return results;
}

describe('running the examples against the emulator', () => {
	let emulator: RunningEmulator;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0 });
	});
	afterAll(async () => {
		await emulator.close();
	});

	const byFile = Object.fromEntries(workflows) as Record<string, Workflow>;
	async function runWorkflow(workflow: Workflow, baseUrl: string) {
		const results = await runExample(workflow, baseUrl);
		for (const node of workflow.nodes.filter(
			(candidate) => candidate.type === NODE_TYPE && results.has(candidate.name),
		)) {
			outputs.push({ node, items: results.get(node.name)! });
		}
		return results;
	}
	const first = (results: Map<string, INodeExecutionData[]>, name: string) => results.get(name)?.[0]?.json ?? {};

	it('authorize-capture-refund: approved branch captures then refunds', async () => {
		const results = await runWorkflow(byFile['authorize-capture-refund.json'], emulator.url);
		expect(first(results, 'Capture')).toMatchObject({ outcome: 'approved', transactionType: 'CAPTURE', amount: 100 });
		expect(first(results, 'Refund')).toMatchObject({ outcome: 'approved', transactionType: 'REFUND', amount: 25 });
		expect(results.has('Declined')).toBe(false);
	});

	it('purchase-saved-card: saves, reuses, and shows a decline', async () => {
		const results = await runWorkflow(byFile['purchase-saved-card.json'], emulator.url);
		expect(first(results, 'Purchase With Saved Card')).toMatchObject({ outcome: 'approved', amount: 19.9 });
		expect(first(results, 'Purchase Declined Card')).toMatchObject({ success: false });
	});

	it('subscriptions: create, get, pause, resume, cancel, list', async () => {
		const results = await runWorkflow(byFile['subscriptions.json'], emulator.url);
		expect(first(results, 'Pause Subscription')).toMatchObject({ status: 'PAUSED' });
		expect(first(results, 'Resume Subscription')).toMatchObject({ status: 'ACTIVE' });
		expect(first(results, 'Cancel Subscription')).toMatchObject({ status: 'CANCELLED' });
		expect(results.get('Get Canceled Subscriptions')!.map((item) => item.json.status)).toEqual(['CANCELLED']);
	});

	it('subscription-report: one summary item from the Report operation, no code', async () => {
		// Besides the one the subscriptions example left (canceled), an active one with a payment.
		expect((await api(emulator, 'POST', '/subscription/payment', subscriptionBody(emulator))).status).toBe(201);
		const results = await runWorkflow(byFile['subscription-report.json'], emulator.url);
		expect(results.get('Subscription Report')).toHaveLength(1);
		const report = first(results, 'Subscription Report');
		expect(report).toMatchObject({
			countsByStatus: { ACTIVE: expect.any(Number), CANCELLED: expect.any(Number) },
			text: expect.any(String),
		});
		expect(report.total).toBeGreaterThan(0);
	});

	it('hosted-page-3ds: two links and a redirect', async () => {
		const results = await runWorkflow(byFile['hosted-page-3ds.json'], emulator.url);
		expect(first(results, 'Create Payment Link').url).toMatch(/^http/);
		expect(first(results, 'Create Open Amount Link').url).toMatch(/^http/);
		expect(first(results, 'Start 3D Secure Purchase')).toMatchObject({ outcome: 'pending' });
		expect(first(results, 'Start 3D Secure Purchase').redirectUrl).toMatch(/^http/);
	});

	it('transactions: get and void; cancel-or-refund voids an authorization and refunds a purchase', async () => {
		const results = await runWorkflow(byFile['transactions.json'], emulator.url);
		expect(first(results, 'Get Transaction')).toMatchObject({ transactionType: 'PRE_AUTH', amount: 30 });
		expect(first(results, 'Void')).toMatchObject({ transactionType: 'VOID', outcome: 'approved' });
		expect(first(results, 'Cancel or Refund Authorization')).toMatchObject({ cancelAction: 'void' });
		expect(first(results, 'Cancel or Refund Purchase')).toMatchObject({ cancelAction: 'refund', amount: 15 });
	});
});

// ---------- output schemas (what n8n's Schema view shows before a run) ----------

/** Where a value disagrees with a schema: a type that is not allowed, a key the schema lacks or one it has but the value lacks. */
function schemaProblems(value: unknown, schema: JsonSchema, path: string): string[] {
	const types = Array.isArray(schema.type) ? schema.type : [schema.type];
	if (value === null)
		return types.includes('null') || schema.nullable ? [] : [`${path}: null, schema says ${types.join('|')}`];
	const actual = Array.isArray(value) ? 'array' : typeof value;
	if (!types.includes(actual)) return [`${path}: ${actual}, schema says ${types.join('|')}`];
	if (schema.enum && !schema.enum.includes(value))
		return [`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`];
	if (actual === 'array')
		return (value as unknown[]).flatMap((entry, index) =>
			schemaProblems(entry, schema.items ?? {}, `${path}[${index}]`),
		);
	if (actual !== 'object') return [];
	const properties = schema.properties ?? {};
	const record = value as Record<string, unknown>;
	const extra = Object.keys(record).filter((key) => !(key in properties));
	const additional = schema.additionalProperties;
	return [
		...(additional
			? extra.flatMap((key) => schemaProblems(record[key], additional, `${path}.${key}`))
			: extra.map((key) => `${path}.${key}: not in the schema`)),
		...Object.keys(properties)
			.filter((key) => !(key in record))
			.map((key) => `${path}.${key}: in the schema, not in the output`),
		...Object.keys(properties)
			.filter((key) => key in record)
			.flatMap((key) => schemaProblems(record[key], properties[key], `${path}.${key}`)),
	];
}

describe('output schemas', () => {
	const schemas = generateOutputSchemas();

	it('exist for every operation of the node, and only for those', () => {
		const operations = Object.entries(RESOURCES).flatMap(([resource, ops]) =>
			Object.keys(ops).map((operation) => `${resource}/${operation}`),
		);
		expect([...schemas.keys()].sort()).toEqual(operations.sort());
		for (const schema of schemas.values()) expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
	});

	it('describe exactly what each operation output when the examples ran (Simplify on)', () => {
		const simplified = outputs.filter(({ node }) => node.parameters.simplify !== false);
		const reached = new Set(simplified.map(({ node }) => `${node.parameters.resource}/${node.parameters.operation}`));
		expect([...schemas.keys()].filter((key) => !reached.has(key))).toEqual([]);
		const problems = simplified.flatMap(({ node, items }) => {
			const key = `${node.parameters.resource}/${node.parameters.operation}`;
			return items.flatMap((item, index) => schemaProblems(item.json, schemas.get(key)!, `${node.name}[${index}]`));
		});
		expect(problems).toEqual([]);
	});

	it('can fail: a missing or extra output key and a wrong type are caught', () => {
		const schema = schemas.get('transaction/get')!;
		expect(schemaProblems({ transactionId: 5, surprise: 1 }, schema, 'x')).toEqual(
			expect.arrayContaining([
				'x.surprise: not in the schema',
				'x.outcome: in the schema, not in the output',
				'x.transactionId: number, schema says string|null',
			]),
		);
	});
});
