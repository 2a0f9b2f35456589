/**
 * Per-delivery cost of the DasGateway Trigger in a real n8n 2.8.4, single process (regular mode, SQLite), the
 * way most users run it. Boots n8n, so run it under the n8n lock:
 *
 *   flock /tmp/dasgateway-n8n.lock npx tsx test/bench/trigger-delivery.ts [packageDir]
 *
 * packageDir (default: this checkout, built) is the package to load, so an older build can be compared.
 * Sends genuine notifications (verified against the in-process emulator) one after the other and measures
 * - the answer time per delivery as the gateway sees it, and
 * - the end-to-end time per delivery: from the first send until every execution is finished, divided by the count;
 * once with an empty seen-events record and once with a full one (2,000 entries already in static data).
 * Prints one JSON line per case. Asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

import { startEmulator } from '../emulator';
import { emulatorCredential, N8nInstance, REPO_ROOT, TRIGGER_NODE_TYPE, type WorkflowInput } from '../n8n/instance';
import { waitFor } from '../n8n/processes';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 200);
const WARMUP = 20;
const packageDir = resolve(process.argv[2] ?? REPO_ROOT);

function workflow(webhookId: string, prefilled: number): WorkflowInput {
	const now = Date.now();
	const at: Record<string, number> = {};
	for (let n = 0; n < prefilled; n++) at[`${randomUUID()}|CAPTURE|approved`] = now - n;
	return {
		name: `bench ${prefilled}`,
		nodes: [
			{ name: 'DasGateway Trigger', type: TRIGGER_NODE_TYPE, typeVersion: 1, position: [0, 0], webhookId, parameters: {}, credentials: { dasGatewayApi: { id: 'dasGatewayEmu001', name: 'DasGateway Emulator' } } },
			{ name: 'Fulfil', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'DasGateway Trigger': { main: [[{ node: 'Fulfil', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		...(prefilled > 0 ? { staticData: { 'node:DasGateway Trigger': { seenEvents: { v: 1, at } } } } : {}),
	};
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
	const emulator = await startEmulator({ port: 0, webhooks: { retries: 0 } });
	const n8n = await N8nInstance.create({ name: 'bench-trigger', packageDir, log: () => undefined });
	try {
		await n8n.importCredentials([emulatorCredential(emulator.url)]);
		const cases = [
			{ label: 'empty record', webhookId: randomUUID(), prefilled: 0 },
			{ label: 'full record (2,000)', webhookId: randomUUID(), prefilled: 2_000 },
		];
		const imported = await n8n.importWorkflows(cases.map((c) => workflow(c.webhookId, c.prefilled)), { via: 'cli' });
		for (const w of imported) await n8n.publishWorkflow(w.id);
		await n8n.start();
		await n8n.setupOwner();

		for (const [index, benchCase] of cases.entries()) {
			const url = `${n8n.baseUrl}/webhook/${benchCase.webhookId}/webhook`;
			// Payloads of genuine events: the emulator's webhooks go nowhere (an unused port), we keep the payloads.
			const ids: string[] = [];
			for (let n = 0; n < DELIVERIES + WARMUP; n++) {
				const response = await fetch(`${emulator.url}/api/v1/server-to-server-interface/payment`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Basic ${emulator.encodedApiKey}`, 'x-api-key': emulator.xApiKey },
					body: JSON.stringify({
						amount: '12.34',
						currency: 'SGD',
						merchant_id: emulator.merchantId,
						merchant_txn_ref: `bench-${n}`,
						customer_ip: '203.0.113.9',
						time_zone: 'Asia/Singapore',
						card: { number: '4111111111111111', name: 'Ada Lovelace', cvc: '123', expiry_month: '12', expiry_year: '34' },
						billing_address: { country: 'SG', email: 'ada@example.com', phone_number: '6591234567', address1: '1 Main St', city: 'Singapore', state: 'SG', postal_code: '018956' },
						return_url: { webhook_url: 'http://127.0.0.1:9/void', success_url: 'https://shop.test/ok', decline_url: 'https://shop.test/ko' },
					}),
				});
				ids.push(((await response.json()) as { transaction_details: { id: string } }).transaction_details.id);
			}
			await emulator.waitForDeliveries(emulator.deliveries().length, 60_000).catch(() => undefined);
			const payloads = new Map(emulator.deliveries().map((d) => [d.transactionId, d.payload]));
			const send = async (id: string) => {
				const started = performance.now();
				const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payloads.get(id)) });
				const body = (await answer.json()) as { started?: boolean };
				if (answer.status !== 200 || body.started !== true) throw new Error(`delivery answered ${answer.status} ${JSON.stringify(body)}`);
				return performance.now() - started;
			};
			for (const id of ids.slice(0, WARMUP)) await send(id);
			const workflowId = imported[index].id;
			await n8n.waitForExecutions(workflowId, WARMUP, { timeoutMs: 120_000 });

			const began = performance.now();
			const latencies: number[] = [];
			for (const id of ids.slice(WARMUP)) latencies.push(await send(id));
			await waitFor(
				'every execution to finish',
				async () => {
					const list = await n8n.executions({ workflowId, limit: 250 });
					return list.filter((e) => e.status === 'success').length >= DELIVERIES + WARMUP ? true : undefined;
				},
				{ timeoutMs: 300_000, intervalMs: 100 },
			);
			const total = performance.now() - began;
			latencies.sort((a, b) => a - b);
			console.log(
				JSON.stringify({
					package: packageDir,
					case: benchCase.label,
					deliveries: DELIVERIES,
					answerMsMean: +(latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(2),
					answerMsP50: +percentile(latencies, 50).toFixed(2),
					answerMsP95: +percentile(latencies, 95).toFixed(2),
					endToEndMsPerDelivery: +(total / DELIVERIES).toFixed(2),
				}),
			);
		}
	} finally {
		await n8n.close();
		await emulator.close();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
