/**
 * A real n8n, headless, for the end-to-end tests and the demo.
 *
 *   const n8n = await N8nInstance.create({ name: 'my-test' });   // user folder + our package installed
 *   const [cred] = await n8n.importCredentials([emulatorCredential(url)]);
 *   const wf = await n8n.importWorkflow(workflowJson);
 *   const result = await n8n.execute(wf.id);                      // `n8n execute --id --rawOutput`
 *   result.items();                                               // JSON of the last node's items
 *   await n8n.start();                                            // `n8n start` on a free port
 *   await n8n.setupOwner();                                       // owner account + REST session
 *   await n8n.testCredential(cred.id);                            // { status: 'OK' | 'Error', message }
 *   await n8n.close();                                            // stops everything it started
 *
 * Every n8n process runs in its own process group and is stopped as a group; every wait is bounded.
 * Logs: <userFolder>/logs/ (one file per CLI command, one per server start; `execute` prints its run to NN-execute.stdout.log).
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ensureN8n } from './install';
import { freePort, preferredPort, runProcess, startProcess, tail, waitFor, type StartedProcess } from './processes';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-dasgateway';
export const NODE_TYPE = `${PACKAGE_NAME}.dasGateway`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.dasGatewayTrigger`;
export const CREDENTIAL_TYPE = 'dasGatewayApi';
/** The emulator credential's id and name, as the workflows in examples/ reference it. */
export const EMULATOR_CREDENTIAL_ID = 'dasGatewayEmu001';
export const EMULATOR_CREDENTIAL_NAME = 'DasGateway Emulator';

/** Fixed so that credentials imported by one run can be read by the next (test data only, never a real secret). */
export const TEST_ENCRYPTION_KEY = 'dasgateway-e2e-encryption-key-not-a-secret';

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'DasGateway-Demo-1',
};
export type OwnerAccount = typeof DEFAULT_OWNER;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

// ---------------------------------------------------------------- shapes of what we import and read back

export interface CredentialInput {
	/** n8n's id (up to 16 letters and digits); generated when absent. */
	id?: string;
	name: string;
	type: string;
	/** Plain values: n8n encrypts them on import. */
	data: Record<string, unknown>;
}

export interface ImportedCredential {
	id: string;
	name: string;
	type: string;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name: string } | string>;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface WorkflowInput {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ImportedWorkflow {
	id: string;
	name: string;
}

export interface NodeItem {
	json: Record<string, unknown>;
	binary?: Record<string, unknown>;
	pairedItem?: unknown;
	error?: unknown;
}

export interface ExecutionErrorLike {
	message?: string;
	description?: string | null;
	name?: string;
	node?: { name?: string; type?: string };
	httpCode?: string | number | null;
	[key: string]: unknown;
}

export interface NodeRunData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main?: Array<NodeItem[] | null> };
	error?: ExecutionErrorLike;
	[key: string]: unknown;
}

/** The run as `n8n execute --rawOutput` prints it (n8n's IRun). */
export interface WorkflowRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	startedAt?: string;
	stoppedAt?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRunData[]>;
			lastNodeExecuted?: string;
			error?: ExecutionErrorLike;
		};
	};
}

/** What one `n8n execute` produced. Never throws for a failed workflow: check `ok`. */
export class ExecutionResult {
	constructor(
		readonly workflowId: string,
		readonly exitCode: number | string,
		/** The parsed run; undefined when n8n printed none (the workflow could not even start). */
		readonly run: WorkflowRun | undefined,
		/** Everything the command printed. */
		readonly output: string,
		readonly logFile: string,
	) {}

	/** True when n8n exited 0 and the run carries no error. */
	get ok(): boolean {
		return this.exitCode === 0 && !!this.run && !this.run.data.resultData.error;
	}

	get lastNodeExecuted(): string | undefined {
		return this.run?.data.resultData.lastNodeExecuted;
	}

	/** The workflow's error: from the run when there is one, else from n8n's output. */
	get error(): ExecutionErrorLike | undefined {
		if (this.run?.data.resultData.error) return this.run.data.resultData.error;
		if (this.ok) return undefined;
		const lines = this.output.split('\n').map((line) => line.trim());
		const after = lines.findIndex((line) => /Execution error:/.test(line));
		const message = lines
			.slice(after >= 0 ? after + 1 : 0)
			.find(
				(line) => line && !/^=+$/.test(line) && !/^(Error executing workflow|Execution was NOT successful)/.test(line),
			);
		return { message: message ?? `n8n exited with ${this.exitCode}` };
	}

	/** Names of the nodes that ran, in the order n8n recorded them. */
	nodeNames(): string[] {
		return Object.keys(this.run?.data.resultData.runData ?? {});
	}

