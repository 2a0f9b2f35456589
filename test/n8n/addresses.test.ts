/** pointWorkflowAt: the examples' default addresses become the real n8n's and emulator's, nothing else changes. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	EXAMPLE_EMULATOR_URL,
	EXAMPLE_N8N_URL,
	REPO_ROOT,
	pointWorkflowAt,
	readWorkflowFile,
	type WorkflowInput,
} from './instance';

const workflow = (parameters: Record<string, unknown>): WorkflowInput => ({
	name: 'w',
	nodes: [{ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters }],
	connections: {},
});

describe('pointWorkflowAt', () => {
	it('replaces both addresses wherever a string holds them, keeping paths and queries', () => {
		const source = workflow({
			returnUrls: {
				webhookUrl: `${EXAMPLE_N8N_URL}/webhook/abc/webhook?secret=s`,
				successUrl: 'http://localhost:5678/webhook/abc/return',
			},
			list: [`${EXAMPLE_EMULATOR_URL}/__emulator/reset`],
			content: `Paste ${EXAMPLE_N8N_URL}/webhook/abc/webhook there.`,
		});
		const pointed = pointWorkflowAt(source, {
			n8nUrl: 'http://127.0.0.1:41234/',
			emulatorUrl: 'http://127.0.0.1:40001',
		});
		expect(pointed.nodes[0].parameters).toEqual({
			returnUrls: {
				webhookUrl: 'http://127.0.0.1:41234/webhook/abc/webhook?secret=s',
				successUrl: 'http://127.0.0.1:41234/webhook/abc/return',
			},
			list: ['http://127.0.0.1:40001/__emulator/reset'],
			content: 'Paste http://127.0.0.1:41234/webhook/abc/webhook there.',
		});
		// The original is untouched.
		expect((source.nodes[0].parameters.returnUrls as { webhookUrl: string }).webhookUrl).toContain(EXAMPLE_N8N_URL);
	});

	it('leaves other ports, hosts and a missing target alone', () => {
		const parameters = {
			a: 'http://127.0.0.1:56789/x',
			b: 'https://shop.example/paid',
			c: `${EXAMPLE_EMULATOR_URL}/y`,
		};
		expect(pointWorkflowAt(workflow(parameters), { n8nUrl: 'http://127.0.0.1:9' }).nodes[0].parameters).toEqual(
			parameters,
		);
	});

	it('leaves no default address in any example', () => {
		for (const file of readdirSync(join(REPO_ROOT, 'examples')).filter((entry) => entry.endsWith('.json'))) {
			const pointed = JSON.stringify(
				pointWorkflowAt(readWorkflowFile(join(REPO_ROOT, 'examples', file)), {
					n8nUrl: 'http://127.0.0.1:41234',
					emulatorUrl: 'http://127.0.0.1:40001',
				}),
			);
			expect(pointed).not.toMatch(/(127\.0\.0\.1|localhost):(5678|4010)\b/);
		}
	});
});
