/**
 * Webhook delivery, like the Stripe CLI's event forwarding: POST of JSON, no signature (the
 * manual documents none), with switches for delay, duplicate copies and bounded retries.
 * Every delivery and attempt is recorded. Timers and sockets are tracked so close() stops all.
 */
import * as http from 'http';
import * as https from 'https';
import { randomUUID } from 'crypto';
import type { WebhookDelivery, WebhookOptions } from './types';

export const WEBHOOK_DEFAULTS: Required<WebhookOptions> = {
	delayMs: 0,
	duplicates: 0,
	retries: 2,
	retryBackoffMs: 250,
	timeoutMs: 5000,
};

const clamp = (n: unknown, min: number, max: number, fallback: number) =>
	typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;

/** Bounds every switch so a delivery always ends by itself. */
export function normaliseWebhookOptions(
	current: Required<WebhookOptions>,
	patch: WebhookOptions | undefined,
): Required<WebhookOptions> {
	const p = patch ?? {};
	return {
		delayMs: clamp(p.delayMs, 0, 600_000, current.delayMs),
		duplicates: clamp(p.duplicates, 0, 10, current.duplicates),
		retries: clamp(p.retries, 0, 10, current.retries),
		retryBackoffMs: clamp(p.retryBackoffMs, 0, 60_000, current.retryBackoffMs),
		timeoutMs: clamp(p.timeoutMs, 1, 120_000, current.timeoutMs),
	};
}

interface Waiter {
	count: number;
	resolve: (d: WebhookDelivery[]) => void;
	reject: (e: Error) => void;
	timer: NodeJS.Timeout;
}

export class WebhookDispatcher {
	private list: WebhookDelivery[] = [];
	private timers = new Set<NodeJS.Timeout>();
	private inflight = new Set<http.ClientRequest>();
	private waiters = new Set<Waiter>();
	/** Bumped by reset()/close(): callbacks of an older generation do nothing. */
	private generation = 0;
	private closed = false;

	constructor(private options: () => Required<WebhookOptions>) {}

	/** Sends `payload` to `url` (plus the configured duplicate copies). */
	enqueue(url: string, payload: unknown, transactionId: string): WebhookDelivery[] {
		if (this.closed) return [];
		const opts = this.options();
		const created: WebhookDelivery[] = [];
		for (let copy = 0; copy <= opts.duplicates; copy++) {
			const d: WebhookDelivery = {
				id: randomUUID(),
				url,
				payload,
				attempts: [],
				delivered: false,
				settled: false,
				transactionId,
				copy,
			};
			this.list.push(d);
			created.push(d);
			this.schedule(d, opts.delayMs, 1);
		}
		return created;
	}

	/** New delivery of a recorded one's payload (no duplicates, no delay). */
	redeliver(id: string): WebhookDelivery | undefined {
		const original = this.list.find((d) => d.id === id);
		if (!original || this.closed) return undefined;
		const d: WebhookDelivery = {
			id: randomUUID(),
			url: original.url,
			payload: original.payload,
			attempts: [],
			delivered: false,
			settled: false,
			transactionId: original.transactionId,
			copy: 0,
			redeliveryOf: original.id,
		};
		this.list.push(d);
		this.schedule(d, 0, 1);
		return d;
	}

	deliveries(): WebhookDelivery[] {
		return this.list.map((d) => ({ ...d, attempts: d.attempts.map((a) => ({ ...a })) }));
	}

	waitFor(count: number, timeoutMs = 5000): Promise<WebhookDelivery[]> {
		if (this.settledCount() >= count) return Promise.resolve(this.deliveries());
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				count,
				resolve,
				reject,
				timer: setTimeout(() => {
					this.waiters.delete(waiter);
					const summary = this.list.map(
						(d) =>
							`${d.id.slice(0, 8)}:${d.delivered ? 'delivered' : d.settled ? 'failed' : 'pending'}(${d.attempts.length})`,
					);
					reject(
						new Error(
							`Timed out after ${timeoutMs} ms waiting for ${count} settled webhook deliveries; have ${this.settledCount()} of ${this.list.length} [${summary.join(', ')}]`,
						),
					);
				}, timeoutMs),
			};
			this.waiters.add(waiter);
		});
	}

	reset(): void {
		this.generation++;
		this.stopAll();
		this.list = [];
		for (const w of this.waiters) {
			clearTimeout(w.timer);
			w.reject(new Error('Emulator was reset while waiting for webhook deliveries'));
		}
		this.waiters.clear();
	}

	close(): void {
		this.closed = true;
		this.generation++;
		this.stopAll();
		for (const w of this.waiters) {
			clearTimeout(w.timer);
			w.reject(new Error('Emulator closed while waiting for webhook deliveries'));
		}
		this.waiters.clear();
	}

	private stopAll(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const r of this.inflight) r.destroy();
		this.inflight.clear();
	}

	private settledCount(): number {
		return this.list.filter((d) => d.settled).length;
	}

	private schedule(d: WebhookDelivery, delayMs: number, attemptNo: number): void {
		const gen = this.generation;
		const t = setTimeout(() => {
			this.timers.delete(t);
			if (gen === this.generation) this.attempt(d, attemptNo);
		}, delayMs);
		this.timers.add(t);
	}

	private attempt(d: WebhookDelivery, attemptNo: number): void {
		const opts = this.options();
		const gen = this.generation;
		const body = Buffer.from(JSON.stringify(d.payload));
		let finished = false;
		const finish = (status: number | undefined, error: string | undefined) => {
			if (finished || gen !== this.generation) return;
			finished = true;
			d.attempts.push({
				...(status !== undefined ? { status } : {}),
				...(error !== undefined ? { error } : {}),
				at: new Date().toISOString(),
			});
			if (status !== undefined && status >= 200 && status < 300) {
				d.delivered = true;
				d.settled = true;
			} else if (attemptNo <= opts.retries) {
				this.schedule(d, opts.retryBackoffMs * 2 ** (attemptNo - 1), attemptNo + 1);
			} else {
				d.settled = true;
			}
			if (d.settled) this.notify();
		};
		let target: URL;
		try {
			target = new URL(d.url);
		} catch {
			finish(undefined, `invalid URL ${d.url}`);
			return;
		}
		const lib = target.protocol === 'https:' ? https : http;
		const req = lib.request(
			target,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': String(body.length),
					'user-agent': 'DasGateway-Emulator/1.0',
				},
				timeout: opts.timeoutMs,
			},
			(res) => {
				res.resume();
				res.on('end', () => {
					this.inflight.delete(req);
					finish(res.statusCode, undefined);
				});
				res.on('error', (e) => {
					this.inflight.delete(req);
					finish(undefined, e.message);
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
		req.on('error', (e: NodeJS.ErrnoException) => {
			this.inflight.delete(req);
			finish(undefined, e.code ? `${e.code}: ${e.message}` : e.message);
		});
		this.inflight.add(req);
		req.end(body);
	}

	private notify(): void {
		const settled = this.settledCount();
		for (const w of [...this.waiters]) {
			if (settled >= w.count) {
				clearTimeout(w.timer);
				this.waiters.delete(w);
				w.resolve(this.deliveries());
			}
		}
	}
}
