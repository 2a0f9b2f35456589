/**
 * The bulk benchmark in a real n8n 2.8.4 (`npm run bench`): 1,000 items of Transaction → Get and of Capture against
 * the emulator answering in 50 ms, at Concurrency 1, 5, 20 and 50, beside n8n's HTTP Request node doing the same
 * GETs (all at once, and with its Batching option), and 1,000 captures against a gateway refusing a quarter of the
 * calls with 429. Times are the nodes' own execution times as n8n records them; each figure is the median of RUNS
 * runs of one workflow holding every variant (n8n runs its branches one after the other). Beside the time, the CPU
 * time the n8n process spent inside each node's window (from /proc, every thread), and from one more run under
 * `--cpu-prof` where that CPU time goes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import { join } from 'path';

import { startEmulator } from '../emulator';
import { DasGatewayApi } from '../../credentials/DasGatewayApi.credentials';
import { N8nInstance, emulatorCredential, type ExecutionResult, type WorkflowInput } from '../n8n/instance';
import { runProcess } from '../n8n/processes';
import { CATEGORIES, cpuInWindows, monotonicToEpochUs, readMainProfile, type Category } from './profile';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LATENCY_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCIES = [1, 5, 20, 50];
const GATEWAY = 'n8n-nodes-dasgateway.dasGateway';
const THROTTLED_CREDENTIAL = { id: 'dasGatewayThrottled1', name: 'DasGateway Emulator (429 for a quarter)' };
const GET_C20_V2 = 'Get c20 (version 2)';
const ALL_AT_ONCE = 'HTTP Request GET (all at once)';
const BATCHING_50 = 'HTTP Request GET (Batching 50)';
const BATCHING_20 = 'HTTP Request GET (Batching 20)';
/** Preloaded into n8n: Node's own HTTP client events per request (see the file). */
const HTTP_TIMINGS = join(__dirname, 'httpTimings.cjs');

type NodeSpec = {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
};

