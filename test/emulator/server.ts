/**
 * HTTP front of the emulator: authentication, latency, faults, request recording, control calls
 * under /__emulator/, and the 3DS / HPP shopper pages.
 */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { performance } from 'perf_hooks';
import { maskPan } from './cards';
import { BASE_PATH, Gateway, type GatewayResult } from './gateway';
import { MAINTENANCE_PAGE, proxyErrorPage } from './pages';
import { errorBody } from './shapes';
import {
	FAULT_KINDS,
	type AdvanceOptions,
	type EmulatorOptions,
	type FaultInjection,
	type FaultKind,
	type RateLimitOptions,
	type RecordedRequest,
	type RunningEmulator,
	type SubscriptionView,
	type WebhookOptions,
} from './types';
import { isObject } from './validate';
import { WEBHOOK_DEFAULTS, WebhookDispatcher, normaliseWebhookOptions } from './webhooks';

export const DEFAULTS = {
	host: '127.0.0.1',
	apiKey: 'emulator-api-key',
	xApiKey: 'emulator-x-api-key',
	merchantId: 'EMU0000001',
	merchantName: 'DasGateway Emulator Merchant Ltd.',
};

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RECORDED_REQUESTS = 10_000;

type Latency = number | { min: number; max: number };

interface QueuedFault {
	fault: FaultKind;
	method?: string;
	path?: string;
	remaining: number;
	when: 'before' | 'after';
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function normaliseRateLimit(v: RateLimitOptions | undefined): RateLimitOptions | undefined {
	if (v === undefined || v === null) return undefined;
	if (!isObject(v as unknown)) throw new Error('rateLimit must be an object');
	const { maxInFlight, refuseRatio, retryAfterSeconds } = v as RateLimitOptions;
	if (maxInFlight !== undefined && (!Number.isInteger(maxInFlight) || maxInFlight < 1))
		throw new Error('rateLimit.maxInFlight must be a whole number from 1');
	if (refuseRatio !== undefined && (typeof refuseRatio !== 'number' || !(refuseRatio >= 0 && refuseRatio <= 1)))
		throw new Error('rateLimit.refuseRatio must be from 0 to 1');
	if (retryAfterSeconds !== undefined && (typeof retryAfterSeconds !== 'number' || !(retryAfterSeconds >= 0)))
		throw new Error('rateLimit.retryAfterSeconds must be 0 or more');
	return { maxInFlight, refuseRatio, retryAfterSeconds };
}

export function isFaultKind(v: unknown): v is FaultKind {
	return typeof v === 'string' && (FAULT_KINDS as readonly string[]).includes(v);
}

/** "200" -> 200, "50-300" -> {min: 50, max: 300}; undefined when not a valid latency. */
export function parseLatency(v: unknown): Latency | undefined {
	if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
	if (isObject(v) && typeof v.min === 'number' && typeof v.max === 'number' && v.min >= 0 && v.max >= v.min)
		return { min: v.min, max: v.max };
	if (typeof v === 'string') {
		const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(v);
		if (!m) return undefined;
		if (m[2] === undefined) return Number(m[1]);
		const [min, max] = [Number(m[1]), Number(m[2])];
		return max >= min ? { min, max } : undefined;
	}
	return undefined;
}

function pickLatency(l: Latency | undefined): number {
	if (l === undefined) return 0;
	if (typeof l === 'number') return l;
	return l.min + Math.floor(Math.random() * (l.max - l.min + 1));
}

export const normaliseIp = (ip: string | undefined) => (ip ?? '').replace(/^::ffff:/, '');
export const isLoopback = (ip: string | undefined) => {
	const a = normaliseIp(ip);
	return a === '::1' || a.startsWith('127.');
};

function redactHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h)) {
		if (v === undefined) continue;
		out[k] = k === 'authorization' || k === 'x-api-key' ? 'REDACTED' : Array.isArray(v) ? v.join(', ') : v;
	}
	return out;
}