	/** The run records of one node (one per time it ran). */
	nodeRuns(nodeName: string): NodeRunData[] {
		return this.run?.data.resultData.runData[nodeName] ?? [];
	}

	/** Full items (json, binary, pairedItem) of a node's output; default: last node, first output, last run. */
	nodeItems(nodeName?: string, { output = 0, runIndex }: { output?: number; runIndex?: number } = {}): NodeItem[] {
		const name = nodeName ?? this.lastNodeExecuted;
		if (!name) throw new Error(`No node ran in workflow ${this.workflowId}:\n${this.describe()}`);
		const runs = this.nodeRuns(name);
		if (runs.length === 0) {
			throw new Error(`Node "${name}" did not run (nodes that ran: ${this.nodeNames().join(', ') || 'none'})`);
		}
		const run = runs[runIndex ?? runs.length - 1];
		if (!run) throw new Error(`Node "${name}" has no run ${runIndex} (it ran ${runs.length} times)`);
		return run.data?.main?.[output] ?? [];
	}

	/** The JSON of a node's output items; default: the last node that ran. */
	items(nodeName?: string, options?: { output?: number; runIndex?: number }): Array<Record<string, unknown>> {
		return this.nodeItems(nodeName, options).map((item) => item.json);
	}

	/** A short account for assertion messages: exit code, error, log file, end of output. */
	describe(): string {
		const error = this.error;
		return [
			`workflow ${this.workflowId}: exit ${this.exitCode}, ${this.ok ? 'succeeded' : 'FAILED'}`,
			error
				? `error${error.node?.name ? ` in node "${error.node.name}"` : ''}: ${error.message ?? ''}` +
					`${error.description ? ` — ${error.description}` : ''}`
				: '',
			`log: ${this.logFile}`,
			this.run ? '' : `end of output:\n${tail(this.output, 25)}`,
		]
			.filter(Boolean)
			.join('\n');
	}
}

/**
 * Finds the JSON run in `n8n execute` output: a top-level object printed with 2-space indentation starts
 * with a line that is exactly "{" and ends with a line that is exactly "}", whatever log lines surround it.
 */
export function parseRunOutput(output: string): WorkflowRun | undefined {
	const lines = output.split('\n').map((line) => line.replace(/\r$/, ''));
	const starts: number[] = [];
	const ends: number[] = [];
	lines.forEach((line, index) => {
		if (line === '{') starts.push(index);
		if (line === '}') ends.push(index);
	});
	for (const start of starts.reverse()) {
		for (const end of ends) {
			if (end <= start) continue;
			try {
				const value = JSON.parse(lines.slice(start, end + 1).join('\n')) as WorkflowRun;
				if (value && typeof value === 'object' && value.data?.resultData?.runData) return value;
			} catch {
				// not this pair
			}
		}
	}
	return undefined;
}

// ---------------------------------------------------------------- helpers

/** An id in n8n's format (16 letters and digits). */
export function n8nId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = randomBytes(16);
	let id = '';
	for (const byte of bytes) id += alphabet[byte % alphabet.length];
	return id;
}

/** The credential the demo and the tests use against the local emulator (the emulator's public test keys). */
export function emulatorCredential(
	baseUrl: string,
	overrides: Partial<CredentialInput> & { data?: Record<string, unknown> } = {},
): CredentialInput {
	return {
		id: overrides.id ?? EMULATOR_CREDENTIAL_ID,
		name: overrides.name ?? EMULATOR_CREDENTIAL_NAME,
		type: CREDENTIAL_TYPE,
		data: {
			apiKey: 'emulator-api-key',
			apiKeyEncoding: 'raw',
			xApiKey: 'emulator-x-api-key',
			environment: 'custom',
			baseUrl,
			merchantId: 'EMU0000001',
			...(overrides.data ?? {}),
		},
	};
}

/**
 * The addresses the workflows in examples/ are written for: n8n and the emulator on their default ports. On import
 * the harness points them at the real ones (see pointWorkflowAt), so an example works on whatever port n8n runs.
 */
export const EXAMPLE_N8N_URL = 'http://127.0.0.1:5678';
export const EXAMPLE_EMULATOR_URL = 'http://127.0.0.1:4010';

export interface WorkflowAddresses {
	/** Replaces EXAMPLE_N8N_URL (webhook and return URLs of this n8n). */
	n8nUrl?: string;
	/** Replaces EXAMPLE_EMULATOR_URL. */
	emulatorUrl?: string;
}