function gatewayNode(
	name: string,
	parameters: Record<string, unknown>,
	credential = { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' },
): NodeSpec {
	return { name, type: GATEWAY, typeVersion: 1, parameters, credentials: { dasGatewayApi: credential } };
}

const authorize = (name: string, credential?: { id: string; name: string }) =>
	gatewayNode(
		name,
		{
			resource: 'payment',
			operation: 'authorize',
			amount: '={{ $json.amount }}',
			currency: 'USD',
			paymentSource: 'card',
			cardNumber: '4111111111111111',
			cardholderName: 'Bench Mark',
			cardExpiryMonth: '12',
			cardExpiryYear: String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0'),
			cardCvc: '123',
			customerIp: '203.0.113.7',
			timeZone: 'Europe/London',
			billingAddress: {
				address: {
					country: 'GB',
					email: 'bench@example.com',
					phone: '+44 20 7946 0000',
					addressLine1: '1 Way',
					city: 'London',
					state: 'London',
					postalCode: 'N1 1AA',
				},
			},
			options: { concurrency: 50 },
		},
		credential,
	);

const httpGet = (name: string, emulatorUrl: string, batchSize?: number): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		url: `=${emulatorUrl}/api/v1/server-to-server-interface/transaction/status/{{ $json.transactionId }}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'dasGatewayApi',
		options: batchSize ? { batching: { batch: { batchSize, batchInterval: 0 } } } : {},
	},
	credentials: { dasGatewayApi: { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' } },
});

/** One workflow, every variant a branch; `chains` are [from, to] connections. */
function benchWorkflow(emulatorUrl: string): WorkflowInput {
	const nodes: NodeSpec[] = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { amount: 1 + (i % 50) } }));`,
			},
		},
		authorize('Authorize for reads'),
	];
	const chains: Array<[string, string]> = [
		['Start', 'Items'],
		['Items', 'Authorize for reads'],
	];
	for (const concurrency of CONCURRENCIES) {
		nodes.push(
			gatewayNode(`Get c${concurrency}`, {
				resource: 'transaction',
				operation: 'get',
				transactionId: '={{ $json.transactionId }}',
				options: { concurrency },
			}),
		);
		chains.push(['Authorize for reads', `Get c${concurrency}`]);
	}
	// Version 2 of the node (the Transaction ID a resource locator), at the Concurrency the target is set for.
	nodes.push({
		...gatewayNode(`${GET_C20_V2}`, {
			resource: 'transaction',
			operation: 'get',
			transactionId: { __rl: true, mode: 'id', value: '={{ $json.transactionId }}' },
			options: { concurrency: 20 },
		}),
		typeVersion: 2,
	});
	chains.push(['Authorize for reads', GET_C20_V2]);
	nodes.push(
		httpGet(ALL_AT_ONCE, emulatorUrl),
		httpGet(BATCHING_50, emulatorUrl, 50),
		httpGet(BATCHING_20, emulatorUrl, 20),
	);
	chains.push(
		['Authorize for reads', ALL_AT_ONCE],
		['Authorize for reads', BATCHING_50],
		['Authorize for reads', BATCHING_20],
	);
	for (const concurrency of CONCURRENCIES) {
		nodes.push(authorize(`Authorize for capture c${concurrency}`));
		nodes.push(
			gatewayNode(`Capture c${concurrency}`, {
				resource: 'transaction',
				operation: 'capture',
				transactionId: '={{ $json.transactionId }}',
				amount: '={{ $json.amount }}',
				options: { concurrency },
			}),
		);
		chains.push(
			['Items', `Authorize for capture c${concurrency}`],
			[`Authorize for capture c${concurrency}`, `Capture c${concurrency}`],
		);
	}
	nodes.push(authorize('Authorize for 429', THROTTLED_CREDENTIAL));
	nodes.push(
		gatewayNode(
			'Capture with 429 (c20)',
			{
				resource: 'transaction',
				operation: 'capture',
				transactionId: '={{ $json.transactionId }}',
				amount: '={{ $json.amount }}',
				options: { concurrency: 20 },
			},
			THROTTLED_CREDENTIAL,
		),
	);
	chains.push(['Items', 'Authorize for 429'], ['Authorize for 429', 'Capture with 429 (c20)']);

	const connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> = {};
	for (const [from, to] of chains) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	return {
		name: 'DasGateway bulk benchmark',
		nodes: nodes.map((node, index) => ({ ...node, id: `bench-${index}`, position: [index * 200, 0] })),
		connections,
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowInput;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export interface BulkFigures {
	items: number;
	latencyMs: number;
	runs: number;
	/** Median execution time in ms per node name. */
	medians: Record<string, number>;
	/** Every run's execution time per node name. */
	times: Record<string, number[]>;
	/** Median CPU time (ms, whole n8n process) inside each node's window. */
	cpuMedians: Record<string, number>;
	/** Median time (ms) of the same GETs from a bare Node.js client (test/bench/bareClient.ts), per Concurrency. */
	bare?: Record<string, number>;
	/** Per node, medians over the runs of each run's median per call, from Node's HTTP client events inside n8n. */
	phases?: Record<string, CallPhases>;
	/** Median CPU time (ms) of the emulators (this process) inside each node's window. */
	emulatorCpuMedians?: Record<string, number>;
	/** From the profiled run: main-thread CPU ms per category inside each node's window. */
	profile: Record<string, { cpuMs: number; wallMs: number; byCategory: Record<Category, number> }> | undefined;
	/** 1-minute load average of the machine before each run. */
	loads: number[];
	throttled: {
		refused: number;
		accepted: number;
		distinctCaptured: number;
		outputs: number;
		approved: number;
		inOrder: boolean;
		paired: boolean;
	};
}

/** The node's window as n8n recorded it: startTime (epoch ms) and executionTime. */
function nodeWindow(result: ExecutionResult, node: string): { startMs: number; endMs: number } {
	const [run] = result.nodeRuns(node);
	if (!run || run.executionTime === undefined || run.startTime === undefined)
		throw new Error(`Node ${node} did not run:\n${result.describe()}`);
	if (run.error) throw new Error(`Node ${node} failed: ${JSON.stringify(run.error).slice(0, 500)}`);
	return { startMs: run.startTime, endMs: run.startTime + run.executionTime };
}

/** [created, sent, response, end] in epoch ms per request n8n made (test/bench/httpTimings.cjs). */
type CallTimes = Array<[number, number, number, number]>;

function readHttpTimings(pid: number): CallTimes {
	const file = join(os.tmpdir(), `dasgateway-http-timings-${pid}.json`);
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as CallTimes;
	} catch {
		return [];
	} finally {
		rmSync(file, { force: true });
	}
}

