/**
 * The bulk benchmark in a real n8n 2.8.4 (`npm run bench`): 1,000 items of Transaction → Get and of Capture against
 * the emulator answering in 50 ms, at Concurrency 1, 5, 20 and 50, beside n8n's HTTP Request node doing the same
 * GETs (all at once, and with its Batching option), and 1,000 captures against a gateway refusing a quarter of the
 * calls with 429. Times are the nodes' own execution times as n8n records them; each figure is the median of RUNS
 * runs of one workflow holding every variant (n8n runs its branches one after the other).
 */
import { startEmulator, type RunningEmulator } from '../emulator';
import { N8nInstance, emulatorCredential, type ExecutionResult, type WorkflowInput } from '../n8n/instance';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LATENCY_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCIES = [1, 5, 20, 50];
const GATEWAY = 'n8n-nodes-dasgateway.dasGateway';
const THROTTLED_CREDENTIAL = { id: 'dasGatewayThrottled1', name: 'DasGateway Emulator (429 for a quarter)' };

type NodeSpec = { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, unknown> };

function gatewayNode(name: string, parameters: Record<string, unknown>, credential = { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' }): NodeSpec {
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
			billingAddress: { address: { country: 'GB', email: 'bench@example.com', phone: '+44 20 7946 0000', addressLine1: '1 Way', city: 'London', state: 'London', postalCode: 'N1 1AA' } },
			options: { concurrency: 50 },
		},
		credential,
	);

const httpGet = (name: string, emulatorUrl: string, batching: boolean): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		url: `=${emulatorUrl}/api/v1/server-to-server-interface/transaction/status/{{ $json.transactionId }}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'dasGatewayApi',
		options: batching ? { batching: { batch: { batchSize: 50, batchInterval: 0 } } } : {},
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
			parameters: { jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { amount: 1 + (i % 50) } }));` },
		},
		authorize('Authorize for reads'),
	];
	const chains: Array<[string, string]> = [
		['Start', 'Items'],
		['Items', 'Authorize for reads'],
	];
	for (const concurrency of CONCURRENCIES) {
		nodes.push(gatewayNode(`Get c${concurrency}`, { resource: 'transaction', operation: 'get', transactionId: '={{ $json.transactionId }}', options: { concurrency } }));
		chains.push(['Authorize for reads', `Get c${concurrency}`]);
	}
	nodes.push(httpGet('HTTP Request GET (all at once)', emulatorUrl, false), httpGet('HTTP Request GET (Batching 50)', emulatorUrl, true));
	chains.push(['Authorize for reads', 'HTTP Request GET (all at once)'], ['Authorize for reads', 'HTTP Request GET (Batching 50)']);
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
		chains.push(['Items', `Authorize for capture c${concurrency}`], [`Authorize for capture c${concurrency}`, `Capture c${concurrency}`]);
	}
	nodes.push(authorize('Authorize for 429', THROTTLED_CREDENTIAL));
	nodes.push(
		gatewayNode(
			'Capture with 429 (c20)',
			{ resource: 'transaction', operation: 'capture', transactionId: '={{ $json.transactionId }}', amount: '={{ $json.amount }}', options: { concurrency: 20 } },
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
	throttled: { refused: number; accepted: number; distinctCaptured: number; outputs: number; approved: number };
}

function executionTime(result: ExecutionResult, node: string): number {
	const [run] = result.nodeRuns(node);
	if (!run || run.executionTime === undefined) throw new Error(`Node ${node} did not run:\n${result.describe()}`);
	if (run.error) throw new Error(`Node ${node} failed: ${JSON.stringify(run.error).slice(0, 500)}`);
	return run.executionTime;
}

export async function runBulkBenchmark(log: (line: string) => void): Promise<BulkFigures> {
	const emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS });
	const throttledEmulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS, rateLimit: { refuseRatio: 0.25, retryAfterSeconds: 0.2 } });
	const n8n = await N8nInstance.create({ name: 'bench', log: () => undefined });
	try {
		await n8n.importCredentials([emulatorCredential(emulator.url), emulatorCredential(throttledEmulator.url, THROTTLED_CREDENTIAL)]);
		const { id } = await n8n.importWorkflow(benchWorkflow(emulator.url));
		const times: Record<string, number[]> = {};
		let throttled: BulkFigures['throttled'] | undefined;
		for (let run = 1; run <= RUNS; run++) {
			emulator.reset();
			throttledEmulator.reset();
			const result = await n8n.execute(id, { timeoutMs: 15 * 60_000 });
			if (!result.ok) throw new Error(`Benchmark workflow failed:\n${result.describe()}`);
			for (const node of result.nodeNames().filter((name) => name.startsWith('Get') || name.startsWith('Capture') || name.startsWith('HTTP'))) {
				(times[node] ??= []).push(executionTime(result, node));
			}
			const captures = throttledEmulator.requests().filter((request) => request.path.endsWith('/capture'));
			const accepted = captures.filter((request) => !request.throttled);
			const outputs = result.items('Capture with 429 (c20)');
			throttled = {
				refused: captures.length - accepted.length,
				accepted: accepted.length,
				distinctCaptured: new Set(accepted.map((request) => (request.body as { transactionId?: string }).transactionId)).size,
				outputs: outputs.length,
				approved: outputs.filter((item) => item.outcome === 'approved').length,
			};
			log(`run ${run}/${RUNS}: ${Object.entries(times).map(([node, list]) => `${node} ${list[list.length - 1]} ms`).join(', ')}`);
		}
		const medians = Object.fromEntries(Object.entries(times).map(([node, list]) => [node, median(list)]));
		return { items: ITEMS, latencyMs: LATENCY_MS, runs: RUNS, medians, throttled: throttled as BulkFigures['throttled'] };
	} finally {
		await n8n.close();
		await emulator.close();
		await throttledEmulator.close();
	}
}