/** Any `http://127.0.0.1:<port>` or `http://localhost:<port>` that ends there or continues with a path, query or fragment. */
function addressPattern(exampleUrl: string): RegExp {
	const { port } = new URL(exampleUrl);
	return new RegExp(`http://(?:127\\.0\\.0\\.1|localhost):${port}(?![0-9])`, 'g');
}

/**
 * A copy of the workflow whose strings (parameters, sticky notes, anywhere) name the real n8n and emulator instead
 * of the examples' default addresses. Other strings, keys and the original are left alone.
 */
export function pointWorkflowAt(workflow: WorkflowInput, addresses: WorkflowAddresses): WorkflowInput {
	const swaps: Array<[RegExp, string]> = [];
	if (addresses.n8nUrl) swaps.push([addressPattern(EXAMPLE_N8N_URL), addresses.n8nUrl.replace(/\/+$/, '')]);
	if (addresses.emulatorUrl)
		swaps.push([addressPattern(EXAMPLE_EMULATOR_URL), addresses.emulatorUrl.replace(/\/+$/, '')]);
	const rewrite = (value: unknown): unknown => {
		if (typeof value === 'string')
			return swaps.reduce((text, [pattern, target]) => text.replace(pattern, () => target), value);
		if (Array.isArray(value)) return value.map(rewrite);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, rewrite(entry)]));
		}
		return value;
	};
	return rewrite(workflow) as WorkflowInput;
}

export function readWorkflowFile(file: string): WorkflowInput {
	const parsed = JSON.parse(readFileSync(file, 'utf8')) as WorkflowInput;
	if (!parsed || !Array.isArray(parsed.nodes) || typeof parsed.connections !== 'object') {
		throw new Error(`${file} is not an n8n workflow (it needs "nodes" and "connections")`);
	}
	return parsed;
}

/** The variables n8n needs to run here: a private user folder, no calls to the internet, loopback only. */
export function n8nEnvironment(userFolder: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		// Settings of an n8n the developer may run themselves, npm's script variables, and proxies
		// (every call n8n makes here goes to 127.0.0.1) stay out.
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|npm_|INIT_CWD$)/.test(key)) continue;
		if (/^(https?|all)_proxy$/i.test(key)) continue;
		env[key] = value;
	}
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		NO_PROXY: '127.0.0.1,localhost,::1',
		no_proxy: '127.0.0.1,localhost,::1',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NODE_ENV: 'production',
		// nothing phones home
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_METRICS: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// loopback only
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// quiet, fast and predictable
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_VACUUM_ON_STARTUP: 'false',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// internal mode would try to start a Python runner that has no virtual environment here
		N8N_PYTHON_ENABLED: 'false',
	});
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

function newestMtime(dir: string, pattern: RegExp): number {
	let newest = 0;
	if (!existsSync(dir)) return newest;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, pattern));
		else if (pattern.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

/**
 * Puts our package where n8n looks for installed community packages
 * (<userFolder>/.n8n/nodes/node_modules/n8n-nodes-dasgateway), exactly as npm would ship it: the
 * `npm pack` tarball, so the "files" list of package.json is part of what is tested. Node types come out
 * as `n8n-nodes-dasgateway.<name>`, like for a user who installed the package.
 */
export function installPackageInto(userFolder: string, packageDir = REPO_ROOT, log?: (line: string) => void): string {
	const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(packageDir, file)));
	if (declared.length === 0)
		throw new Error(`${packageDir}/package.json has no "n8n" block listing nodes and credentials`);
	if (missing.length > 0) {
		throw new Error(`The package is not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
	}
	const sources = Math.max(
		newestMtime(join(packageDir, 'nodes'), /\.ts$/),
		newestMtime(join(packageDir, 'credentials'), /\.ts$/),
	);
	const built = Math.min(...declared.map((file) => statSync(join(packageDir, file)).mtimeMs));
	if (sources > built) {
		(log ?? console.warn)(
			`warning: sources in nodes/ or credentials/ are newer than dist/: n8n will run the old build (run \`npm run build\`)`,
		);
	}

	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', pkg.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const packDir = join(userFolder, 'pack');
	mkdirSync(packDir, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const packed = JSON.parse(
		execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
			cwd: packageDir,
			encoding: 'utf8',
			timeout: 2 * MINUTE,
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	) as Array<{ filename: string }>;
	const tarball = join(packDir, packed[0].filename.replace(/^@[^/]+\//, '').replace('/', '-'));
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { timeout: MINUTE });
	if (!existsSync(join(nodesDir, 'package.json'))) {
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2) + '\n',
		);
	}
	return target;
}

// ---------------------------------------------------------------- the instance

