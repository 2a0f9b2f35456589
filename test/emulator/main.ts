/**
 * `npm run emulator`: runs the DasGateway emulator as its own process (for a real n8n, demos, benchmarks).
 * Environment: DASGATEWAY_EMULATOR_PORT (default 4010; 0 = random), DASGATEWAY_EMULATOR_API_KEY,
 * DASGATEWAY_EMULATOR_X_API_KEY, DASGATEWAY_EMULATOR_MERCHANT_ID, DASGATEWAY_EMULATOR_LATENCY_MS ("200" or "50-300"),
 * DASGATEWAY_EMULATOR_FAULT, DASGATEWAY_EMULATOR_WEBHOOK_DELAY_MS, DASGATEWAY_EMULATOR_WEBHOOK_DUPLICATES,
 * DASGATEWAY_EMULATOR_WEBHOOK_RETRIES, DASGATEWAY_EMULATOR_MAX_IN_FLIGHT and DASGATEWAY_EMULATOR_REFUSE_RATIO (HTTP 429).
 * Prints exactly one line on stdout when ready: "DasGateway emulator listening on http://127.0.0.1:PORT".
 */
import { isFaultKind, parseLatency, startEmulator } from './server';
import type { EmulatorOptions, WebhookOptions } from './types';

function fail(message: string): never {
	process.stderr.write(`dasgateway-emulator: ${message}\n`);
	process.exit(2);
}

function intEnv(name: string): number | undefined {
	const v = process.env[name];
	if (v === undefined || v === '') return undefined;
	if (!/^\d+$/.test(v)) fail(`${name} must be a non-negative integer, got "${v}"`);
	return Number(v);
}

export function optionsFromEnv(): EmulatorOptions {
	const env = process.env;
	const port = intEnv('DASGATEWAY_EMULATOR_PORT') ?? 4010;
	if (port > 65535) fail(`DASGATEWAY_EMULATOR_PORT out of range: ${port}`);
	const options: EmulatorOptions = { port, host: '127.0.0.1' };
	if (env.DASGATEWAY_EMULATOR_API_KEY) options.apiKey = env.DASGATEWAY_EMULATOR_API_KEY;
	if (env.DASGATEWAY_EMULATOR_X_API_KEY) options.xApiKey = env.DASGATEWAY_EMULATOR_X_API_KEY;
	if (env.DASGATEWAY_EMULATOR_MERCHANT_ID) options.merchantId = env.DASGATEWAY_EMULATOR_MERCHANT_ID;
	if (env.DASGATEWAY_EMULATOR_LATENCY_MS) {
		const l = parseLatency(env.DASGATEWAY_EMULATOR_LATENCY_MS);
		if (l === undefined)
			fail(`DASGATEWAY_EMULATOR_LATENCY_MS must be "200" or "50-300", got "${env.DASGATEWAY_EMULATOR_LATENCY_MS}"`);
		options.latencyMs = l;
	}
	if (env.DASGATEWAY_EMULATOR_FAULT) {
		if (!isFaultKind(env.DASGATEWAY_EMULATOR_FAULT))
			fail(`DASGATEWAY_EMULATOR_FAULT is not a fault kind: "${env.DASGATEWAY_EMULATOR_FAULT}"`);
		options.fault = env.DASGATEWAY_EMULATOR_FAULT;
	}
	const webhooks: WebhookOptions = {};
	const delay = intEnv('DASGATEWAY_EMULATOR_WEBHOOK_DELAY_MS');
	const dups = intEnv('DASGATEWAY_EMULATOR_WEBHOOK_DUPLICATES');
	const retries = intEnv('DASGATEWAY_EMULATOR_WEBHOOK_RETRIES');
	if (delay !== undefined) webhooks.delayMs = delay;
	if (dups !== undefined) webhooks.duplicates = dups;
	if (retries !== undefined) webhooks.retries = retries;
	options.webhooks = webhooks;
	const maxInFlight = intEnv('DASGATEWAY_EMULATOR_MAX_IN_FLIGHT');
	const refuseRatio = env.DASGATEWAY_EMULATOR_REFUSE_RATIO ? Number(env.DASGATEWAY_EMULATOR_REFUSE_RATIO) : undefined;
	if (refuseRatio !== undefined && !(refuseRatio >= 0 && refuseRatio <= 1))
		fail('DASGATEWAY_EMULATOR_REFUSE_RATIO must be from 0 to 1');
	if (maxInFlight !== undefined || refuseRatio !== undefined) options.rateLimit = { maxInFlight, refuseRatio };
	return options;
}

async function main(): Promise<void> {
	const emulator = await startEmulator(optionsFromEnv());
	process.stdout.write(`DasGateway emulator listening on ${emulator.url}\n`);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
}
