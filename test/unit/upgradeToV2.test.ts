/**
 * The saved-as-v1 copies (test/fixtures/v1-workflows) and the examples are the same workflows: moving each copy's
 * parameters to where version 2 keeps them (test/tools/upgrade-to-v2.ts) gives the example's DasGateway nodes.
 * So the end-to-end check that both reach the same outcomes compares like with like.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { upgradeWorkflow } from '../tools/upgrade-to-v2';

const ROOT = join(__dirname, '..', '..');
const NODE_TYPE = 'n8n-nodes-dasgateway.dasGateway';

interface Workflow {
	id: string;
	nodes: Array<{ name: string; type: string; typeVersion: number; parameters: IDataObject }>;
}

const read = (file: string): Workflow => JSON.parse(readFileSync(file, 'utf8')) as Workflow;
const number = (workflow: Workflow): string => /\d+$/.exec(workflow.id)?.[0] ?? workflow.id;
const examples = readdirSync(join(ROOT, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.map((file) => read(join(ROOT, 'examples', file)));
const saved = readdirSync(join(ROOT, 'test/fixtures/v1-workflows'))
	.filter((file) => file.endsWith('.json'))
	.map((file) => [file, read(join(ROOT, 'test/fixtures/v1-workflows', file))] as const);

/** Version 2's Amount is a text field; version 1 saved a number. */
const amountsAsText = (parameters: IDataObject): IDataObject =>
	typeof parameters.amount === 'number' ? { ...parameters, amount: String(parameters.amount) } : parameters;

it('every example is saved with version 2', () => {
	for (const workflow of examples) {
		for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE))
			expect([node.name, node.typeVersion]).toEqual([node.name, 2]);
	}
});

it.each(saved)('%s, upgraded to version 2, is its example', (_file, workflow) => {
	const example = examples.find((candidate) => number(candidate) === number(workflow));
	expect(example).toBeDefined();
	const dropped = upgradeWorkflow(workflow);
	// Only Capture's and Refund's Currency, which version 1 never sent, has no place in version 2.
	for (const path of dropped) expect(path).toMatch(/: additionalFields\.currency$/);
	const upgraded = workflow.nodes
		.filter((node) => node.type === NODE_TYPE)
		.map((node) => [node.typeVersion, amountsAsText(node.parameters)]);
	const expected = example!.nodes
		.filter((node) => node.type === NODE_TYPE)
		.map((node) => [node.typeVersion, node.parameters]);
	expect(upgraded.length).toBeGreaterThan(0);
	expect(upgraded).toEqual(expected);
});