export interface N8nInstanceOptions {
	/** A label for the user folder and logs (default "n8n"). */
	name?: string;
	/** Use exactly this user folder (it is emptied first). Default: a new folder under `baseDir`. */
	userFolder?: string;
	/** Where new user folders go (default <repo>/.n8n-e2e, ignored by git). */
	baseDir?: string;
	/** The package to load (default: this repository, built). `null` loads nothing of ours. */
	packageDir?: string | null;
	/** Extra or overriding environment for every n8n process (undefined removes a variable). */
	env?: Record<string, string | undefined>;
	/** Progress lines (default: console.log with a prefix). */
	log?: (line: string) => void;
	/** Older user folders of the same name beyond this many are deleted (default 3). */
	keepOldFolders?: number;
	/**
	 * The port `start()` will use. Known before start so that workflows imported earlier already carry this n8n's
	 * webhook URLs. Default: a free port, chosen at the first import or start.
	 */
	port?: number;
	/** The emulator's URL, which replaces EXAMPLE_EMULATOR_URL in imported workflows (also settable with useEmulator). */
	emulatorUrl?: string;
}

export interface StartOptions {
	/** The port for the editor and REST API; default a free one. Use `preferredPort(5678)` for "5678 unless taken". */
	port?: number;
	/** Upper bound for n8n to answer its REST API (default 3 min). */
	timeoutMs?: number;
}

export interface RestResponse<T = unknown> {
	status: number;
	/** Parsed JSON body (or the text when not JSON). */
	body: unknown;
	/** `body.data` when n8n wrapped its answer that way, else the body. */
	data: T;
	headers: Headers;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error' | string;
	message: string;
}

let instanceCounter = 0;

export class N8nInstance {
	readonly userFolder: string;
	readonly logDir: string;
	private server: StartedProcess | undefined;
	private serverLog = '';
	private port = 0;
	private cookie = '';
	private readonly browserId = `dasgateway-e2e-${randomBytes(6).toString('hex')}`;
	private apiKey = '';
	private owner: OwnerAccount | undefined;
	private commandCount = 0;
	private emulatorUrl: string | undefined;
	/** The port that imported workflows were pointed at (a later start on another port would break them). */
	private portInWorkflows = 0;
	private readonly credentials = new Map<string, ImportedCredential>();
	private closed = false;

	private constructor(
		readonly binPath: string,
		userFolder: string,
		private readonly options: N8nInstanceOptions,
		private readonly log: (line: string) => void,
	) {
		this.userFolder = userFolder;
		this.logDir = join(userFolder, 'logs');
		this.port = options.port ?? 0;
		this.emulatorUrl = options.emulatorUrl;
	}