/** Medians per call of a node's requests (those created inside its window). */
export interface CallPhases {
	calls: number;
	/** From the request's creation by n8n's helper to its being written: a new connection opened and used. */
	toSent: number;
	/** From the request written to the answer's headers (the gateway's latency included). */
	toAnswer: number;
}

function callPhases(calls: CallTimes, window: { startMs: number; endMs: number }): CallPhases {
	const mine = calls.filter(
		([created, sent, response]) => created >= window.startMs && created <= window.endMs && sent > 0 && response > 0,
	);
	return {
		calls: mine.length,
		toSent: mine.length ? median(mine.map(([created, sent]) => sent - created)) : NaN,
		toAnswer: mine.length ? median(mine.map(([, sent, response]) => response - sent)) : NaN,
	};
}

const isVariant = (name: string) => name.startsWith('Get') || name.startsWith('Capture') || name.startsWith('HTTP');

/**
 * CPU time, sampled every 50 ms: of the n8n process (all its threads, from /proc) and of this process, which runs the
 * emulators (the stand-in gateway shares the machine's two cores with n8n).
 */
class CpuSampler {
	/** [epoch ms, n8n CPU ms, this process's CPU ms] */
	private readonly points: Array<[number, number, number]> = [];
	private timer: NodeJS.Timeout | undefined;
	private static readonly TICK_MS = 10; // CLK_TCK is 100 on Linux

	start(pid: number): void {
		const read = () => {
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				// utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
				const usage = process.cpuUsage();
				this.points.push([
					Date.now(),
					(Number(fields[11]) + Number(fields[12])) * CpuSampler.TICK_MS,
					(usage.user + usage.system) / 1000,
				]);
			} catch {
				this.stop();
			}
		};
		read();
		this.timer = setInterval(read, 50);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	private at(epochMs: number, column: 1 | 2): number {
		const points = this.points;
		if (points.length === 0) return NaN;
		if (epochMs <= points[0][0]) return points[0][column];
		for (let index = 1; index < points.length; index++) {
			const t1 = points[index][0];
			if (epochMs <= t1) {
				const t0 = points[index - 1][0];
				const c0 = points[index - 1][column];
				return c0 + ((points[index][column] - c0) * (epochMs - t0)) / Math.max(1, t1 - t0);
			}
		}
		return points[points.length - 1][column];
	}

	/** n8n's CPU ms between two moments (linear between samples; /proc counts in 10 ms ticks). */
	between(startMs: number, endMs: number): number {
		return this.at(endMs, 1) - this.at(startMs, 1);
	}

	/** This process's (the emulators') CPU ms between two moments. */
	emulatorBetween(startMs: number, endMs: number): number {
		return this.at(endMs, 2) - this.at(startMs, 2);
	}
}

/** The same GETs from a bare client in a process of its own: the floor the machine and the emulator allow. */
async function bareClient(baseUrl: string, ids: string[], concurrency: number, workDir: string): Promise<number> {
	const credential = emulatorCredential(baseUrl).data as unknown as Parameters<DasGatewayApi['authenticate']>[0];
	const authenticate = new DasGatewayApi().authenticate as unknown as (
		credentials: unknown,
		options: { url: string; headers: Record<string, string> },
	) => Promise<{ headers: Record<string, string> }>;
	const { headers } = await authenticate(credential, { url: `${baseUrl}/api/v1/`, headers: {} });
	const inputFile = join(workDir, `bare-input-${concurrency}.json`);
	writeFileSync(inputFile, JSON.stringify({ baseUrl, headers, ids, concurrency }));
	const result = await runProcess(
		process.execPath,
		[require.resolve('tsx/cli'), join(__dirname, 'bareClient.ts'), inputFile],
		{
			timeoutMs: 5 * 60_000,
			label: `bare client c${concurrency}`,
		},
	);
	const line = result.stdout.trim().split('\n').pop() ?? '';
	if (result.code !== 0 || !line.startsWith('{'))
		throw new Error(`The bare client failed (exit ${result.code}):\n${result.output.slice(-2000)}`);
	const figures = JSON.parse(line) as { wallMs: number; failures: number };
	if (figures.failures) throw new Error(`The bare client got ${figures.failures} answers other than 200`);
	return figures.wallMs;
}

