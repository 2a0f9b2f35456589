/**
 * Every workflow in examples/ runs to the end in a real n8n against the emulator, as a user who imports it
 * would run it (`n8n execute`, the credential "DasGateway Emulator"). Per-example checks of the items belong
 * in their own tests; this one catches an example that n8n cannot load or that stops on an error.
 *
 * The same examples saved with version 1 of the DasGateway node (test/fixtures/v1-workflows/) are imported beside
 * them: they must still load, run to the end and reach the same outcomes, so a workflow saved before version 2
 * keeps working unchanged.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { NODE_TYPE, REPO_ROOT, readWorkflowFile, type ExecutionResult, type WorkflowInput } from '../n8n/instance';
import { setupE2e, type E2eContext } from './support/harness';

const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
const SAVED_V1_DIR = join(REPO_ROOT, 'test', 'fixtures', 'v1-workflows');

function workflowFiles(dir: string): string[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => join(dir, file));
}

const exampleFiles = workflowFiles(EXAMPLES_DIR);
const savedV1Files = workflowFiles(SAVED_V1_DIR);
/** "dasGatewayExample05" and "dasGatewayV1Saved05" are the same workflow. */
const exampleNumber = (workflow: WorkflowInput): string => /\d+$/.exec(String(workflow.id))?.[0] ?? String(workflow.id);

let e2e: E2eContext;
const ids = new Map<string, string>();

beforeAll(async () => {
	// CLI only: importing all workflows in one call and executing them needs no server.
	e2e = await setupE2e({ name: 'examples', server: false });
	const files = [...exampleFiles, ...savedV1Files];
	const imported = await e2e.n8n.importWorkflows(files);
	files.forEach((file, index) => ids.set(file, imported[index].id));
});

afterAll(async () => {
	await e2e?.close();
});

/** Runs one imported workflow on a fresh emulator; fails with n8n's account of the run when it stops on an error. */
async function runToTheEnd(file: string): Promise<{ workflow: WorkflowInput; result: ExecutionResult }> {
	const workflow = readWorkflowFile(file);
	e2e.emulator.reset();
	const result = await e2e.n8n.execute(ids.get(file) as string);
	if (!result.ok) throw new Error(`${file} failed in n8n:\n${result.describe()}`);
	const ranDasGateway = workflow.nodes.filter(
		(node) => node.type === NODE_TYPE && result.nodeNames().includes(node.name),
	);
	expect(ranDasGateway.length).toBeGreaterThan(0);
	// Every DasGateway node that ran reached the emulator: nothing was answered from somewhere else.
	expect(e2e.emulator.requests().length).toBeGreaterThanOrEqual(ranDasGateway.length);
	return { workflow, result };
}

// A report's total and counts by status are its outcome.
const OUTCOME_KEYS = [
	'transactionType',
	'outcome',
	'approved',
	'amount',
	'currency',
	'responseCode',
	'status',
	'cancelAction',
	'total',
	'countsByStatus',
];

/** What each DasGateway node decided, in the workflow's node order: the fields that do not change between runs. */
function outcomes(workflow: WorkflowInput, result: ExecutionResult): unknown[] {
	return workflow.nodes
		.filter((node) => node.type === NODE_TYPE && result.nodeNames().includes(node.name))
		.map((node) =>
			result
				.items(node.name)
				.map((item) => Object.fromEntries(OUTCOME_KEYS.filter((key) => key in item).map((key) => [key, item[key]]))),
		);
}

it('examples/ holds workflows that use the DasGateway node', () => {
	expect(exampleFiles.length).toBeGreaterThan(0);
	for (const file of exampleFiles) {
		expect(readWorkflowFile(file).nodes.map((node) => node.type)).toContain(NODE_TYPE);
	}
});

it('test/fixtures/v1-workflows/ holds every example, saved with version 1 of the DasGateway node', () => {
	const examples = exampleFiles.map((file) => exampleNumber(readWorkflowFile(file))).sort();
	const saved = savedV1Files.map((file) => readWorkflowFile(file));
	expect(saved.map(exampleNumber).sort()).toEqual(examples);
	for (const workflow of saved) {
		const versions = workflow.nodes.filter((node) => node.type === NODE_TYPE).map((node) => node.typeVersion);
		expect(versions.length).toBeGreaterThan(0);
		expect(new Set(versions)).toEqual(new Set([1]));
	}
});

const outcomesByExample = new Map<string, unknown[]>();

for (const file of exampleFiles) {
	it(`${file.slice(REPO_ROOT.length + 1)} runs to the end in n8n`, async () => {
		const { workflow, result } = await runToTheEnd(file);
		outcomesByExample.set(exampleNumber(workflow), outcomes(workflow, result));
	});
}

for (const file of savedV1Files) {
	it(`${file.slice(REPO_ROOT.length + 1)} (saved with version 1) runs to the end with the example's outcomes`, async () => {
		const { workflow, result } = await runToTheEnd(file);
		const expected = outcomesByExample.get(exampleNumber(workflow));
		// The examples run first (jest keeps the order of the file); without their outcomes there is nothing to compare.
		expect(expected).toBeDefined();
		// Something was decided: at least one DasGateway item carries an outcome field.
		expect((expected as unknown[][]).flat().some((item) => Object.keys(item as object).length > 0)).toBe(true);
		expect(outcomes(workflow, result)).toEqual(expected);
	});
}
