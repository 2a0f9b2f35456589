/**
 * `npm run demo`: a real n8n with this package, wired to the local DasGateway emulator, ready in a browser.
 *
 *   1. installs n8n 2.8.4 into the cache when needed (first time: several minutes)
 *   2. starts the emulator (port 4010 unless taken; DASGATEWAY_EMULATOR_PORT to choose)
 *   3. makes a fresh n8n user folder (.n8n-e2e/demo), installs the built package into it,
 *      imports the credential "DasGateway Emulator" and every workflow in examples/*.json, their
 *      http://127.0.0.1:5678 and :4010 addresses pointed at this demo's n8n and emulator
 *   4. starts n8n (port 5678 unless taken; DASGATEWAY_DEMO_PORT to choose), creates the owner account and
 *      publishes the examples that have a DasGateway Trigger
 *   5. prints the editor URL and the login; Ctrl-C stops everything it started
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';
import { N8N_VERSION } from './install';
import { processAlive } from './processes';
import {
	DEFAULT_OWNER,
	N8nInstance,
	REPO_ROOT,
	TRIGGER_NODE_TYPE,
	emulatorCredential,
	preferredPort,
	readWorkflowFile,
	type WorkflowInput,
} from './instance';

const say = (line: string) => console.log(`[demo] ${line}`);

function exampleWorkflows(): Array<{ file: string; workflow: WorkflowInput }> {
	const dir = join(REPO_ROOT, 'examples');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((entry) => entry.endsWith('.json'))
		.sort()
		.map((entry) => ({ file: join('examples', entry), workflow: readWorkflowFile(join(dir, entry)) }));
}

function portFromEnv(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value === '') return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}=${value} is not a port`);
	return port;
}

const DEMO_FOLDER = join(REPO_ROOT, '.n8n-e2e', 'demo');
/** Beside the demo's user folder (which each run recreates): who runs the demo now. */
const DEMO_PID_FILE = join(REPO_ROOT, '.n8n-e2e', 'demo.pid.json');

/** Another demo still running from this checkout: its pid and editor URL. */
function runningDemo(): { pid: number; editor?: string } | undefined {
	try {
		const owner = JSON.parse(readFileSync(DEMO_PID_FILE, 'utf8')) as { pid: number; editor?: string };
		return owner.pid !== process.pid && processAlive(owner.pid) ? owner : undefined;
	} catch {
		return undefined;
	}
}

async function main(): Promise<void> {
	const other = runningDemo();
	if (other) {
		say(
			`a demo is already running (pid ${other.pid}${other.editor ? `, editor ${other.editor}` : ''}): stop it first (Ctrl-C there, or kill -INT ${other.pid})`,
		);
		process.exit(1);
	}
	mkdirSync(join(REPO_ROOT, '.n8n-e2e'), { recursive: true });
	writeFileSync(DEMO_PID_FILE, JSON.stringify({ pid: process.pid }));

	let emulator: EmulatorProcess | undefined;
	let n8n: N8nInstance | undefined;
	let stopping = false;

	const shutdown = async (code: number, why: string) => {
		if (stopping) return;
		stopping = true;
		say(`${why}: stopping…`);
		await n8n?.close().catch((error: Error) => say(`stopping n8n: ${error.message}`));
		await emulator?.stop().catch((error: Error) => say(`stopping the emulator: ${error.message}`));
		rmSync(DEMO_PID_FILE, { force: true });
		say('stopped');
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => void shutdown(0, signal));
	}

	try {
		const userFolder = DEMO_FOLDER;
		const logs = join(userFolder, 'logs');
		say(`preparing n8n ${N8N_VERSION} (the first run installs it: several minutes)`);
		// The port is chosen first: the examples are imported with this n8n's webhook URLs in them.
		const port = portFromEnv('DASGATEWAY_DEMO_PORT') ?? (await preferredPort(5678));
		n8n = await N8nInstance.create({ name: 'demo', userFolder, log: say, port });
		if (stopping) return;

		const emulatorPort = portFromEnv('DASGATEWAY_EMULATOR_PORT') ?? (await preferredPort(4010));
		emulator = await startEmulatorProcess({ port: emulatorPort, logFile: join(logs, 'emulator.log') });
		say(`emulator listening on ${emulator.url}`);
		emulator.process.exited.then((code) => void shutdown(1, `the emulator exited (${code})`));
		n8n.useEmulator(emulator.url);
		if (stopping) return;

		const [credential] = await n8n.importCredentials([emulatorCredential(emulator.url)]);
		say(`credential "${credential.name}" → ${emulator.url}`);
		const examples = exampleWorkflows();
		const imported = await n8n.importWorkflows(examples.map((example) => example.workflow));
		say(
			imported.length === 0
				? 'no workflows in examples/ yet'
				: `imported ${imported.length} example workflow(s): ${imported.map((workflow) => workflow.name).join(', ')}`,
		);
		if (stopping) return;

		const url = await n8n.start({ port });
		await n8n.setupOwner(DEFAULT_OWNER);
		// Examples with a DasGateway Trigger are published: the other examples' payments notify their Production URLs.
		const withTrigger = examples.flatMap((example, index) =>
			example.workflow.nodes.some((node) => node.type === TRIGGER_NODE_TYPE) ? [imported[index]] : [],
		);
		for (const workflow of withTrigger) await n8n.publishWorkflow(workflow.id);
		if (withTrigger.length > 0)
			say(`published (listening on their Production URLs): ${withTrigger.map((workflow) => workflow.name).join(', ')}`);
		writeFileSync(DEMO_PID_FILE, JSON.stringify({ pid: process.pid, editor: `${url}/` }));
		void n8n.serverExited()?.then((code) => void shutdown(1, `n8n exited (${code})`));

		console.log('');
		console.log('  n8n with n8n-nodes-dasgateway is running');
		console.log(`    editor:    ${url}/`);
		console.log(`    email:     ${DEFAULT_OWNER.email}`);
		console.log(`    password:  ${DEFAULT_OWNER.password}`);
		console.log(`    emulator:  ${emulator.url}  (credential "${credential.name}")`);
		console.log(`    logs:      ${logs}`);
		console.log('  Press Ctrl-C to stop n8n and the emulator.');
		console.log('');
	} catch (error) {
		say(`failed: ${(error as Error).message}`);
		await shutdown(1, 'failed');
	}
}

void main();
