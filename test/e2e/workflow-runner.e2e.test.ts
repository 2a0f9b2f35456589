/**
 * The harness that later end-to-end tests stand on: a workflow JSON goes in, n8n runs it, its items (or its
 * error) come out, executions can be read back, and a published workflow's webhook answers. Uses only n8n's
 * own nodes, so it holds whatever our nodes do. One n8n server for the whole file; `n8n execute` runs beside it.
 */
import { NODE_TYPE } from '../n8n/instance';
import {
	chainWorkflow,
	emulatorCredentialRef,
	runWorkflow,
	runWorkflowItems,
	setupE2e,
	type E2eContext,
} from './support/harness';

let e2e: E2eContext;

beforeAll(async () => {
	e2e = await setupE2e({ name: 'workflow-runner' });
});

afterAll(async () => {
	await e2e?.close();
});

const codeNode = (jsCode: string) => ({
	name: 'Code',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode },
});

describe('running a workflow JSON in n8n', () => {
	it('returns the JSON items of the last node (a Code node, so the task runner works beside the server)', async () => {
		const items = await runWorkflowItems(
			e2e,
			chainWorkflow('two items', [
				codeNode("return [{ json: { n: 1, word: 'one' } }, { json: { n: 2, word: 'two' } }];"),
			]),
		);
		expect(items).toEqual([
			{ n: 1, word: 'one' },
			{ n: 2, word: 'two' },
		]);
	});

	it('returns the items of any node that ran, by name', async () => {
		const result = await runWorkflow(
			e2e,
			chainWorkflow('named nodes', [
				codeNode('return [{ json: { step: 1 } }];'),
				{
					name: 'Set',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					parameters: {
						mode: 'manual',
						assignments: { assignments: [{ id: 'a1', name: 'step', value: '={{ $json.step + 1 }}', type: 'number' }] },
						options: {},
					},
				},
			]),
		);
		expect(result.ok).toBe(true);
		expect(result.nodeNames()).toEqual(['Start', 'Code', 'Set']);
		expect(result.items('Code')).toEqual([{ step: 1 }]);
		expect(result.items()).toEqual([{ step: 2 }]);
	});

	it('reports a failed workflow with the error of the node that failed', async () => {
		const result = await runWorkflow(
			e2e,
			chainWorkflow('planned failure', [
				{
					name: 'Fail',
					type: 'n8n-nodes-base.stopAndError',
					typeVersion: 1,
					parameters: { errorMessage: 'planned failure 42' },
				},
			]),
		);
		expect(result.ok).toBe(false);
		expect(result.error?.message).toBe('planned failure 42');
		expect(result.lastNodeExecuted).toBe('Fail');
		await expect(
			runWorkflowItems(
				e2e,
				chainWorkflow('planned failure again', [
					{
						name: 'Fail',
						type: 'n8n-nodes-base.stopAndError',
						typeVersion: 1,
						parameters: { errorMessage: 'planned failure 43' },
					},
				]),
			),
		).rejects.toThrow(/planned failure 43/);
	});

	it('resolves the emulator credential of a DasGateway node by name', async () => {
		const workflow = chainWorkflow('credential reference', [
			{
				name: 'DasGateway',
				type: NODE_TYPE,
				typeVersion: 1,
				parameters: {},
				credentials: { dasGatewayApi: { id: 'SomeOtherId00001', name: emulatorCredentialRef.dasGatewayApi.name } },
			},
		]);
		const { id } = await e2e.n8n.importWorkflow(workflow);
		const stored = await e2e.n8n.rest<{ nodes: Array<{ name: string; credentials?: Record<string, { id: string }> }> }>(
			'GET',
			`/rest/workflows/${id}`,
		);
		expect(stored.status).toBe(200);
		const node = stored.data.nodes.find((candidate) => candidate.name === 'DasGateway');
		expect(node?.credentials?.dasGatewayApi.id).toBe(e2e.credential.id);
	});

	it('reads the executions back from n8n, with their data', async () => {
		const { id } = await e2e.n8n.importWorkflow(
			chainWorkflow('recorded', [codeNode('return [{ json: { recorded: true } }];')]),
		);
		const result = await e2e.n8n.execute(id);
		expect(result.ok).toBe(true);
		const executions = await e2e.n8n.executions({ workflowId: id, includeData: true });
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'cli', workflowId: id });
		const code = executions[0].data?.resultData.runData.Code;
		expect(code?.[0].data?.main?.[0]?.map((item) => item.json)).toEqual([{ recorded: true }]);
	});
});

describe('a published workflow in the running n8n', () => {
	it('registers its webhook and records the execution it starts', async () => {
		const path = `e2e-${Date.now().toString(36)}`;
		const { id } = await e2e.n8n.importWorkflow({
			name: 'webhook',
			nodes: [
				{
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: path,
					parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await e2e.n8n.publishWorkflow(id);
		const url = await e2e.n8n.waitForWebhook(path, { method: 'POST' });
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ hello: 'n8n' }),
		});
		expect(response.status).toBe(200);
		const [execution] = await e2e.n8n.waitForExecutions(id, 1);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		const received = execution.data?.resultData.runData.Webhook?.[0].data?.main?.[0]?.[0]?.json as { body?: unknown };
		expect(received.body).toEqual({ hello: 'n8n' });
	});
});
