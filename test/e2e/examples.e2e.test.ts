/**
 * Every workflow in examples/ runs to the end in a real n8n against the emulator, as a user who imports it
 * would run it (`n8n execute`, the credential "DasGateway Emulator"). Per-example checks of the items belong
 * in their own tests; this one catches an example that n8n cannot load or that stops on an error.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { NODE_TYPE, REPO_ROOT, readWorkflowFile } from '../n8n/instance';
import { setupE2e, type E2eContext } from './support/harness';

const exampleFiles = readdirSync(join(REPO_ROOT, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort();

let e2e: E2eContext;
let ids: Map<string, string>;

beforeAll(async () => {
	// CLI only: importing all examples in one call and executing them needs no server.
	e2e = await setupE2e({ name: 'examples', server: false });
	const imported = await e2e.n8n.importWorkflows(exampleFiles.map((file) => join(REPO_ROOT, 'examples', file)));
	ids = new Map(exampleFiles.map((file, index) => [file, imported[index].id]));
});

afterAll(async () => {
	await e2e?.close();
});

it('examples/ holds workflows that use the DasGateway node', () => {
	expect(exampleFiles.length).toBeGreaterThan(0);
	for (const file of exampleFiles) {
		const workflow = readWorkflowFile(join(REPO_ROOT, 'examples', file));
		expect(workflow.nodes.map((node) => node.type)).toContain(NODE_TYPE);
	}
});

for (const file of exampleFiles) {
	it(`examples/${file} runs to the end in n8n`, async () => {
		const workflow = readWorkflowFile(join(REPO_ROOT, 'examples', file));
		e2e.emulator.reset();
		const result = await e2e.n8n.execute(ids.get(file) as string);
		if (!result.ok) throw new Error(`examples/${file} failed in n8n:\n${result.describe()}`);
		const ranDasGateway = workflow.nodes.filter((node) => node.type === NODE_TYPE && result.nodeNames().includes(node.name));
		expect(ranDasGateway.length).toBeGreaterThan(0);
		// Every DasGateway node that ran reached the emulator: nothing was answered from somewhere else.
		expect(e2e.emulator.requests().length).toBeGreaterThanOrEqual(ranDasGateway.length);
	});
}