	/** Ensures n8n is installed, makes a fresh user folder and installs our built package into it. */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const log = options.log ?? ((line: string) => console.log(`[n8n] ${line}`));
		const binPath = await ensureN8n({ log });
		const name = (options.name ?? 'n8n').replace(/[^A-Za-z0-9._-]+/g, '-');
		let userFolder: string;
		if (options.userFolder) {
			userFolder = resolve(options.userFolder);
			rmSync(userFolder, { recursive: true, force: true });
		} else {
			const baseDir = resolve(options.baseDir ?? join(REPO_ROOT, '.n8n-e2e'));
			pruneOldFolders(baseDir, name, options.keepOldFolders ?? 3);
			const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
			userFolder = join(baseDir, `${name}-${stamp}-${process.pid}-${++instanceCounter}`);
		}
		mkdirSync(join(userFolder, 'logs'), { recursive: true });
		if (options.packageDir !== null) installPackageInto(userFolder, options.packageDir ?? REPO_ROOT, log);
		return new N8nInstance(binPath, userFolder, options, log);
	}

	/** The environment every n8n process of this instance gets. */
	env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
		return n8nEnvironment(this.userFolder, { ...(this.options.env ?? {}), ...extra });
	}

	get running(): boolean {
		return !!this.server && !this.server.hasExited();
	}

	/** http://127.0.0.1:PORT of the running server. */
	get baseUrl(): string {
		if (!this.running) throw new Error('n8n is not running: call start() first');
		return `http://127.0.0.1:${this.port}`;
	}

	/** The port n8n listens on (or will, once started); chosen now when still open. */
	async reservedPort(): Promise<number> {
		if (!this.port) this.port = await freePort();
		return this.port;
	}

	/** Imported workflows get this emulator URL in place of EXAMPLE_EMULATOR_URL. */
	useEmulator(url: string): void {
		this.emulatorUrl = url;
	}

	/** Settles when the started server exits (for whatever reason); undefined when none was started. */
	serverExited(): Promise<number | string> | undefined {
		return this.server?.exited;
	}

	get serverLogFile(): string {
		return this.serverLog;
	}

	/**
	 * Runs one n8n CLI command to completion (bounded) with its own task-runner broker port, so it can run
	 * beside a started server. Output goes to logs/NN-<command>.log. Does not throw on a non-zero exit.
	 */
	async cli(
		args: string[],
		{
			timeoutMs = 5 * MINUTE,
			stdoutToFile = false,
			nodeArgs = [],
			onSpawn,
		}: { timeoutMs?: number; stdoutToFile?: boolean; nodeArgs?: string[]; onSpawn?: (pid: number) => void } = {},
	) {
		this.assertOpen();
		const label = `n8n ${args.join(' ')}`;
		const logFile = join(
			this.logDir,
			`${String(++this.commandCount).padStart(2, '0')}-${args[0].replace(/[^A-Za-z0-9]+/g, '-')}.log`,
		);
		const brokerPort = await freePort();
		const result = await runProcess(process.execPath, [...nodeArgs, this.binPath, ...args], {
			cwd: this.userFolder,
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_PORT: String(await freePort()) }),
			timeoutMs,
			logFile,
			label,
			onSpawn,
			// Standard output to a file of its own (NN-<command>.stdout.log) instead of a pipe: see runProcess.
			...(stdoutToFile ? { stdoutFile: logFile.replace(/\.log$/, '.stdout.log') } : {}),
		});
		return { ...result, logFile };
	}

	private async cliOrThrow(args: string[], options?: { timeoutMs?: number }) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}); log: ${result.logFile}\n${tail(result.output, 20)}`,
			);
		}
		return result;
	}

	/** Imports credentials (plain data, encrypted by n8n). Ids are generated where absent. */
	async importCredentials(input: CredentialInput[] | string): Promise<ImportedCredential[]> {
		const list = (typeof input === 'string' ? JSON.parse(readFileSync(input, 'utf8')) : input) as CredentialInput[];
		const withIds = list.map((credential) => ({ ...credential, id: credential.id ?? n8nId() }));
		const file = join(this.userFolder, 'imports', `credentials-${this.commandCount + 1}.json`);
		mkdirSync(join(this.userFolder, 'imports'), { recursive: true });
		writeFileSync(file, JSON.stringify(withIds, null, 2));
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true }); // it holds the keys in clear
		}
		const imported = withIds.map(({ id, name, type }) => ({ id, name, type }));
		for (const credential of imported) this.credentials.set(`${credential.type}\u0000${credential.name}`, credential);
		return imported;
	}

	/**
	 * Imports workflows (objects or JSON files): with one `n8n import:workflow` call, or, when the server runs
	 * and we have a session, through REST (as the editor saves). Each keeps its id or gets one; node
	 * credentials that name an imported credential of the same type are pointed at its id.
	 */
	async importWorkflows(
		inputs: Array<WorkflowInput | string>,
		{ via }: { via?: 'cli' | 'rest' } = {},
	): Promise<ImportedWorkflow[]> {
		if (inputs.length === 0) return [];
		if ((via ?? (this.running && (this.cookie || this.owner) ? 'rest' : 'cli')) === 'rest') {
			return this.createWorkflowsViaRest(inputs);
		}
		const dir = join(this.userFolder, 'imports', `workflows-${this.commandCount + 1}`);
		mkdirSync(dir, { recursive: true });
		const imported: ImportedWorkflow[] = [];
		const addresses = await this.importAddresses();
		inputs.forEach((input, index) => {
			const workflow = this.prepareWorkflow(typeof input === 'string' ? readWorkflowFile(input) : input, addresses);
			writeFileSync(
				join(dir, `${String(index).padStart(3, '0')}-${workflow.id}.json`),
				JSON.stringify(workflow, null, 2),
			);
			imported.push({ id: workflow.id as string, name: workflow.name });
		});
		await this.cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
		return imported;
	}

	async importWorkflow(input: WorkflowInput | string, options?: { via?: 'cli' | 'rest' }): Promise<ImportedWorkflow> {
		const [workflow] = await this.importWorkflows([input], options);
		return workflow;
	}

	/** What the editor does on save: POST /rest/workflows (much faster than a CLI import beside a running server). */
	private async createWorkflowsViaRest(inputs: Array<WorkflowInput | string>): Promise<ImportedWorkflow[]> {
		await this.ensureSession();
		const addresses = await this.importAddresses();
		const created: ImportedWorkflow[] = [];
		for (const input of inputs) {
			const workflow = this.prepareWorkflow(typeof input === 'string' ? readWorkflowFile(input) : input, addresses);
			// Tags need ids there, and a workflow is never active on creation.
			const { tags: _tags, active: _active, ...body } = workflow;
			const saved = await this.restOrThrow<{ id: string; name: string }>('POST', '/rest/workflows', body);
			created.push({ id: saved.id, name: saved.name });
		}
		return created;
	}

	/** Where imported workflows' example addresses point: this n8n's port (reserved now if need be) and the emulator. */
	private async importAddresses(): Promise<WorkflowAddresses> {
		this.portInWorkflows = await this.reservedPort();
		return { n8nUrl: `http://127.0.0.1:${this.portInWorkflows}`, emulatorUrl: this.emulatorUrl };
	}

	private prepareWorkflow(source: WorkflowInput, addresses: WorkflowAddresses): WorkflowInput {
		const workflow = pointWorkflowAt(source, addresses);
		workflow.id = typeof workflow.id === 'string' && /^[A-Za-z0-9]{1,21}$/.test(workflow.id) ? workflow.id : n8nId();
		workflow.settings = workflow.settings ?? {};
		for (const node of workflow.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				const name = typeof reference === 'string' ? reference : reference.name;
				const match = this.credentials.get(`${type}\u0000${name}`);
				if (match) node.credentials![type] = { id: match.id, name: match.name };
			}
		}
		return workflow;
	}

	/**
	 * Runs a workflow with `n8n execute --id --rawOutput` and parses the run it prints. n8n prints the run to a file,
	 * not a pipe: it exits right after printing, and a pipe lost the end of a large run (megabytes for 1,000 items).
	 */
	async execute(
		workflowId: string,
		{
			timeoutMs = 5 * MINUTE,
			nodeArgs,
			onSpawn,
		}: {
			timeoutMs?: number;
			/** Options for Node.js itself, before n8n's script (e.g. --cpu-prof). */
			nodeArgs?: string[];
			/** Told the n8n process id once it started. */
			onSpawn?: (pid: number) => void;
		} = {},
	): Promise<ExecutionResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			timeoutMs,
			stdoutToFile: true,
			nodeArgs,
			onSpawn,
		});
		const run = parseRunOutput(result.stdout) ?? parseRunOutput(result.output);
		return new ExecutionResult(workflowId, result.code, run, result.output, result.logFile);
	}

	/**
	 * Publishes (activates) a workflow: through the public API when the server runs (it registers the
	 * webhooks at once), else with `n8n publish:workflow` (taken up at the next start).
	 */
	async publishWorkflow(workflowId: string): Promise<void> {
		if (this.running) {
			const response = await this.publicApi('POST', `/workflows/${workflowId}/activate`, {});
			if (response.status !== 200) {
				throw new Error(
					`Publishing workflow ${workflowId} failed: HTTP ${response.status} ${JSON.stringify(response.body)}`,
				);
			}
			return;
		}
		await this.cliOrThrow(['publish:workflow', `--id=${workflowId}`]);
	}

	/** Starts `n8n start` and waits (bounded) until its REST API answers. */
	async start({ port, timeoutMs = 3 * MINUTE }: StartOptions = {}): Promise<string> {
		this.assertOpen();
		if (this.running) throw new Error('n8n is already running');
		if (port && this.portInWorkflows && port !== this.portInWorkflows) {
			this.log(
				`warning: workflows were imported for port ${this.portInWorkflows}; their webhook URLs will not reach n8n on ${port}`,
			);
		}
		this.port = port ?? (await this.reservedPort());
		const brokerPort = await freePort();
		this.serverLog = join(this.logDir, `${String(++this.commandCount).padStart(2, '0')}-start.log`);
		const base = `http://127.0.0.1:${this.port}`;
		this.log(`starting n8n on ${base} (log: ${this.serverLog})`);
		const server = startProcess(process.execPath, [this.binPath, 'start'], {
			cwd: this.userFolder,
			env: this.env({
				N8N_PORT: String(this.port),
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				WEBHOOK_URL: `${base}/`,
				N8N_EDITOR_BASE_URL: `${base}/`,
			}),
			logFile: this.serverLog,
		});
		this.server = server;
		try {
			await waitFor(
				`n8n to answer on ${base}`,
				async () => {
					if (server.hasExited()) {
						throw new FatalStartError(`n8n exited (${await server.exited}) while starting`);
					}
					// /healthz and even /rest/settings answer before the controllers are mounted. n8n prints this line
					// once the server is up and the published workflows are activated (webhooks registered).
					if (!server.output().includes('Editor is now accessible via')) return undefined;
					const response = await fetch(`${base}/rest/login`, { signal: AbortSignal.timeout(5 * SECOND) });
					await response.arrayBuffer();
					return response.status !== 404 ? true : undefined;
				},
				{ timeoutMs, intervalMs: 500, stopOn: (error) => error instanceof FatalStartError },
			);
		} catch (error) {
			const output = server.output();
			await server.stop({ graceMs: 5 * SECOND });
			throw new Error(`${(error as Error).message}; log: ${this.serverLog}\n${tail(output, 30)}`);
		}
		this.log(`n8n is up on ${base}`);
		return base;
	}

	/** Stops the server (its whole process group, bounded) if it runs. The user folder stays. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		this.cookie = '';
		if (server) await server.stop({ graceMs: 25 * SECOND });
	}

	/** Stops everything this instance started. Idempotent. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.stop();
	}

	// ------------------------------------------------------------ REST (needs a running server)

	/** A call to n8n's internal REST API (or any path) with the session cookie of setupOwner()/login(). */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
		const headers: Record<string, string> = { 'browser-id': this.browserId, accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(MINUTE),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((line) => line.split(';')[0]).find((pair) => pair.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		return parseResponse<T>(response);
	}

	private async restOrThrow<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.rest<T>(method, path, body);
		if (response.status < 200 || response.status >= 300) {
			throw new Error(`${method} ${path} answered HTTP ${response.status}: ${JSON.stringify(response.body)}`);
		}
		return response.data;
	}

	/** Creates the owner account (first start of a user folder) and keeps its session. */
	async setupOwner(owner: OwnerAccount = DEFAULT_OWNER): Promise<Record<string, unknown>> {
		const user = await this.restOrThrow<Record<string, unknown>>('POST', '/rest/owner/setup', owner);
		this.owner = owner;
		if (!this.cookie) await this.login(owner.email, owner.password);
		return user;
	}

	/** Logs in and keeps the session cookie for rest(). */
	async login(email: string, password: string): Promise<Record<string, unknown>> {
		this.cookie = '';
		const user = await this.restOrThrow<Record<string, unknown>>('POST', '/rest/login', {
			emailOrLdapLoginId: email,
			password,
		});
		if (!this.cookie) throw new Error('n8n accepted the login but set no n8n-auth cookie');
		return user;
	}

	private async ensureSession(): Promise<void> {
		if (this.cookie) return;
		if (!this.owner) throw new Error('No session: call setupOwner() or login() first');
		await this.login(this.owner.email, this.owner.password);
	}

	/** The node types the running n8n offers the editor (its /types/nodes.json). */
	async nodeTypes(): Promise<
		Array<{ name: string; displayName?: string; version?: number | number[]; credentials?: unknown[] }>
	> {
		await this.ensureSession();
		return this.restOrThrow('GET', '/types/nodes.json');
	}

	/** The credential types the running n8n offers the editor (its /types/credentials.json). */
	async credentialTypes(): Promise<Array<{ name: string; displayName?: string; properties?: unknown[] }>> {
		await this.ensureSession();
		return this.restOrThrow('GET', '/types/credentials.json');
	}

	/**
	 * Runs n8n's credential test (what the editor's "Retry"/"Save" does) for a stored credential, optionally
	 * with some fields replaced, without saving them.
	 */
	async testCredential(
		credentialId: string,
		dataOverrides: Record<string, unknown> = {},
	): Promise<CredentialTestResult> {
		await this.ensureSession();
		const stored = await this.restOrThrow<{ id: string; name: string; type: string; data?: Record<string, unknown> }>(
			'GET',
			`/rest/credentials/${credentialId}?includeData=true`,
		);
		const result = await this.restOrThrow<CredentialTestResult>('POST', '/rest/credentials/test', {
			credentials: {
				id: stored.id,
				name: stored.name,
				type: stored.type,
				data: { ...(stored.data ?? {}), ...dataOverrides },
			},
		});
		return result;
	}

	/** An API key for n8n's public API (created once through REST with every scope the owner may grant). */
	async publicApiKey(): Promise<string> {
		if (this.apiKey) return this.apiKey;
		await this.ensureSession();
		const scopes = await this.restOrThrow<string[]>('GET', '/rest/api-keys/scopes');
		const created = await this.restOrThrow<{ rawApiKey: string }>('POST', '/rest/api-keys', {
			label: `e2e-${randomBytes(3).toString('hex')}`,
			scopes,
			expiresAt: null,
		});
		if (!created.rawApiKey) throw new Error('n8n created an API key but did not return it');
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	/** A call to n8n's public API (/api/v1...) with an API key. */
	async publicApi<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
		const key = await this.publicApiKey();
		const headers: Record<string, string> = { 'X-N8N-API-KEY': key, accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(MINUTE),
		});
		const parsed = await parseResponse<T>(response);
		// The public API does not wrap its answers in { data }, except lists, which we leave as they are.
		return { ...parsed, data: parsed.body as T };
	}

	/** Executions recorded by n8n (newest first), through the public API. */
	async executions(
		query: {
			workflowId?: string;
			status?: 'success' | 'error' | 'waiting' | 'canceled';
			includeData?: boolean;
			limit?: number;
		} = {},
	): Promise<StoredExecution[]> {
		const params = new URLSearchParams();
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		if (query.includeData) params.set('includeData', 'true');
		params.set('limit', String(query.limit ?? 100));
		const response = await this.publicApi<{ data: StoredExecution[] }>('GET', `/executions?${params}`);
		if (response.status !== 200)
			throw new Error(`GET /api/v1/executions answered HTTP ${response.status}: ${JSON.stringify(response.body)}`);
		return response.data.data;
	}

	/** One execution with its data, through the public API. */
	async execution(id: string | number): Promise<StoredExecution> {
		const response = await this.publicApi<StoredExecution>('GET', `/executions/${id}?includeData=true`);
		if (response.status !== 200)
			throw new Error(
				`GET /api/v1/executions/${id} answered HTTP ${response.status}: ${JSON.stringify(response.body)}`,
			);
		return response.data;
	}

	/**
	 * Waits (bounded) until `count` executions of a workflow are finished, and returns them newest first.
	 * For webhook-started runs, which n8n records asynchronously.
	 */
	async waitForExecutions(workflowId: string, count: number, { timeoutMs = MINUTE } = {}): Promise<StoredExecution[]> {
		return waitFor(
			`${count} finished execution(s) of workflow ${workflowId}`,
			async () => {
				const list = await this.executions({ workflowId, includeData: true });
				const done = list.filter(
					(execution) =>
						execution.finished || (execution.status && execution.status !== 'running' && execution.status !== 'new'),
				);
				return done.length >= count ? done : undefined;
			},
			{ timeoutMs, intervalMs: 500 },
		);
	}

	/** The production URL of a webhook path (`/webhook/<path>`). */
	webhookUrl(path: string): string {
		return `${this.baseUrl}/webhook/${path.replace(/^\/+/, '')}`;
	}

	/**
	 * Waits (bounded) until the running n8n has registered a production webhook for `path` and `method`:
	 * asks with a CORS preflight, which n8n answers 204 only for registered webhooks and never executes.
	 */
	async waitForWebhook(path: string, { method = 'POST', timeoutMs = MINUTE } = {}): Promise<string> {
		const url = this.webhookUrl(path);
		await waitFor(
			`n8n to register the webhook ${method} ${url}`,
			async () => {
				const response = await fetch(url, {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
					signal: AbortSignal.timeout(10 * SECOND),
				});
				await response.arrayBuffer();
				const allowed = (response.headers.get('access-control-allow-methods') ?? '').toUpperCase();
				return response.status === 204 && allowed.split(/\s*,\s*/).includes(method.toUpperCase()) ? true : undefined;
			},
			{ timeoutMs, intervalMs: 250 },
		);
		return url;
	}

	private assertOpen(): void {
		if (this.closed) throw new Error('This n8n instance was closed');
	}
}

