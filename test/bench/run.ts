/**
 * `npm run bench`: how fast the pure parts run (validation, normalization, building an item's plan) — the work done
 * for every item and every webhook — and then the bulk benchmark in a real n8n (test/bench/bulk.ts; skipped with
 * BENCH_SKIP_N8N=1). Writes its section of BENCHMARKS.md (other sections are kept). Asserts nothing: speed goals live
 * here, not in tests.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';

import * as capture from '../../nodes/DasGateway/actions/transaction/capture.operation';
import type { RunContext } from '../../nodes/DasGateway/actions/types';
import { v1FieldsFor } from '../../nodes/DasGateway/v1/fields';
import { createExecuteContext } from '../helpers/executeContext';
import { emulatorCredentials } from '../helpers/httpWithCredentials';
import { bulkSection, runBulkBenchmark, type BulkFigures } from './bulk';

import { normalizeSubscriptionList, normalizeTransaction } from '../../nodes/DasGateway/gateway/normalize';
import { paymentRequestSchema, validateRequest } from '../../nodes/DasGateway/gateway/schemas';
import { authorisationWithValues, filledWebhookSample } from '../fixtures/invented';
import * as samples from '../fixtures/manualVerbatim';

const nextYear = String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0');
const payment = {
	amount: '10.50',
	currency: 'USD',
	merchant_txn_ref: 'bench-1',
	customer_ip: '203.0.113.7',
	merchant_id: 'EMU0000001',
	time_zone: 'Asia/Kuala_Lumpur',
	card: { number: '4111111111111111', name: 'Bench Mark', cvc: '123', expiry_month: '12', expiry_year: nextYear },
	billing_address: {
		country: 'GB',
		email: 'b@example.com',
		phone_number: '+44 20 7946 0000',
		address1: '1 Way',
		city: 'London',
		state: 'London',
		postal_code: 'N1',
	},
};

function bench(name: string, run: () => unknown, seconds = 1) {
	for (let i = 0; i < 200; i++) run(); // warm-up
	let count = 0;
	const start = performance.now();
	const until = start + seconds * 1000;
	while (performance.now() < until) {
		for (let i = 0; i < 100; i++) run();
		count += 100;
	}
	const perSecond = Math.round(count / ((performance.now() - start) / 1000));
	console.log(`${name.padEnd(44)} ${perSecond.toLocaleString('en-US').padStart(12)} ops/s`);
	return perSecond;
}

bench('validate a card payment request', () => validateRequest(paymentRequestSchema, payment));
bench('normalize an authorization response', () => normalizeTransaction(authorisationWithValues));
bench('normalize a status response', () => normalizeTransaction(samples.transactionStatusResponse));
bench('normalize a webhook', () => normalizeTransaction(filledWebhookSample));
bench('normalize a subscription list', () => normalizeSubscriptionList(samples.subscriptionListResponse));

// One capture item's own cost: reading its parameters strictly and validating its request (no I/O).
const credentials = emulatorCredentials('http://127.0.0.1:4010');
const { ctx } = createExecuteContext({
	parameters: {
		resource: 'transaction',
		operation: 'capture',
		transactionId: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
		amount: 10.5,
	},
	credentials,
});
// The bulk benchmark's workflows use version 1 of the node: its frozen form.
const run: RunContext = {
	credentials: credentials as unknown as RunContext['credentials'],
	fields: v1FieldsFor('transaction', 'capture'),
};
const buildPerSecond = bench('build and validate a capture plan', () => capture.build.call(ctx, 0, run));
const normalizePerSecond = bench('normalize a capture answer', () => normalizeTransaction(authorisationWithValues));

const MARK = { start: '<!-- bench:bulk -->', end: '<!-- /bench:bulk -->' };

function machine(): string {
	const n8nVersion = (() => {
		try {
			const cache = process.env.DASGATEWAY_N8N_CACHE ?? join(os.homedir(), '.cache', 'dasgateway-n8n');
			return (
				JSON.parse(readFileSync(join(cache, '2.8.4', 'node_modules', 'n8n', 'package.json'), 'utf8')) as {
					version: string;
				}
			).version;
		} catch {
			return 'unknown';
		}
	})();
	const commit = (() => {
		try {
			return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		} catch {
			return 'unknown';
		}
	})();
	return `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, n8n ${n8nVersion}, commit ${commit}.`;
}

/** Replaces this benchmark's section of BENCHMARKS.md, keeping every other section. */
function writeSection(section: string): void {
	const file = join(__dirname, '..', '..', 'BENCHMARKS.md');
	const current = existsSync(file)
		? readFileSync(file, 'utf8')
		: '# Benchmarks\n\nWritten by `npm run bench` (and the suites named in each section).\n\n';
	const block = `${MARK.start}\n${section.trim()}\n${MARK.end}`;
	const start = current.indexOf(MARK.start);
	const end = current.indexOf(MARK.end);
	const next =
		start >= 0 && end > start
			? current.slice(0, start) + block + current.slice(end + MARK.end.length)
			: `${current.trimEnd()}\n\n${block}\n`;
	writeFileSync(file, next);
}

async function main(): Promise<void> {
	if (process.env.BENCH_SKIP_N8N === '1') return;
	// BENCH_FROM_FIGURES=<file>: write the section again from a run's saved figures (after changing its wording).
	const saved = process.env.BENCH_FROM_FIGURES;
	const recorded = saved
		? (JSON.parse(readFileSync(saved, 'utf8')) as BulkFigures & {
				ownCostUs: { build: number; normalize: number };
				machine: string;
			})
		: undefined;
	const figures = recorded ?? (await runBulkBenchmark((line) => console.log(`[bulk] ${line}`)));
	const ownCostUs = recorded?.ownCostUs ?? { build: 1e6 / buildPerSecond, normalize: 1e6 / normalizePerSecond };
	const machineLine = recorded?.machine ?? machine();
	if (!recorded) {
		// Every figure of the run, for reading beyond the summary (not committed).
		const figuresFile = join(__dirname, '..', '..', '.n8n-e2e', 'bench-figures.json');
		writeFileSync(figuresFile, `${JSON.stringify({ ...figures, ownCostUs, machine: machineLine }, null, 2)}\n`);
		console.log(`[bulk] figures: ${figuresFile}`);
	}
	const section = bulkSection(figures, ownCostUs);
	writeSection(`${section}\n${machineLine}\n`);
	console.log(section);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
