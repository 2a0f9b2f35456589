/**
 * Faults as a client sees them, chosen by option, per-request header, injectFault or control call;
 * `when: 'after'` (the charge happens, the answer is lost); latency.
 * No speed is measured, except that latency counts from the request's arrival, with margins of hundreds of ms;
 * otherwise a latency or timeout is only checked against a client that gives up far earlier.
 */
import * as http from 'http';

import { FAULT_KINDS, startEmulator, type FaultKind, type RunningEmulator } from './index';
import { api, control, httpRequest, paymentBody, until } from './testkit';

let emu: RunningEmulator;
afterEach(() => emu.close());

const pay = (o: { headers?: Record<string, string>; timeoutMs?: number; body?: unknown } = {}) =>
	api(emu, 'POST', '/payment', o.body ?? paymentBody(emu), { headers: o.headers, timeoutMs: o.timeoutMs ?? 5000 });

function notJson(text: string): boolean {
	try {
		JSON.parse(text);
		return false;
	} catch {
		return true;
	}
}

/** What the client observes for each fault kind. */
async function expectFault(
	kind: FaultKind,
	call: () => Promise<{ status: number; headers: Record<string, unknown>; text: string; json: any }>,
) {
	switch (kind) {
		case 'timeout':
			await expect(call()).rejects.toMatchObject({ code: 'CLIENT_TIMEOUT' });
			return;
		case 'reset':
			await expect(call()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
			return;
		case '500': {
			const r = await call();
			expect(r.status).toBe(500);
			expect(r.headers['content-type']).toMatch(/^application\/json/);
			expect(r.json).toMatchObject({ success: false, status_code: 500, gateway_response: { type: 'ERROR' } });
			return;
		}
		case '502':
		case '504': {
			const r = await call();
			expect(r.status).toBe(Number(kind));
			expect(r.headers['content-type']).toMatch(/^text\/html/);
			expect(r.text).toMatch(kind === '502' ? /502 Bad Gateway/ : /504 Gateway Time-out/);
			return;
		}
		case 'html': {
			const r = await call();
			expect(r.status).toBe(200);
			expect(r.headers['content-type']).toMatch(/^text\/html/);
			expect(r.text).toMatch(/<html/i);
			expect(notJson(r.text)).toBe(true);
			return;
		}
		case '503': {
			const r = await call();
			expect(r.status).toBe(503);
			expect(r.headers['retry-after']).toBe('1');
			expect(r.json).toMatchObject({ success: false, status_code: 503 });
			return;
		}
		case 'empty': {
			const r = await call();
			expect(r.status).toBe(200);
			expect(r.text).toBe('');
			return;
		}
		case 'redirect': {
			const r = await call();
			expect(r.status).toBe(307);
			expect(r.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/server-to-server-interface\//);
			return;
		}
		case 'malformed-json': {
			const r = await call();
			expect(r.status).toBe(200);
			expect(r.headers['content-type']).toMatch(/^application\/json/);
			expect(r.text.startsWith('{')).toBe(true);
			expect(notJson(r.text)).toBe(true);
			return;
		}
	}
}

const KINDS = [...FAULT_KINDS];

describe('each fault kind, as the client sees it', () => {
	it.each(KINDS)('%s via injectFault, once; nothing charged; the next call is normal', async (kind) => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: kind });
		await expectFault(kind, () => pay({ timeoutMs: 400 }));
		expect(emu.transactions()).toHaveLength(0);
		const ok = await pay();
		expect(ok.status).toBe(201);
		const recs = emu.requests();
		expect(recs).toHaveLength(2);
		expect(recs[0]).toMatchObject({ fault: kind, faultWhen: 'before' });
		expect(recs[1].fault).toBeUndefined();
		expect(recs[1].status).toBe(201);
	});

	it.each(KINDS)('%s via the x-emulator-fault header', async (kind) => {
		emu = await startEmulator({ port: 0 });
		await expectFault(kind, () => pay({ headers: { 'x-emulator-fault': kind }, timeoutMs: 400 }));
		expect((await pay()).status).toBe(201);
	});

	it.each(KINDS)('%s via the fault option applies to every gateway call but not to control calls', async (kind) => {
		emu = await startEmulator({ port: 0, fault: kind });
		await expectFault(kind, () => pay({ timeoutMs: 400 }));
		await expectFault(kind, () => api(emu, 'GET', '/subscription/list', undefined, { timeoutMs: 400 }) as never);
		expect((await control(emu, 'GET', '/health')).status).toBe(200);
		emu.configure({ fault: undefined });
		expect((await pay()).status).toBe(201);
	});
});

