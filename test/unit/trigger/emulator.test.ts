/**
 * End to end with the in-process emulator: it delivers its real webhook payloads over HTTP to a tiny local
 * server that hands each request to the trigger's webhook() through the fake context (raw body, query, ip),
 * and the trigger verifies each one against the emulator's real status call through the real credential.
 */
import axios from 'axios';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { emulatorCredentials } from '../../helpers/httpWithCredentials';
import { createWebhookContext } from '../../helpers/webhookContext';
import { node, resetMemory } from './util';

const SECRET = 'e2e-secret';
let emulator: RunningEmulator;
let receiver: http.Server;
let receiverUrl: string;
/** Every execution the trigger started, and every answer it gave. */
let executions: IDataObject[];
let answers: Array<{ status: number | null; body: unknown }>;

beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://receiver.local');
				const { ctx, response, complete } = createWebhookContext({
					request: {
						method: req.method as 'GET' | 'POST',
						rawBody: Buffer.concat(chunks),
						headers: req.headers as Record<string, string>,
						query: Object.fromEntries(url.searchParams),
						ip: req.socket.remoteAddress,
						webhookName: url.pathname.endsWith('/return') ? 'redirect' : 'default',
					},
					parameters: { options: { sharedSecret: SECRET, allowedIps: '127.0.0.1, ::1' } },
					credentials: emulatorCredentials(emulator.url),
				});
				const result = await node.webhook.call(ctx);
				complete(result);
				for (const item of result.workflowData?.[0] ?? []) executions.push(item.json);
				answers.push({ status: response.statusCode, body: response.body });
				res.writeHead(response.statusCode ?? 500, { 'content-type': 'application/json' });
				res.end(JSON.stringify(response.body ?? {}));
			})().catch((error: Error) => {
				res.writeHead(500);
				res.end(error.message);
			});
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await emulator.close();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
	emulator.reset();
	emulator.configure({ webhooks: { duplicates: 0, retries: 0, delayMs: 0 } });
	resetMemory();
	executions = [];
	answers = [];
});

async function purchase(card: string, reference: string, webhookUrl: string) {
	const response = await axios.post(
		`${emulator.url}/api/v1/server-to-server-interface/payment`,
		{
			amount: '12.34',
			currency: 'SGD',
			merchant_id: emulator.merchantId,
			merchant_txn_ref: reference,
			customer_ip: '203.0.113.9',
			time_zone: 'Asia/Singapore',
			card: { number: card, name: 'Ada Lovelace', cvc: '123', expiry_month: '12', expiry_year: '30' },
			billing_address: {
				country: 'SG',
				email: 'ada@example.com',
				phone_number: '6591234567',
				address1: '1 Main St',
				city: 'Singapore',
				state: 'SG',
				postal_code: '018956',
			},
			return_url: { webhook_url: webhookUrl, success_url: 'https://shop.test/ok', decline_url: 'https://shop.test/ko' },
		},
		{
			headers: { Authorization: `Basic ${emulator.encodedApiKey}`, 'x-api-key': emulator.xApiKey },
			validateStatus: () => true,
		},
	);
	const id = (response.data as { transaction_details?: { id?: string } }).transaction_details?.id;
	if (!id) throw new Error(`Purchase failed: HTTP ${response.status} ${JSON.stringify(response.data)}`);
	return id;
}

describe('real webhooks from the emulator', () => {
	it('a genuine delivery starts exactly one execution; the duplicate copies start nothing more', async () => {
		emulator.configure({ webhooks: { duplicates: 2, retries: 0 } });
		const id = await purchase('4111111111111111', 'e2e-order-1', `${receiverUrl}/webhook/abc/webhook?secret=${SECRET}`);
		const deliveries = await emulator.waitForDeliveries(3, 10_000);

		expect(deliveries).toHaveLength(3);
		expect(deliveries.every((d) => d.delivered)).toBe(true);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({
			transactionId: id,
			transactionType: 'CAPTURE',
			outcome: 'approved',
			amount: 12.34,
			currency: 'SGD', // from the status call: the webhook payload carries currency null
			merchantTxnRef: 'e2e-order-1',
			verified: true,
			source: 'webhook',
		});
		expect(JSON.stringify(executions[0])).not.toContain('4111111111111111');
		expect(answers.map((a) => (a.body as { started: boolean }).started).sort()).toEqual([false, false, true]);
		expect(answers.every((a) => a.status === 200)).toBe(true);
	});

	it('a declined payment starts one declined event, once', async () => {
		emulator.configure({ webhooks: { duplicates: 1, retries: 0 } });
		const id = await purchase('4000000000000002', 'e2e-order-2', `${receiverUrl}/webhook/abc/webhook?secret=${SECRET}`);
		await emulator.waitForDeliveries(2, 10_000);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ transactionId: id, outcome: 'declined', approved: false, verified: true });
	});

	it('a webhook URL without the secret is refused (401) and nothing starts', async () => {
		await purchase('4111111111111111', 'e2e-order-3', `${receiverUrl}/webhook/abc/webhook`);
		const [delivery] = await emulator.waitForDeliveries(1, 10_000);
		expect(delivery.delivered).toBe(false);
		expect(delivery.attempts[0].status).toBe(401);
		expect(executions).toHaveLength(0);
	});

	it('a forged copy of a real notification (changed amount) is refused by the status check; the genuine one then starts', async () => {
		const id = await purchase('4111111111111111', 'e2e-order-4', `${receiverUrl}/webhook/abc/webhook?secret=${SECRET}`);
		const [genuine] = await emulator.waitForDeliveries(1, 10_000);
		resetMemory();
		executions = [];
		const forged = {
			...(genuine.payload as Record<string, unknown>),
			payment_details: { ...(genuine.payload as { payment_details: object }).payment_details, amount: '0.01' },
		};
		const refused = await axios.post(`${receiverUrl}/webhook/abc/webhook?secret=${SECRET}`, forged, {
			validateStatus: () => true,
		});
		expect(refused.status).toBe(403);
		expect(refused.data).toMatchObject({ received: false, started: false });
		expect(executions).toHaveLength(0);
		const replay = await axios.post(`${receiverUrl}/webhook/abc/webhook?secret=${SECRET}`, genuine.payload, {
			validateStatus: () => true,
		});
		expect(replay.data).toEqual({ received: true, started: true });
		expect(executions).toHaveLength(1);
		expect(executions[0].transactionId).toBe(id);
	});
});