export async function runBulkBenchmark(log: (line: string) => void): Promise<BulkFigures> {
	const emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS });
	const throttledEmulator = await startEmulator({
		port: 0,
		latencyMs: LATENCY_MS,
		rateLimit: { refuseRatio: 0.25, retryAfterSeconds: 0.2 },
	});
	const n8n = await N8nInstance.create({ name: 'bench', log: () => undefined });
	try {
		await n8n.importCredentials([
			emulatorCredential(emulator.url),
			emulatorCredential(throttledEmulator.url, THROTTLED_CREDENTIAL),
		]);
		const { id } = await n8n.importWorkflow(benchWorkflow(emulator.url));
		const times: Record<string, number[]> = {};
		const cpu: Record<string, number[]> = {};
		const emulatorCpu: Record<string, number[]> = {};
		const bare: Record<string, number[]> = {};
		const phases: Record<string, CallPhases[]> = {};
		const workDir = join(__dirname, '..', '..', '.n8n-e2e', 'bench-work');
		mkdirSync(workDir, { recursive: true });
		const loads: number[] = [];
		let throttled: BulkFigures['throttled'] | undefined;
		const runOnce = async (nodeArgs: string[] = []) => {
			emulator.reset();
			throttledEmulator.reset();
			const sampler = new CpuSampler();
			let pid = 0;
			try {
				const result = await n8n.execute(id, {
					timeoutMs: 15 * 60_000,
					nodeArgs: ['--require', HTTP_TIMINGS, ...nodeArgs],
					onSpawn: (spawned) => {
						pid = spawned;
						sampler.start(spawned);
					},
				});
				if (!result.ok) throw new Error(`Benchmark workflow failed:\n${result.describe()}`);
				return { result, sampler, calls: readHttpTimings(pid) };
			} finally {
				sampler.stop();
			}
		};
		for (let run = 1; run <= RUNS; run++) {
			loads.push(os.loadavg()[0]);
			const { result, sampler, calls } = await runOnce();
			for (const node of result.nodeNames().filter(isVariant)) {
				const window = nodeWindow(result, node);
				(times[node] ??= []).push(window.endMs - window.startMs);
				(cpu[node] ??= []).push(sampler.between(window.startMs, window.endMs));
				(emulatorCpu[node] ??= []).push(sampler.emulatorBetween(window.startMs, window.endMs));
				(phases[node] ??= []).push(callPhases(calls, window));
			}
			const captures = throttledEmulator.requests().filter((request) => request.path.endsWith('/capture'));
			const accepted = captures.filter((request) => !request.throttled);
			const outputs = result.nodeItems('Capture with 429 (c20)');
			const authorized = result.items('Authorize for 429');
			throttled = {
				refused: captures.length - accepted.length,
				accepted: accepted.length,
				distinctCaptured: new Set(accepted.map((request) => (request.body as { transactionId?: string }).transactionId))
					.size,
				outputs: outputs.length,
				approved: outputs.filter((item) => item.json.outcome === 'approved').length,
				inOrder: outputs.every((item, index) => item.json.merchantTxnRef === authorized[index]?.merchantTxnRef),
				paired: outputs.every((item, index) => (item.pairedItem as { item?: number } | undefined)?.item === index),
			};
			// While the emulator still knows this run's authorizations: the same GETs without n8n.
			const ids = result.items('Authorize for reads').map((item) => item.transactionId as string);
			if (process.env.BENCH_BARE !== '0') {
				for (const concurrency of CONCURRENCIES)
					(bare[`c${concurrency}`] ??= []).push(await bareClient(emulator.url, ids, concurrency, workDir));
			}
			log(
				`run ${run}/${RUNS} (load ${loads[loads.length - 1].toFixed(1)}): ` +
					Object.keys(times)
						.map(
							(node) =>
								`${node} ${times[node][times[node].length - 1]} ms (CPU ${Math.round(cpu[node][cpu[node].length - 1])} ms, emulator ${Math.round(emulatorCpu[node][emulatorCpu[node].length - 1])} ms)`,
						)
						.join(', ') +
					`; 429 case: ${JSON.stringify(throttled)}` +
					`; bare client: ${Object.entries(bare)
						.map(([key, list]) => `${key} ${Math.round(list[list.length - 1])} ms`)
						.join(', ')}`,
			);
		}

		// One more run under --cpu-prof: where the CPU time of each variant goes (the profiler costs a little itself).
		let profile: BulkFigures['profile'];
		if (process.env.BENCH_PROFILE !== '0') {
			// Kept (overwritten by the next bench) for a look in Chrome's DevTools or `npx speedscope`.
			const dir = join(__dirname, '..', '..', '.n8n-e2e', 'bench-profile');
			rmSync(dir, { recursive: true, force: true });
			mkdirSync(dir, { recursive: true });
			const offsetUs = monotonicToEpochUs();
			const { result } = await runOnce(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
			const windows = Object.fromEntries(
				result
					.nodeNames()
					.filter(isVariant)
					.map((node) => [node, nodeWindow(result, node)]),
			);
			profile = cpuInWindows(readMainProfile(dir), windows, offsetUs);
			log(
				`profiled run: ${Object.entries(profile)
					.map(([node, figures]) => `${node} ${Math.round(figures.cpuMs)} ms CPU of ${figures.wallMs} ms`)
					.join(', ')}`,
			);
		}
		const medians = Object.fromEntries(Object.entries(times).map(([node, list]) => [node, median(list)]));
		const cpuMedians = Object.fromEntries(Object.entries(cpu).map(([node, list]) => [node, median(list)]));
		const emulatorCpuMedians = Object.fromEntries(
			Object.entries(emulatorCpu).map(([node, list]) => [node, median(list)]),
		);
		const bareMedians = Object.fromEntries(Object.entries(bare).map(([key, list]) => [key, median(list)]));
		const phaseMedians = Object.fromEntries(
			Object.entries(phases).map(([node, list]) => [
				node,
				{
					calls: median(list.map((entry) => entry.calls)),
					toSent: median(list.map((entry) => entry.toSent)),
					toAnswer: median(list.map((entry) => entry.toAnswer)),
				},
			]),
		);
		return {
			items: ITEMS,
			latencyMs: LATENCY_MS,
			runs: RUNS,
			medians,
			times,
			cpuMedians,
			emulatorCpuMedians,
			bare: bareMedians,
			phases: phaseMedians,
			profile,
			loads,
			throttled: throttled as BulkFigures['throttled'],
		};
	} finally {
		await n8n.close();
		await emulator.close();
		await throttledEmulator.close();
	}
}