describe('choosing which requests fail', () => {
	it('times: the next N matching requests', async () => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: '502', times: 2 });
		expect((await pay()).status).toBe(502);
		expect((await pay()).status).toBe(502);
		expect((await pay()).status).toBe(201);
	});

	it('method and path (substring after the base path) narrow the match', async () => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: '500', path: '/capture' });
		emu.injectFault({ fault: '504', method: 'GET', path: 'status' });
		const auth = await api(emu, 'POST', '/authorization', paymentBody(emu));
		expect(auth.status).toBe(201);
		const id = auth.json.transaction_details.id;
		expect((await api(emu, 'GET', '/subscription/list')).status).toBe(200);
		expect((await api(emu, 'GET', `/transaction/status/${id}`)).status).toBe(504);
		expect(
			(await api(emu, 'POST', '/capture', { transactionId: id, amount: '10', merchant_id: emu.merchantId })).status,
		).toBe(500);
		expect(
			(await api(emu, 'POST', '/capture', { transactionId: id, amount: '10', merchant_id: emu.merchantId })).status,
		).toBe(201);
	});

	it('the header wins over a queued fault; an unknown header value is a 400', async () => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: '500' });
		expect((await pay({ headers: { 'x-emulator-fault': '502' } })).status).toBe(502);
		expect((await pay()).status).toBe(500);
		const bad = await pay({ headers: { 'x-emulator-fault': 'explode' } });
		expect(bad.status).toBe(400);
		expect(bad.json.gateway_response.message).toMatch(/x-emulator-fault must be one of/);
	});

	it('injectFault rejects nonsense', () => {
		return startEmulator({ port: 0 }).then((e) => {
			emu = e;
			expect(() => emu.injectFault({ fault: 'boom' as FaultKind })).toThrow(/Invalid fault/);
			expect(() => emu.injectFault({ fault: '500', times: 0 })).toThrow(/times/);
			expect(() => emu.injectFault({ fault: '500', when: 'during' as 'after' })).toThrow(/when/);
		});
	});

	it('reset() drops queued faults', async () => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: '500', times: 5 });
		emu.reset();
		expect((await pay()).status).toBe(201);
	});
});

describe("when: 'after' — the charge goes through, the answer is lost", () => {
	it.each<FaultKind>(['500', 'timeout', 'reset', 'malformed-json'])(
		'%s after: the transaction exists, and retrying the same merchant_txn_ref replays it',
		async (kind) => {
			emu = await startEmulator({ port: 0 });
			emu.injectFault({ fault: kind, when: 'after', path: '/payment' });
			const body = paymentBody(emu);
			await expectFault(kind, () => pay({ body, timeoutMs: 400 }));
			const txns = emu.transactions();
			expect(txns).toHaveLength(1);
			const rec = emu.requests()[0];
			expect(rec).toMatchObject({ fault: kind, faultWhen: 'after', lostStatus: 201 });
			const status = await api(emu, 'GET', `/transaction/status/${txns[0].id}`);
			expect(status.json.success).toBe(true);
			const retry = await pay({ body });
			expect(retry.status).toBe(201);
			expect(retry.json.transaction_details.id).toBe(txns[0].id);
			expect(emu.transactions()).toHaveLength(1);
		},
	);

	it('malformed-json after truncates the real answer', async () => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: 'malformed-json', when: 'after' });
		const r = await pay();
		expect(r.text.startsWith('{"success":true,"status_code":201,"is_live":false,"transaction_type":"CAPTURE"')).toBe(
			true,
		);
		expect(notJson(r.text)).toBe(true);
	});

	it('a capture answered 504 after the fact has still captured', async () => {
		emu = await startEmulator({ port: 0 });
		const auth = await api(emu, 'POST', '/authorization', paymentBody(emu, { amount: '10.00', currency: 'USD' }));
		const id = auth.json.transaction_details.id;
		const lost = await api(
			emu,
			'POST',
			'/capture',
			{ transactionId: id, amount: '10.00', merchant_id: emu.merchantId },
			{ headers: { 'x-emulator-fault': '504', 'x-emulator-fault-when': 'after' } },
		);
		expect(lost.status).toBe(504);
		expect(emu.transactions().find((t) => t.id === id)?.capturedAmount).toBe('10.00');
		const again = await api(emu, 'POST', '/capture', {
			transactionId: id,
			amount: '10.00',
			merchant_id: emu.merchantId,
		});
		expect(again.status).toBe(412);
	});
});