/** Card number masked, cvc removed; anything that looks like a PAN in raw text masked. */
function redactBody(parsed: unknown, raw: string, parseError: boolean): unknown {
	if (raw === '') return undefined;
	if (parseError) return raw.replace(/\d{13,19}/g, (d) => maskPan(d));
	if (!isObject(parsed)) return parsed;
	const copy = JSON.parse(JSON.stringify(parsed)) as Record<string, unknown>;
	if (isObject(copy.card)) {
		if (typeof copy.card.number === 'string') copy.card.number = maskPan(copy.card.number);
		delete copy.card.cvc;
	}
	return copy;
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				reject(new HttpError(413, 'Request body larger than 1 MB'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(
	res: http.ServerResponse,
	status: number,
	contentType: string,
	body: string,
	extra: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...extra });
	res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function sendResult(res: http.ServerResponse, r: GatewayResult): void {
	if (r.location !== undefined) {
		send(
			res,
			r.status,
			'text/html; charset=utf-8',
			`<p>Redirecting to <a href="${r.location.replace(/"/g, '&quot;')}">the merchant</a>.</p>`,
			{ location: r.location },
		);
	} else if (r.html !== undefined) {
		send(res, r.status, 'text/html; charset=utf-8', r.html);
	} else {
		sendJson(res, r.status, r.body);
	}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const host = options.host ?? DEFAULTS.host;
	const apiKey = options.apiKey ?? DEFAULTS.apiKey;
	const xApiKey = options.xApiKey ?? DEFAULTS.xApiKey;
	const merchantId = options.merchantId ?? DEFAULTS.merchantId;
	const merchantName = options.merchantName ?? DEFAULTS.merchantName;
	const encodedApiKey = Buffer.from(`${apiKey}:`).toString('base64');
	const acceptedBasic = new Set([encodedApiKey, Buffer.from(apiKey).toString('base64')]);

	let latency: Latency | undefined = options.latencyMs === undefined ? undefined : parseLatency(options.latencyMs);
	if (options.latencyMs !== undefined && latency === undefined)
		throw new Error(`Invalid latencyMs: ${JSON.stringify(options.latencyMs)}`);
	let webhookOptions = normaliseWebhookOptions(WEBHOOK_DEFAULTS, options.webhooks);
	if (options.fault !== undefined && !isFaultKind(options.fault))
		throw new Error(`Invalid fault: ${String(options.fault)}`);
	let globalFault: FaultKind | undefined = options.fault;
	let rateLimit = normaliseRateLimit(options.rateLimit);
	let inFlight = 0;
	let callsSeen = 0;
	let queued: QueuedFault[] = [];
	let recorded: RecordedRequest[] = [];
	let seq = 0;
	let closed = false;
	let url = '';

	const sockets = new Set<Socket>();
	const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	const dispatcher = new WebhookDispatcher(() => webhookOptions);
	const gateway = new Gateway({ merchantId, merchantName, baseUrl: () => url }, dispatcher);

	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					sleepers.delete(entry);
					resolve();
				}, ms),
				resolve,
			};
			sleepers.add(entry);
		});

	const runEffects = (r: GatewayResult) => {
		for (const e of r.effects ?? []) e();
	};

	function checkAuth(h: http.IncomingHttpHeaders): string | undefined {
		const auth = h.authorization;
		if (!auth) return 'Missing Authorization header (expected: Basic base64(apiKey + ":"))';
		const m = /^Basic\s+(\S+)\s*$/i.exec(auth);
		if (!m) return 'Authorization header must use HTTP Basic: "Basic " followed by the base64-encoded API key';
		if (!acceptedBasic.has(m[1])) return 'Invalid API key';
		const x = h['x-api-key'];
		if (x === undefined || x === '') return 'Missing x-api-key header';
		if (x !== xApiKey) return 'Invalid x-api-key';
		return undefined;
	}

	function injectFault(f: FaultInjection): void {
		if (!isFaultKind(f.fault)) throw new Error(`Invalid fault: ${String(f.fault)} (one of ${FAULT_KINDS.join(', ')})`);
		const times = f.times ?? 1;
		if (!Number.isInteger(times) || times < 1 || times > 10_000)
			throw new Error('times must be an integer from 1 to 10000');
		const when = f.when ?? 'before';
		if (when !== 'before' && when !== 'after') throw new Error('when must be "before" or "after"');
		queued.push({ fault: f.fault, method: f.method?.toUpperCase(), path: f.path, remaining: times, when });
	}

	function configure(patch: Partial<Pick<EmulatorOptions, 'latencyMs' | 'webhooks' | 'fault' | 'rateLimit'>>): void {
		if ('rateLimit' in patch) rateLimit = normaliseRateLimit(patch.rateLimit ?? undefined);
		if ('latencyMs' in patch) {
			if (patch.latencyMs === undefined || patch.latencyMs === null) latency = undefined;
			else {
				const l = parseLatency(patch.latencyMs);
				if (l === undefined) throw new Error(`Invalid latencyMs: ${JSON.stringify(patch.latencyMs)}`);
				latency = l;
			}
		}
		if (patch.webhooks !== undefined) {
			if (!isObject(patch.webhooks)) throw new Error('webhooks must be an object');
			webhookOptions = normaliseWebhookOptions(webhookOptions, patch.webhooks as WebhookOptions);
		}
		if ('fault' in patch) {
			if (patch.fault === undefined || patch.fault === null) globalFault = undefined;
			else if (!isFaultKind(patch.fault))
				throw new Error(`Invalid fault: ${String(patch.fault)} (one of ${FAULT_KINDS.join(', ')})`);
			else globalFault = patch.fault;
		}
	}

	function reset(): void {
		gateway.reset();
		dispatcher.reset();
		recorded = [];
		queued = [];
		seq = 0;
	}

	function currentConfig() {
		return {
			latencyMs: latency ?? 0,
			webhooks: webhookOptions,
			fault: globalFault ?? null,
			queuedFaults: queued,
			rateLimit: rateLimit ?? null,
		};
	}

	/** Header > queued injection > global option. */
	function pickFault(
		req: http.IncomingMessage,
		subpath: string,
	): { fault: FaultKind; when: 'before' | 'after' } | HttpError | undefined {
		const h = req.headers['x-emulator-fault'];
		if (typeof h === 'string' && h !== '') {
			if (!isFaultKind(h)) return new HttpError(400, `x-emulator-fault must be one of ${FAULT_KINDS.join(', ')}`);
			const w = req.headers['x-emulator-fault-when'] ?? 'before';
			if (w !== 'before' && w !== 'after') return new HttpError(400, 'x-emulator-fault-when must be before or after');
			return { fault: h, when: w };
		}
		const method = (req.method ?? 'GET').toUpperCase();
		const i = queued.findIndex(
			(q) => (q.method === undefined || q.method === method) && (q.path === undefined || subpath.includes(q.path)),
		);
		if (i >= 0) {
			const q = queued[i];
			q.remaining -= 1;
			if (q.remaining <= 0) queued.splice(i, 1);
			return { fault: q.fault, when: q.when };
		}
		if (globalFault) return { fault: globalFault, when: 'before' };
		return undefined;
	}

	function applyFault(
		fault: FaultKind,
		req: http.IncomingMessage,
		res: http.ServerResponse,
		rec: RecordedRequest,
		lost?: GatewayResult,
	): void {
		switch (fault) {
			case 'timeout':
				// Never answer: the client gives up, or close() destroys the socket.
				return;
			case 'reset': {
				const s = req.socket as Socket & { resetAndDestroy?: () => void };
				if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
				else s.destroy();
				return;
			}
			case '500':
				rec.status = 500;
				sendJson(res, 500, errorBody(500, 'ERR0500', 'Internal Server Error'));
				return;
			case '502':
			case '504':
				rec.status = Number(fault);
				send(res, Number(fault), 'text/html', proxyErrorPage(Number(fault) as 502 | 504));
				return;
			case '503':
				// A proxy or the gateway shedding load: JSON error with a Retry-After.
				rec.status = 503;
				send(
					res,
					503,
					'application/json; charset=utf-8',
					JSON.stringify(errorBody(503, 'ERR0503', 'Service Unavailable')),
					{ 'retry-after': '1' },
				);
				return;
			case 'redirect':
				// A proxy or a moved endpoint: 307 (keep method and body) to the same call again. A client following it
				// would send the keys (and a payment) a second time.
				rec.status = 307;
				send(res, 307, 'text/html; charset=utf-8', '<p>Temporary Redirect</p>', { location: `${url}${req.url ?? ''}` });
				return;
			case 'empty':
				rec.status = 200;
				send(res, 200, 'application/json; charset=utf-8', '');
				return;
			case 'html':
				rec.status = 200;
				send(res, 200, 'text/html; charset=utf-8', MAINTENANCE_PAGE);
				return;
			case 'malformed-json': {
				rec.status = 200;
				const full =
					lost && lost.body !== undefined
						? JSON.stringify(lost.body)
						: '{"success":true,"status_code":201,"is_live":false,"transaction_type":"CAPTURE","gateway_response":{"version":"1","type":"INFO","message":"Payment Successful.","code":"INFO0000"}}';
				send(res, 200, 'application/json; charset=utf-8', full.slice(0, Math.max(1, Math.floor(full.length / 2))));
				return;
			}
		}
	}

	/** 429 when the merchant has too many calls being answered, or for its share of refused calls. */
	function refuseAsThrottled(): boolean {
		if (!rateLimit) return false;
		callsSeen++;
		// inFlight counts this call too.
		if (rateLimit.maxInFlight !== undefined && inFlight > rateLimit.maxInFlight) return true;
		const ratio = rateLimit.refuseRatio ?? 0;
		return ratio > 0 && Math.floor(callsSeen * ratio) > Math.floor((callsSeen - 1) * ratio);
	}

	async function gatewayCall(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		u: URL,
		arrivedAt: number,
	): Promise<void> {
		inFlight++;
		try {
			await answerGatewayCall(req, res, u, arrivedAt);
		} finally {
			inFlight--;
		}
	}

	/** `arrivedAt` (performance.now()): the latency is counted from the request's arrival, the emulator's own work in it. */
	async function answerGatewayCall(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		u: URL,
		arrivedAt: number,
	): Promise<void> {
		const method = (req.method ?? 'GET').toUpperCase();
		const subpath = u.pathname.slice(BASE_PATH.length);
		let raw = '';
		let bodyError: HttpError | undefined;
		try {
			raw = await readBody(req);
		} catch (e) {
			bodyError = e instanceof HttpError ? e : new HttpError(400, String(e));
		}
		let parsed: unknown;
		let parseError = false;
		if (raw.trim() !== '') {
			try {
				parsed = JSON.parse(raw);
			} catch {
				parseError = true;
			}
		}
		const rec: RecordedRequest = {
			seq: ++seq,
			at: new Date().toISOString(),
			method,
			path: u.pathname,
			query: u.search,
			headers: redactHeaders(req.headers),
			body: redactBody(parsed, raw, parseError),
		};
		recorded.push(rec);
		if (recorded.length > MAX_RECORDED_REQUESTS) recorded.shift();
		if (bodyError) {
			rec.status = bodyError.status;
			sendJson(res, bodyError.status, errorBody(bodyError.status, 'VAL0001', bodyError.message));
			return;
		}
		if (refuseAsThrottled()) {
			rec.status = 429;
			rec.throttled = true;
			const retryAfter = String(rateLimit?.retryAfterSeconds ?? 1);
			send(
				res,
				429,
				'application/json; charset=utf-8',
				JSON.stringify(errorBody(429, 'ERR0429', 'Too many requests')),
				{ 'retry-after': retryAfter },
			);
			return;
		}

		const headerLatency = req.headers['x-emulator-latency-ms'];
		const l = typeof headerLatency === 'string' ? parseLatency(headerLatency) : latency;
		if (typeof headerLatency === 'string' && l === undefined) {
			rec.status = 400;
			sendJson(
				res,
				400,
				errorBody(
					400,
					'EMU0400',
					'x-emulator-latency-ms must be a number of milliseconds ("200") or a range ("50-300")',
				),
			);
			return;
		}
		const wait = pickLatency(l) - (performance.now() - arrivedAt);
		if (wait > 0) await sleep(wait);
		if (closed) return;

		const fault = pickFault(req, subpath);
		if (fault instanceof HttpError) {
			rec.status = fault.status;
			sendJson(res, fault.status, errorBody(fault.status, 'EMU0400', fault.message));
			return;
		}
		if (fault && fault.when === 'before') {
			rec.fault = fault.fault;
			rec.faultWhen = 'before';
			applyFault(fault.fault, req, res, rec);
			return;
		}

		let result: GatewayResult;
		const authError = checkAuth(req.headers);
		if (authError) result = { status: 401, body: errorBody(401, 'ERR0401', authError) };
		else if (parseError)
			result = { status: 400, body: errorBody(400, 'VAL0001', 'Invalid request: the body is not valid JSON') };
		else result = gateway.handle(method, subpath, parsed, { remoteIp: normaliseIp(req.socket.remoteAddress) });

		if (fault) {
			rec.fault = fault.fault;
			rec.faultWhen = 'after';
			rec.lostStatus = result.status;
			applyFault(fault.fault, req, res, rec, result);
		} else {
			rec.status = result.status;
			sendResult(res, result);
		}
		runEffects(result);
	}

	async function readJsonBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
		const raw = await readBody(req);
		if (raw.trim() === '') return {};
		let v: unknown;
		try {
			v = JSON.parse(raw);
		} catch {
			throw new HttpError(400, 'Body is not valid JSON');
		}
		if (!isObject(v)) throw new HttpError(400, 'Body must be a JSON object');
		return v;
	}

	async function advance(id: string, opts: AdvanceOptions = {}): Promise<GatewayResult> {
		const outcome = opts.outcome ?? 'approve';
		if (outcome !== 'approve' && outcome !== 'decline') throw new HttpError(400, 'outcome must be approve or decline');
		const r = gateway.advance(id, outcome);
		runEffects(r);
		return r;
	}

	async function control(req: http.IncomingMessage, res: http.ServerResponse, u: URL): Promise<void> {
		const method = (req.method ?? 'GET').toUpperCase();
		const p = u.pathname.slice('/__emulator'.length);
		let m: RegExpExecArray | null;

		// Shopper pages: what a browser opens (no loopback restriction, no faults).
		if ((m = /^\/3ds\/([^/]+)$/.exec(p)) && method === 'GET') {
			sendResult(res, withEffects(gateway.threeDsPage(decodeURIComponent(m[1]), u.searchParams)));
			return;
		}
		if ((m = /^\/hpp\/([^/]+)$/.exec(p)) && method === 'GET') {
			const r = gateway.hppPage(decodeURIComponent(m[1]), u.searchParams, {
				remoteIp: normaliseIp(req.socket.remoteAddress),
			});
			sendResult(res, withEffects(r));
			return;
		}

		if (!isLoopback(req.socket.remoteAddress))
			throw new HttpError(403, 'Control calls are accepted from loopback only');

		if (p === '/health' && method === 'GET')
			return sendJson(res, 200, { ok: true, url, merchantId, basePath: BASE_PATH });
		if (p === '/reset' && method === 'POST') {
			reset();
			return sendJson(res, 200, { ok: true });
		}
		if (p === '/requests' && method === 'GET') return sendJson(res, 200, recorded);
		if (p === '/webhooks' && method === 'GET') return sendJson(res, 200, dispatcher.deliveries());
		if (p === '/transactions' && method === 'GET') return sendJson(res, 200, gateway.transactions());
		if ((m = /^\/webhooks\/([^/]+)\/redeliver$/.exec(p)) && method === 'POST') {
			const d = dispatcher.redeliver(decodeURIComponent(m[1]));
			if (!d) throw new HttpError(404, `Webhook delivery ${m[1]} not found`);
			return sendJson(res, 201, d);
		}
		if ((m = /^\/subscriptions\/([^/]+)\/advance$/.exec(p)) && method === 'POST') {
			const body = await readJsonBody(req);
			const r = await advance(decodeURIComponent(m[1]), { outcome: body.outcome as AdvanceOptions['outcome'] });
			return sendJson(res, r.status, r.body);
		}
		if (p === '/config' && method === 'GET') return sendJson(res, 200, currentConfig());
		if (p === '/config' && method === 'POST') {
			const body = await readJsonBody(req);
			try {
				configure(body as Partial<EmulatorOptions>);
			} catch (e) {
				throw new HttpError(400, (e as Error).message);
			}
			return sendJson(res, 200, currentConfig());
		}
		if (p === '/faults' && method === 'GET') return sendJson(res, 200, queued);
		if (p === '/faults' && method === 'POST') {
			const body = await readJsonBody(req);
			try {
				injectFault(body as unknown as FaultInjection);
			} catch (e) {
				throw new HttpError(400, (e as Error).message);
			}
			return sendJson(res, 201, { queued });
		}
		throw new HttpError(404, `Unknown control call ${method} /__emulator${p}`);
	}

	function withEffects(r: GatewayResult): GatewayResult {
		// Effects (webhooks) are queued right away; their first attempt waits at least one timer tick.
		runEffects(r);
		return { ...r, effects: [] };
	}

	const server = http.createServer((req, res) => {
		const arrivedAt = performance.now();
		const u = new URL(req.url ?? '/', 'http://emulator.invalid');
		const path = u.pathname;
		const handle = async () => {
			if (path.startsWith('/__emulator/')) return control(req, res, u);
			if (path === BASE_PATH || path.startsWith(`${BASE_PATH}/`)) return gatewayCall(req, res, u, arrivedAt);
			sendJson(res, 404, errorBody(404, 'ERR0404', `Route not found: ${req.method} ${path}`));
		};
		handle().catch((e: unknown) => {
			const status = e instanceof HttpError ? e.status : 500;
			const message = e instanceof Error ? e.message : String(e);
			sendJson(res, status, errorBody(status, status === 500 ? 'ERR0500' : 'EMU' + status, message));
		});
	});
	server.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	server.on('clientError', (_e, socket) => socket.destroy());

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	url = `http://${urlHost}:${port}`;

	return {
		url,
		port,
		apiKey,
		xApiKey,
		merchantId,
		encodedApiKey,
		close: () =>
			new Promise<void>((resolve) => {
				if (closed) return resolve();
				closed = true;
				dispatcher.close();
				for (const s of sleepers) {
					clearTimeout(s.timer);
					s.resolve();
				}
				sleepers.clear();
				server.close(() => resolve());
				for (const s of sockets) s.destroy();
				server.closeAllConnections();
			}),
		reset,
		configure,
		injectFault,
		requests: () => recorded.map((r) => ({ ...r })),
		deliveries: () => dispatcher.deliveries(),
		waitForDeliveries: (count, timeoutMs) => dispatcher.waitFor(count, timeoutMs),
		advanceSubscription: async (id, opts) => {
			let r: GatewayResult;
			try {
				r = await advance(id, opts);
			} catch (e) {
				throw Object.assign(new Error((e as Error).message), { status: (e as HttpError).status ?? 400 });
			}
			if (r.status !== 200) {
				const message =
					(r.body as { gateway_response?: { message?: string } })?.gateway_response?.message ??
					`advance failed (${r.status})`;
				throw Object.assign(new Error(message), { status: r.status, body: r.body });
			}
			return r.body as SubscriptionView;
		},
		transactions: () => gateway.transactions(),
	};
}