/** The BENCHMARKS.md section for these figures. */
export function bulkSection(figures: BulkFigures, ownCostUs: { build: number; normalize: number }): string {
	const { items, latencyMs, medians, cpuMedians } = figures;
	const limit = (concurrency: number) => (items * latencyMs) / concurrency;
	const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
	const perItem = (value: number | undefined) =>
		value === undefined || Number.isNaN(value) ? '—' : `${(value / items).toFixed(2)} ms`;
	const spread = (node: string) => {
		const list = figures.times[node] ?? [];
		return list.length > 1 ? ` (${ms(Math.min(...list))}–${ms(Math.max(...list))})` : '';
	};
	const httpAllAtOnce = medians[ALL_AT_ONCE];
	const bare = figures.bare ?? {};
	const bareCell = (concurrency: number) => {
		const time = bare[`c${concurrency}`];
		return time === undefined ? '—' : `${ms(time)} (${(time / limit(concurrency)).toFixed(2)})`;
	};
	const emulatorCpu = (node: string) => perItem(figures.emulatorCpuMedians?.[node]);
	const rows = ['Get', 'Capture'].flatMap((kind) =>
		CONCURRENCIES.map((concurrency) => {
			const node = `${kind} c${concurrency}`;
			const time = medians[node];
			return `| ${kind === 'Get' ? 'Transaction → Get' : 'Capture'} | ${concurrency} | ${ms(time)}${spread(node)} | ${ms(limit(concurrency))} | ${(time / limit(concurrency)).toFixed(2)} | ${kind === 'Get' ? bareCell(concurrency) : '—'} | ${(time / httpAllAtOnce).toFixed(2)} | ${perItem(cpuMedians[node])} | ${emulatorCpu(node)} |`;
		}),
	);
	const httpRow = (label: string, node: string) =>
		`| ${label} | — | ${ms(medians[node])}${spread(node)} | | | | ${(medians[node] / httpAllAtOnce).toFixed(2)} | ${perItem(cpuMedians[node])} | ${emulatorCpu(node)} |`;
	const bareC20 = bare.c20 === undefined ? NaN : bare.c20 / limit(20);

	const c20 = medians['Get c20'] / limit(20);
	const c50 = medians['Get c50'];
	const verdict = (holds: boolean) => (holds ? '**holds**' : '**missed**');
	// The issue's "about 1.5 ms": within a tenth of it is at the line (run-to-run noise here is about ±10 %).
	const costVerdict = (msPerItem: number) =>
		msPerItem <= 1.5
			? '**holds**'
			: msPerItem <= 1.6
				? '**at the line** (within the noise of "about 1.5 ms")'
				: '**missed**';

	const profile = figures.profile;
	const profiled = ['Get c1', 'Get c20', 'Get c50', 'Capture c20', 'Capture c50', ALL_AT_ONCE, BATCHING_50].filter(
		(node) => profile?.[node],
	);
	const shown = CATEGORIES.filter((category) =>
		profiled.some((node) => (profile?.[node].byCategory[category] ?? 0) / items >= 0.005),
	);
	const profileRows = profiled.map((node) => {
		const entry = profile?.[node] as NonNullable<typeof profile>[string];
		const percent = (category: Category) =>
			`${Math.round((100 * entry.byCategory[category]) / Math.max(entry.cpuMs, 1e-9))} %`;
		return `| ${node} | ${(entry.cpuMs / items).toFixed(2)} ms | ${shown.map((category) => `${(entry.byCategory[category] / items).toFixed(2)} (${percent(category)})`).join(' | ')} |`;
	});
	const share = (node: string, category: Category) =>
		profile?.[node] ? profile[node].byCategory[category] / items : NaN;
	const ownAtC50 = share('Get c50', 'ours');
	const phases = figures.phases ?? {};
	const phaseNodes = [
		'Get c1',
		'Get c5',
		'Get c20',
		'Get c50',
		'Capture c20',
		GET_C20_V2,
		ALL_AT_ONCE,
		BATCHING_20,
	].filter((node) => phases[node]?.calls);
	const oneDecimal = (value: number) => `${value.toFixed(1)} ms`;
	const phaseRows = phaseNodes.map((node) => {
		const entry = phases[node];
		return `| ${node} | ${entry.calls} | ${oneDecimal(entry.toSent)} | ${oneDecimal(entry.toAnswer)} | ${oneDecimal(entry.toAnswer - latencyMs)} |`;
	});
	const p1 = phases['Get c1'];
	const p20 = phases['Get c20'];
	const c20Explanation = [
		p1 && p20
			? `Per call at Concurrency 20 (the table above): ${oneDecimal(p20.toSent)} from n8n's request helper creating it to its being written, and its answer's headers ${oneDecimal(p20.toAnswer - latencyMs)} after the gateway's ${latencyMs} ms (one call at a time: ${oneDecimal(p1.toSent)} and ${oneDecimal(p1.toAnswer - latencyMs)}).`
			: '',
		"The node starts calls at least 0.9 × (average call time / Concurrency) apart (`AdaptiveLimiter`): calls that start in a burst come back in a burst, and n8n handles each answer and opens the next call's connection (two new agents and a new TCP connection per call, `setAxiosAgents` in n8n-core 2.8.1) on its one thread, so each call of a burst waits for the others. Before the node spread its starts (commit 66a6f05) a call waited 4.4 ms to be written and Concurrency 20 took 1.24 × the limit.",
		Number.isNaN(bareC20)
			? ''
			: `A bare Node.js client (no n8n, no spreading, a new connection per call) takes ${bareC20.toFixed(2)} × the limit at Concurrency 20 on this machine.`,
		profile?.['Get c20']
			? `Our own code is ${share('Get c20', 'ours').toFixed(2)} ms of CPU per call (profile below).`
			: '',
	]
		.filter(Boolean)
		.join(' ');

	const t = figures.throttled;
	const loads = figures.loads.map((load) => load.toFixed(1)).join(', ');
	const shared = Math.max(...figures.loads) > 1;

	return [
		`## Bulk: ${items.toLocaleString('en-US')} items in n8n 2.8.4, gateway latency ${latencyMs} ms`,
		'',
		`\`flock /tmp/dasgateway-n8n.lock npm run bench\` (\`test/bench/bulk.ts\`): one workflow holding every variant, run ${figures.runs} time${figures.runs === 1 ? '' : 's'} with`,
		'`n8n execute` (SQLite, regular mode) against the emulator answering every call 50 ms after it arrived; each figure is the median',
		'of the runs (fastest–slowest in brackets). "time" is the node\'s execution time as n8n records it; "limit" is the',
		'physical limit N × latency / Concurrency; "vs HTTP" compares with n8n\'s HTTP Request node (v4.2, the DasGateway',
		'credential as predefined credential) firing the same GETs all at once; "bare client" is the same GETs from a plain',
		'Node.js client in a process of its own (`test/bench/bareClient.ts`, a new connection per request as n8n makes, no',
		'n8n; time / limit in brackets): the floor this machine and the emulator allow. "CPU / item" is the CPU time of the',
		'whole n8n process (every thread, read from /proc every 50 ms) inside the node\'s window, divided by N; "emulator',
		'CPU / item" the same for the process running the emulator (the stand-in gateway shares the two cores with n8n).',
		shared
			? `Measured on the shared 2-core machine while other engineers' builds and tests ran (1-minute load average ${loads} at the start of the runs): wall times are inflated and noisy, CPU times less so.`
			: `1-minute load average at the start of the runs: ${loads}.`,
		'',
		'| operation | Concurrency | time | limit | time / limit | bare client | vs HTTP | CPU / item | emulator CPU / item |',
		'|---|---|---|---|---|---|---|---|---|',
		...rows,
		...(medians[GET_C20_V2] === undefined
			? []
			: [
					`| Transaction → Get, node version 2 | 20 | ${ms(medians[GET_C20_V2])}${spread(GET_C20_V2)} | ${ms(limit(20))} | ${(medians[GET_C20_V2] / limit(20)).toFixed(2)} | ${bareCell(20)} | ${(medians[GET_C20_V2] / httpAllAtOnce).toFixed(2)} | ${perItem(cpuMedians[GET_C20_V2])} | ${emulatorCpu(GET_C20_V2)} |`,
				]),
		httpRow('HTTP Request node GET, all at once', ALL_AT_ONCE),
		httpRow('HTTP Request node GET, Batching 50 items / 0 ms', BATCHING_50),
		httpRow('HTTP Request node GET, Batching 20 items / 0 ms (also all at once, see below)', BATCHING_20),
		'',
		...(phaseRows.length
			? [
					"Per call, as Node's own HTTP client saw it inside n8n (`test/bench/httpTimings.cjs`, preloaded with `--require` in",
					"every run; median per call, then median over the runs): from n8n's request helper creating the request to its being",
					"written (a new connection opened and used), and from then to the answer's headers, which the emulator sends 50 ms",
					"after the request's arrival. Node reports a request written once the write completes, which can be after the",
					'emulator has read it: hence slightly negative values.',
					'',
					`| node | calls | created → sent | sent → answer | answer beyond the ${latencyMs} ms |`,
					'|---|---|---|---|---|',
					...phaseRows,
					'',
				]
			: []),
		"n8n's HTTP Request node (v4.2) sleeps between batches only when the Batching interval is above 0 and never waits for",
		'answers, so with 0 ms both Batching rows send every call at once too: n8n offers no way to bound the calls in flight.',
		'',
		'Targets (issue 8):',
		'',
		`- ${items.toLocaleString('en-US')} GETs at Concurrency 20 within 1.15 × the limit: ${ms(medians['Get c20'])} = ${c20.toFixed(2)} × ${ms(limit(20))}: ${verdict(c20 <= 1.15)}.` +
			` ${c20Explanation}`,
		`- At Concurrency 50 no slower than the HTTP Request node firing all at once: ${ms(c50)} vs ${ms(httpAllAtOnce)} (${(c50 / httpAllAtOnce).toFixed(2)}×): ${verdict(c50 <= httpAllAtOnce)}.`,
		`- Our cost per item at or below about 1.5 ms: the whole node (our code and n8n's work for it) costs ${perItem(cpuMedians['Get c50'])} of n8n's CPU per GET at Concurrency 50 (the HTTP Request node ${perItem(cpuMedians[ALL_AT_ONCE])}); of that, our own code ${Number.isNaN(ownAtC50) ? '(not profiled)' : `${ownAtC50.toFixed(2)} ms`}: ${costVerdict((cpuMedians['Get c50'] ?? Infinity) / items)}.`,
		'',
		...(profile
			? [
					'### Where the CPU time goes',
					'',
					"One more run of the same workflow under `node --cpu-prof` (not in the medians above). Samples of n8n's main thread",
					"inside each node's window, put in a category by call stack: ms per item (share). A sample counts the thread as busy",
					'while it waits for a core, so on a loaded machine the absolute values run above the CPU column: read the shares.',
					'"ours" is code in this package (for the HTTP Request node: our credential\'s `authenticate`); expressions are n8n',
					'resolving `={{ $json.transactionId }}` and the other parameters; credential is n8n reading, decrypting and applying',
					"it; the request helper is n8n-core's `httpRequestWithAuthentication` → axios → Node's http: every call gets two new",
					"agents from `setAxiosAgents`, hence a new TCP connection. That part is n8n's: no request option reuses a connection.",
					'',
					`| node | main thread CPU / item | ${shown.join(' | ')} |`,
					`|---|---|${shown.map(() => '---').join('|')}|`,
					...profileRows,
					'',
					`For the HTTP Request node the credential share (${share(ALL_AT_ONCE, 'n8n: credential (read, decrypt, apply)').toFixed(2)} ms per item) is n8n's helper reading the`,
					'credential from its database and decrypting it for every call. The DasGateway node did the same until it started',
					'handing the credential it reads once per run to the helper (`credentialsDecrypted`); its share is now',
					`${share('Get c50', 'n8n: credential (read, decrypt, apply)').toFixed(2)} ms. What remains is n8n's request helper (two new agents and a new connection per call), its`,
					'expression engine and its garbage collection; our own code is the "ours" column.',
					'',
				]
			: []),
		`In-process (\`npm run bench\` first part): building and validating one capture plan takes ${ownCostUs.build.toFixed(0)} µs, normalizing one answer ${ownCostUs.normalize.toFixed(0)} µs.`,
		'',
		'### 429 from a quarter of the calls',
		'',
		`The emulator refusing a random quarter of the calls with 429 and Retry-After 0.2 s; ${items.toLocaleString('en-US')} captures at Concurrency 20`,
		`(time ${ms(medians['Capture with 429 (c20)'])}${spread('Capture with 429 (c20)')}, ${(medians['Capture with 429 (c20)'] / limit(20)).toFixed(1)} × the limit): ${t.outputs} items out, ${t.approved} approved, output ${t.inOrder ? 'in input order' : 'NOT in input order'} and ${t.paired ? 'each item paired to its input' : 'NOT paired'};`,
		`the gateway refused ${t.refused} calls and accepted ${t.accepted} captures of ${t.distinctCaptured} distinct authorizations:`,
		`${t.accepted === t.distinctCaptured && t.distinctCaptured === items && t.outputs === items ? '**all complete, none twice**' : '**NOT every item exactly once**'} (figures of the last run).`,
		'It is slow by design of the test: the node halves the calls in flight at every 429 and adds one back after as many',
		'successes as are in flight, while the emulator refuses a quarter of the calls however few are in flight, so the',
		'node settles at about two or three in flight, each refusal waiting its 0.2 s. A gateway that refuses because of load',
		'lets the count climb back once the load is gone.',
		'',
	].join('\n');
}
