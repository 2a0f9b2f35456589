/**
 * Helpers for the emulator's own tests: a raw HTTP client (so faults show exactly as a client sees
 * them), a webhook receiver, and request bodies modelled on the manual's request samples.
 */
import * as http from 'http';
import type { Socket } from 'net';
import { BASE_PATH, TEST_CARDS, type RunningEmulator } from './index';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface HttpResult {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	/** Parsed JSON, or undefined when the body is not JSON. */
	json: any;
}

export interface RequestOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: unknown;
	timeoutMs?: number;
}

/** One request on a fresh connection. Rejects with code CLIENT_TIMEOUT when the client gives up. */
export function httpRequest(url: string, o: RequestOptions = {}): Promise<HttpResult> {
	return new Promise((resolve, reject) => {
		const payload = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
		const headers: Record<string, string> = { ...(o.headers ?? {}) };
		if (payload !== undefined) {
			headers['content-type'] ??= 'application/json';
			headers['content-length'] = String(Buffer.byteLength(payload));
		}
		const req = http.request(url, { method: o.method ?? 'GET', headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: any;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
			});
			res.on('error', reject);
		});
		const timeoutMs = o.timeoutMs ?? 10_000;
		req.setTimeout(timeoutMs, () =>
			req.destroy(Object.assign(new Error(`client timeout after ${timeoutMs} ms`), { code: 'CLIENT_TIMEOUT' })),
		);
		req.on('error', reject);
		req.end(payload);
	});
}

export type AuthMode = 'colon' | 'no-colon' | 'none' | { authorization?: string; xApiKey?: string };

export function authHeaders(emu: RunningEmulator, mode: AuthMode = 'colon'): Record<string, string> {
	if (mode === 'none') return {};
	if (mode === 'colon') return { authorization: `Basic ${emu.encodedApiKey}`, 'x-api-key': emu.xApiKey };
	if (mode === 'no-colon')
		return { authorization: `Basic ${Buffer.from(emu.apiKey).toString('base64')}`, 'x-api-key': emu.xApiKey };
	const h: Record<string, string> = {};
	if (mode.authorization !== undefined) h.authorization = mode.authorization;
	if (mode.xApiKey !== undefined) h['x-api-key'] = mode.xApiKey;
	return h;
}

/** A gateway call: path is the part after the base path, e.g. '/payment'. */
export function api(
	emu: RunningEmulator,
	method: string,
	path: string,
	body?: unknown,
	o: { auth?: AuthMode; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
	return httpRequest(`${emu.url}${BASE_PATH}${path}`, {
		method,
		body,
		headers: { ...authHeaders(emu, o.auth), ...(o.headers ?? {}) },
		timeoutMs: o.timeoutMs,
	});
}

export function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<HttpResult> {
	return httpRequest(`${emu.url}/__emulator${path}`, { method, body });
}

/** Deep merge; a key set to undefined in the patch is removed. */
export function merge<T>(base: T, patch: Record<string, unknown> = {}): T {
	const out: Record<string, unknown> = JSON.parse(JSON.stringify(base));
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) delete out[k];
		else if (
			typeof v === 'object' &&
			v !== null &&
			!Array.isArray(v) &&
			typeof out[k] === 'object' &&
			out[k] !== null
		) {
			out[k] = merge(out[k], v as Record<string, unknown>);
		} else out[k] = v;
	}
	return out as T;
}

/** Two-digit expiry year three years ahead. */
export const EXPIRY_YEAR = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');

let refCounter = 0;
/** A merchant_txn_ref unique within the test run. */
export function newRef(prefix = 'ref'): string {
	refCounter += 1;
	return `${prefix}-${process.pid}-${refCounter}`;
}

