/**
 * The floor for the bulk benchmark: the same transaction status GETs sent by a bare Node.js client in a process of its
 * own (as n8n is), a new connection per request (as n8n's request helper makes), no n8n and no DasGateway node. What
 * it takes above N × latency / Concurrency is the emulator's, the loopback's and the machine's share.
 *
 *   tsx test/bench/bareClient.ts <input.json>   (input: { baseUrl, headers, ids, concurrency })
 * prints one line of JSON: { wallMs, cpuMs, failures }.
 */
import * as http from 'http';
import { readFileSync } from 'fs';
import { performance } from 'perf_hooks';

interface Input {
	baseUrl: string;
	headers: Record<string, string>;
	ids: string[];
	concurrency: number;
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Input;
const base = new URL(input.baseUrl);

function get(id: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.get(
			{
				hostname: base.hostname,
				port: base.port,
				path: `${base.pathname.replace(/\/+$/, '')}/api/v1/server-to-server-interface/transaction/status/${id}`,
				headers: { ...input.headers, Accept: 'application/json' },
				agent: false,
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					JSON.parse(Buffer.concat(chunks).toString('utf8'));
					resolve(response.statusCode ?? 0);
				});
			},
		);
		request.on('error', reject);
	});
}

async function main(): Promise<void> {
	let next = 0;
	let failures = 0;
	const cpu = process.cpuUsage();
	const started = performance.now();
	await Promise.all(
		Array.from({ length: input.concurrency }, async () => {
			while (next < input.ids.length) {
				const status = await get(input.ids[next++]);
				if (status !== 200) failures++;
			}
		}),
	);
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	process.stdout.write(`${JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, failures })}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
