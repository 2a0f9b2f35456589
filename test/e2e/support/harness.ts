/**
 * Shared setup for the end-to-end tests: one real n8n (with our built package) and one in-process DasGateway
 * emulator per test file, and a helper that runs a workflow through `n8n execute`.
 *
 *   let e2e: E2eContext;
 *   beforeAll(async () => { e2e = await setupE2e({ name: 'payments' }); });
 *   afterAll(async () => { await e2e?.close(); });
 *
 *   it('authorizes a payment', async () => {
 *     const items = await runWorkflowItems(e2e, workflowJson);   // imports, executes, returns last node's JSON
 *     expect(items[0].outcome).toBe('approved');
 *   });
 *
 * Nothing here skips: a missing n8n is installed (or the setup fails), a missing emulator fails to compile.
 */
import { startEmulator } from '../../emulator';
import type { EmulatorOptions, RunningEmulator } from '../../emulator/types';
import {
	EMULATOR_CREDENTIAL_ID,
	EMULATOR_CREDENTIAL_NAME,
	N8nInstance,
	emulatorCredential,
	type CredentialInput,
	type ExecutionResult,
	type ImportedCredential,
	type WorkflowInput,
	type WorkflowNode,
} from '../../n8n/instance';

export { EMULATOR_CREDENTIAL_ID, EMULATOR_CREDENTIAL_NAME };

/** The DasGateway emulator in this process, on a random loopback port. */
export function startInProcessEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	return startEmulator({ port: 0, ...options });
}

export interface E2eContext {
	n8n: N8nInstance;
	emulator: RunningEmulator;
	/** The credential "DasGateway Emulator" (custom environment, the emulator's URL and default keys). */
	credential: ImportedCredential;
	/** Stops n8n and the emulator. Safe to call twice. */
	close(): Promise<void>;
}

export interface SetupOptions {
	/** Names the n8n user folder under .n8n-e2e/ (use the test file's subject). */
	name: string;
	/** Start `n8n start` and create the owner account (default true). Without it only the CLI is available. */
	server?: boolean;
	/** Options for the emulator. */
	emulator?: EmulatorOptions;
	/** More credentials to import next to the emulator one. */
	credentials?: CredentialInput[];
	/** Workflows to import before the server starts. */
	workflows?: Array<WorkflowInput | string>;
	/** Extra environment for n8n. */
	env?: Record<string, string | undefined>;
}

/** Emulator + n8n (package installed, emulator credential imported, optionally started with an owner). */
export async function setupE2e(options: SetupOptions): Promise<E2eContext> {
	let emulator: RunningEmulator | undefined;
	let n8n: N8nInstance | undefined;
	try {
		emulator = await startInProcessEmulator(options.emulator);
		n8n = await N8nInstance.create({ name: options.name, env: options.env, emulatorUrl: emulator.url });
		const [credential] = await n8n.importCredentials([
			emulatorCredential(emulator.url),
			...(options.credentials ?? []),
		]);
		if (options.workflows?.length) await n8n.importWorkflows(options.workflows);
		if (options.server !== false) {
			await n8n.start();
			await n8n.setupOwner();
		}
		const context: E2eContext = {
			n8n,
			emulator,
			credential,
			close: async () => {
				await n8n?.close();
				await emulator?.close();
				n8n = undefined;
				emulator = undefined;
			},
		};
		return context;
	} catch (error) {
		await n8n?.close().catch(() => undefined);
		await emulator?.close().catch(() => undefined);
		throw error;
	}
}

/** Imports a workflow and runs it with `n8n execute`; returns the result whether the workflow failed or not. */
export async function runWorkflow(
	context: Pick<E2eContext, 'n8n'>,
	workflow: WorkflowInput | string,
): Promise<ExecutionResult> {
	const { id } = await context.n8n.importWorkflow(workflow);
	return context.n8n.execute(id);
}

/** Like runWorkflow, but throws (with n8n's error and log path) unless the run succeeded; returns the JSON of a node's items (default: the last node that ran). */
export async function runWorkflowItems(
	context: Pick<E2eContext, 'n8n'>,
	workflow: WorkflowInput | string,
	nodeName?: string,
): Promise<Array<Record<string, unknown>>> {
	const result = await runWorkflow(context, workflow);
	if (!result.ok) throw new Error(`The workflow failed in n8n:\n${result.describe()}`);
	return result.items(nodeName);
}

export interface ChainNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: WorkflowNode['credentials'];
	[key: string]: unknown;
}

/** A workflow: Manual Trigger ("Start") → the given nodes in a chain (positions and connections filled in). */
export function chainWorkflow(name: string, nodes: ChainNode[]): WorkflowInput {
	const chain: ChainNode[] = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		...nodes,
	];
	const all: WorkflowNode[] = chain.map((node, index) => ({ position: [index * 220, 0], ...node }));
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** The credential reference our nodes need in a workflow JSON. */
export const emulatorCredentialRef = {
	dasGatewayApi: { id: EMULATOR_CREDENTIAL_ID, name: EMULATOR_CREDENTIAL_NAME },
};