/** The manual's Purchase / Authorisation request sample, filled in. */
export function paymentBody(emu: RunningEmulator, patch: Record<string, unknown> = {}): any {
	const base = {
		amount: '1000',
		currency: 'JPY',
		card: {
			cvc: '100',
			expiry_month: '12',
			expiry_year: EXPIRY_YEAR,
			name: 'John Doe',
			number: TEST_CARDS.visa.number,
		},
		merchant_txn_ref: newRef(),
		customer_ip: '203.0.113.7',
		merchant_id: emu.merchantId,
		billing_address: {
			country: 'JP',
			email: 'billing@testemail.com',
			address1: '1-2-3 Shinjuku',
			phone_number: '8112345678',
			city: 'Shinjuku-ku',
			state: 'Tokyo',
			postal_code: '1600022',
		},
		shipping_address: {
			country: 'JP',
			email: 'shipping@testemail.com',
			address1: '4-5-6 Shibuya',
			phone_number: '8187654321',
			city: 'Shibuya-ku',
			state: 'Tokyo',
			postal_code: '1500002',
		},
		time_zone: 'Asia/Kuala_Lumpur',
	};
	return merge(base, patch);
}

/** The manual's Create Subscription sample ("Two day plan", 10% discount for 1 cycle). */
export function subscriptionBody(
	emu: RunningEmulator,
	subscription: Record<string, unknown> = {},
	patch: Record<string, unknown> = {},
): any {
	return merge(
		paymentBody(emu, {
			subscription: merge(
				{
					plan_name: 'Two day plan',
					plan_desc: 'Two day plan',
					cycle_type: 'DAYS',
					subscription_end_type: 'CYCLE',
					cycle_interval: 1,
					max_cycle_count: 2,
					has_trial_period: false,
					trial_period_duration_type: 'DAYS',
					trial_period_duration: 10,
					has_discount: true,
					discount_percentage: 10,
					discount_duration: 1,
				},
				subscription,
			),
		}),
		patch,
	);
}

/** The manual's HPP link request sample (phone, not phone_number; no postal_code). */
export function hppBody(emu: RunningEmulator, patch: Record<string, unknown> = {}): any {
	return merge(
		{
			return_url: {
				webhook_url: '',
				success_url: 'http://shop.example/success',
				decline_url: 'http://shop.example/decline',
				cancel_url: 'http://shop.example/cancel',
			},
			amount: '2500',
			currency: 'JPY',
			merchant_id: emu.merchantId,
			merchant_email: 'merchant@example.com',
			merchant_txn_ref: newRef('hpp'),
			billing_address: {
				country: 'JP',
				email: 'buyer@example.com',
				phone: '8112345678',
				address1: '1-2-3 Shinjuku',
				city: 'Shinjuku-ku',
				state: 'Tokyo',
			},
			shipping_address: {
				country: 'JP',
				email: 'buyer@example.com',
				phone: '8112345678',
				address1: '1-2-3 Shinjuku',
				city: 'Shinjuku-ku',
				state: 'Tokyo',
			},
		},
		patch,
	);
}

export interface ReceivedHook {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	raw: string;
	body: any;
}

export interface Receiver {
	url: string;
	received: ReceivedHook[];
	close(): Promise<void>;
}

/** A webhook endpoint on a random loopback port; `respond(n)` gives the status for the n-th call (1-based) or 'hang'. */
export async function startReceiver(respond: (n: number) => number | 'hang' = () => 200): Promise<Receiver> {
	const received: ReceivedHook[] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: any;
			try {
				body = JSON.parse(raw);
			} catch {
				body = undefined;
			}
			received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body });
			const r = respond(received.length);
			if (r === 'hang') return;
			res.writeHead(r, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	server.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
			}),
	};
}

/** A loopback URL where nothing listens (connection refused). */
export async function deadUrl(): Promise<string> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}/hook`;
}

/** Sorted keys, to compare an object's field set with a manual sample's. */
export const keys = (o: unknown): string[] => Object.keys(o as object).sort();

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Polls `cond` every 10 ms until it holds; rejects after timeoutMs (bounded). */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!cond()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