describe('latency', () => {
	it('per-request header x-emulator-latency-ms holds the answer (a client that gives up early sees a timeout)', async () => {
		emu = await startEmulator({ port: 0 });
		await expect(pay({ headers: { 'x-emulator-latency-ms': '60000' }, timeoutMs: 300 })).rejects.toMatchObject({
			code: 'CLIENT_TIMEOUT',
		});
		expect((await pay({ timeoutMs: 5000 })).status).toBe(201);
		expect((await pay({ headers: { 'x-emulator-latency-ms': '1-5' } })).status).toBe(201);
		const bad = await pay({ headers: { 'x-emulator-latency-ms': 'slow' } });
		expect(bad.status).toBe(400);
		expect(bad.json.gateway_response.message).toMatch(/x-emulator-latency-ms must be/);
	});

	it('the latencyMs option and configure() apply to every gateway call, not to control calls', async () => {
		emu = await startEmulator({ port: 0, latencyMs: { min: 60_000, max: 60_000 } });
		await expect(pay({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'CLIENT_TIMEOUT' });
		expect((await control(emu, 'GET', '/health')).status).toBe(200);
		emu.configure({ latencyMs: 0 });
		expect((await pay()).status).toBe(201);
		expect(() => emu.configure({ latencyMs: { min: 5, max: 1 } })).toThrow(/Invalid latencyMs/);
	});

	it("counts from the request's arrival: the emulator's own time (here a slow body) is part of the latency, not added to it", async () => {
		emu = await startEmulator({ port: 0, latencyMs: 600 });
		const url = new URL(`${emu.url}/api/v1/server-to-server-interface/payment`);
		const body = JSON.stringify(paymentBody(emu));
		const started = Date.now();
		const status = await new Promise<number>((resolve, reject) => {
			const request = http.request(
				{
					hostname: url.hostname,
					port: url.port,
					path: url.pathname,
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
				},
				(response) => {
					response.resume();
					response.on('end', () => resolve(response.statusCode ?? 0));
				},
			);
			request.on('error', reject);
			request.flushHeaders();
			setTimeout(() => request.end(body), 400);
		});
		const elapsed = Date.now() - started;
		expect(status).toBe(401); // no keys sent: answered all the same, after the latency
		expect(elapsed).toBeGreaterThanOrEqual(550);
		expect(elapsed).toBeLessThan(900); // 600 + 400 if the latency were added after the body
	});

	it('close() ends requests held by latency or a timeout fault', async () => {
		emu = await startEmulator({ port: 0 });
		emu.injectFault({ fault: 'timeout' });
		const hanging = pay({ timeoutMs: 60_000 });
		const slow = pay({ headers: { 'x-emulator-latency-ms': '60000' }, timeoutMs: 60_000 });
		await until(() => emu.requests().length === 2);
		await emu.close();
		await expect(hanging).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/i) });
		await expect(slow).rejects.toBeTruthy();
	});
});

describe('faults by control call', () => {
	it('POST /__emulator/faults queues a fault; POST /__emulator/config sets a global one', async () => {
		emu = await startEmulator({ port: 0 });
		const q = await control(emu, 'POST', '/faults', { fault: '502', path: '/payment', times: 1 });
		expect(q.status).toBe(201);
		expect((await pay()).status).toBe(502);
		expect((await pay()).status).toBe(201);
		expect((await control(emu, 'POST', '/faults', { fault: 'nope' })).status).toBe(400);
		expect((await control(emu, 'POST', '/config', { fault: 'html' })).status).toBe(200);
		expect((await pay()).headers['content-type']).toMatch(/text\/html/);
		expect((await control(emu, 'POST', '/config', { fault: null })).json.fault).toBeNull();
		expect((await pay()).status).toBe(201);
	});

	it('the 3DS and HPP pages are not faulted', async () => {
		emu = await startEmulator({ port: 0, fault: '500' });
		const page = await httpRequest(`${emu.url}/__emulator/3ds/unknown`);
		expect(page.status).toBe(404);
		expect(page.headers['content-type']).toMatch(/text\/html/);
	});
});