export interface StoredExecution {
	id: string | number;
	finished?: boolean;
	mode?: string;
	status?: string;
	workflowId?: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: WorkflowRun['data'];
	[key: string]: unknown;
}

class FatalStartError extends Error {}

async function parseResponse<T>(response: Response): Promise<RestResponse<T>> {
	const text = await response.text();
	let body: unknown = text;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON
	}
	const data = (
		body && typeof body === 'object' && 'data' in (body as object) ? (body as { data: T }).data : body
	) as T;
	return { status: response.status, body, data, headers: response.headers };
}

/** Deletes this name's user folders beyond the newest `keep`, but none touched in the last hour (another run may use it). */
function pruneOldFolders(baseDir: string, name: string, keep: number): void {
	if (!existsSync(baseDir)) return;
	const hourAgo = Date.now() - 60 * MINUTE;
	const mine = readdirSync(baseDir)
		.filter((entry) => entry.startsWith(`${name}-`) && /^\d{8}T\d{6}-/.test(entry.slice(name.length + 1)))
		.map((entry) => ({ entry, mtime: statSync(join(baseDir, entry)).mtimeMs }))
		.sort((a, b) => b.mtime - a.mtime);
	for (const { entry, mtime } of mine.slice(keep)) {
		if (mtime > hourAgo) continue;
		rmSync(join(baseDir, entry), { recursive: true, force: true });
	}
}

export { preferredPort };