/** The BENCHMARKS.md section for these figures. */
export function bulkSection(figures: BulkFigures, ownCostUs: { build: number; normalize: number }): string {
	const { items, latencyMs, medians } = figures;
	const limit = (concurrency: number) => (items * latencyMs) / concurrency;
	const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
	const httpAllAtOnce = medians['HTTP Request GET (all at once)'];
	const rows = CONCURRENCIES.flatMap((concurrency) =>
		['Get', 'Capture'].map((kind) => {
			const time = medians[`${kind} c${concurrency}`];
			const perItem = (time - limit(concurrency)) / items;
			return `| ${kind === 'Get' ? 'Transaction → Get' : 'Capture'} | ${concurrency} | ${ms(time)} | ${ms(limit(concurrency))} | ${(time / limit(concurrency)).toFixed(2)} | ${(time / httpAllAtOnce).toFixed(2)} | ${perItem.toFixed(2)} ms |`;
		}),
	);
	const perItemAtOne = (medians['Get c1'] - limit(1)) / items;
	const t = figures.throttled;
	return [
		`## Bulk: ${items.toLocaleString('en-US')} items in n8n 2.8.4, gateway latency ${latencyMs} ms`,
		'',
		`Median of ${figures.runs} runs of one workflow (\`test/bench/bulk.ts\`); times are the node's execution time as n8n records it.`,
		'"limit" is the physical limit N × latency / concurrency; "vs HTTP" compares with n8n\'s HTTP Request node firing all',
		'1,000 GETs at once against the same emulator; "over limit per item" is (time − limit) / N.',
		'',
		'| operation | Concurrency | time | limit | time / limit | vs HTTP | over limit per item |',
		'|---|---|---|---|---|---|---|',
		...rows,
		`| HTTP Request node GET, all at once | — | ${ms(httpAllAtOnce)} | ${ms(latencyMs)} | | 1.00 | |`,
		`| HTTP Request node GET, Batching 50 / 0 ms | — | ${ms(medians['HTTP Request GET (Batching 50)'])} | | | ${(medians['HTTP Request GET (Batching 50)'] / httpAllAtOnce).toFixed(2)} | |`,
		'',
		`Our cost per item: at Concurrency 1 each GET costs ${perItemAtOne.toFixed(2)} ms on top of the gateway's ${latencyMs} ms. Of that, our own`,
		`code is about ${ownCostUs.build.toFixed(0)} µs to read and validate the item's parameters and ${ownCostUs.normalize.toFixed(0)} µs to normalize the answer`,
		"(measured in-process); the rest is n8n's request helper (it decrypts the credential for every request) and the HTTP round trip.",
		'',
		`With the gateway refusing a quarter of the calls (429, Retry-After 0.2 s), Capture at Concurrency 20: ${t.outputs} items out,`,
		`${t.approved} approved; the gateway refused ${t.refused} calls and accepted ${t.accepted} captures of ${t.distinctCaptured} distinct`,
		`authorizations: ${t.accepted === t.distinctCaptured && t.distinctCaptured === items ? 'every item captured exactly once' : 'NOT every item exactly once'}.`,
		'',
	].join('\n');
}
