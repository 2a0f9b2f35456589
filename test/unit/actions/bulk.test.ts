/**
 * Bulk runs on n8n's own engine (n8n-core's WorkflowExecute): concurrency, order and pairing, Continue On Fail and
 * the error output per item, the partial-failure error, HTTP 429, and "nothing sent while any item is invalid" for
 * every operation, multi-step Cancel or Refund included.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { runWorkflow } from '../../helpers/workflowExecute';
import { emulatorCredentials, gatewayCallRecorder, hostedPageParameters, purchaseParameters } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
	emulator.configure({ latencyMs: undefined, rateLimit: undefined });
	mark();
});

const credentials = () => emulatorCredentials(emulator.url);
const { mark, gatewayCalls } = gatewayCallRecorder(() => emulator);

/** Authorizes `count` payments of 1, 2, 3… and returns their transaction ids. */
async function authorisations(count: number): Promise<string[]> {
	const { outputs, error } = await runWorkflow({
		parameters: purchaseParameters({
			operation: 'authorize',
			amount: '={{ $json.amount }}',
			options: { concurrency: 20 },
		}),
		items: Array.from({ length: count }, (_, index) => ({ amount: index + 1 })),
		credentials: credentials(),
	});
	expect(error).toBeUndefined();
	mark();
	return outputs[0].map((item) => item.json.transactionId as string);
}

describe('concurrency', () => {
	it('keeps at most Concurrency calls in flight, and the output in input order, each item paired', async () => {
		const ids = await authorisations(5);
		emulator.configure({ latencyMs: 40, rateLimit: { maxInFlight: 5 } });
		const items = Array.from({ length: 30 }, (_, index) => ({ id: ids[index % 5], index }));
		const { outputs, error } = await runWorkflow({
			parameters: {
				resource: 'transaction',
				operation: 'get',
				transactionId: '={{ $json.id }}',
				options: { concurrency: 5 },
			},
			items,
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		// The emulator refuses a sixth call in flight with 429: none was refused.
		expect(gatewayCalls().filter((call) => call.throttled)).toHaveLength(0);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
		expect(outputs[0].map((item) => item.json.transactionId)).toEqual(items.map((item) => item.id));
	});

	it('sends concurrently: 20 calls at 100 ms latency and Concurrency 10 take about 2 rounds, not 20', async () => {
		const ids = await authorisations(1);
		emulator.configure({ latencyMs: 100 });
		const started = Date.now();
		const { outputs } = await runWorkflow({
			parameters: { resource: 'transaction', operation: 'get', transactionId: ids[0], options: { concurrency: 10 } },
			items: Array.from({ length: 20 }, () => ({})),
			credentials: credentials(),
		});
		const elapsed = Date.now() - started;
		expect(outputs[0]).toHaveLength(20);
		expect(elapsed).toBeGreaterThanOrEqual(200);
		expect(elapsed).toBeLessThan(1500);
	});

	it('reads the credential once per run, not once per item', async () => {
		const ids = await authorisations(1);
		const one = await runWorkflow({
			parameters: { resource: 'transaction', operation: 'get', transactionId: ids[0] },
			items: [{}],
			credentials: credentials(),
		});
		const many = await runWorkflow({
			parameters: { resource: 'transaction', operation: 'get', transactionId: ids[0] },
			items: Array.from({ length: 10 }, () => ({})),
			credentials: credentials(),
		});
		// The node reads it once and hands it to n8n's request helper with every call, so that the helper does not
		// read and decrypt it again per request (it would without credentialsDecrypted).
		expect(one.decryptions).toBe(1);
		expect(many.decryptions).toBe(1);
		expect(many.outputs[0]).toHaveLength(10);
		expect(many.outputs[0].every((item) => item.json.transactionId === ids[0])).toBe(true);
	});

	it.each([0, 51, 2.5, 'abc'])('refuses Concurrency %p before sending anything', async (concurrency) => {
		const { error } = await runWorkflow({
			parameters: {
				resource: 'transaction',
				operation: 'get',
				transactionId: '00000000-0000-4000-8000-000000000000',
				options: { concurrency },
			},
			items: [{}],
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/^Options → Concurrency must be .*\[item 0\]$/);
		expect(gatewayCalls()).toHaveLength(0);
	});
});

describe('HTTP 429: the gateway refused, nothing moved', () => {
	it('waits as Retry-After says and sends again, money-moving calls too: every capture once', async () => {
		const ids = await authorisations(12);
		emulator.configure({ rateLimit: { refuseRatio: 0.25, retryAfterSeconds: 0.05 } });
		const { outputs, error } = await runWorkflow({
			parameters: {
				resource: 'transaction',
				operation: 'capture',
				transactionId: '={{ $json.id }}',
				amount: 1,
				options: { concurrency: 4 },
			},
			items: ids.map((id) => ({ id })),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.outcome)).toEqual(ids.map(() => 'approved'));
		const captures = gatewayCalls('/capture');
		const refused = captures.filter((call) => call.throttled);
		expect(refused.length).toBeGreaterThanOrEqual(3);
		// Every authorization was captured exactly once.
		const accepted = captures.filter((call) => !call.throttled).map((call) => (call.body as IDataObject).transactionId);
		expect(accepted.sort()).toEqual([...ids].sort());
	});

	it('lowers the calls in flight while the gateway pushes back', async () => {
		const ids = await authorisations(1);
		emulator.configure({ latencyMs: 30, rateLimit: { maxInFlight: 3, retryAfterSeconds: 0.02 } });
		const { outputs, error } = await runWorkflow({
			parameters: { resource: 'transaction', operation: 'get', transactionId: ids[0], options: { concurrency: 12 } },
			items: Array.from({ length: 60 }, () => ({})),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(60);
		const calls = gatewayCalls();
		const refused = calls.filter((call) => call.throttled).length;
		// Without adapting, about 9 of every 12 calls would be refused again and again.
		expect(refused).toBeGreaterThan(0);
		expect(refused).toBeLessThan(60);
	});
});

describe('a failure in a batch', () => {
	it('without Continue On Fail: stops new sends and lists completed, failed and unsent items', async () => {
		const ids = await authorisations(3);
		const items = [
			{ id: ids[0] },
			{ id: ids[1] },
			{ id: '00000000-0000-4000-8000-000000000000' },
			{ id: ids[2] },
			{ id: ids[0] },
		];
		const { error } = await runWorkflow({
			parameters: {
				resource: 'transaction',
				operation: 'capture',
				transactionId: '={{ $json.id }}',
				amount: 1,
				options: { concurrency: 1 },
			},
			items,
			credentials: credentials(),
		});
		expect(error?.message).toContain(
			'Item 2 failed, so the node stopped: 2 of 5 items completed, 1 failed, 2 not sent',
		);
		expect(error?.description).toContain(`Completed, do not send again (2): item 0 (id `);
		expect(error?.description).toContain('Failed (1): item 2: DasGateway answered HTTP 404');
		expect(error?.description).toContain('Not sent (2): items 3–4');
		expect(error?.context?.unsentItems).toEqual([3, 4]);
		expect((error?.context?.completedItems as IDataObject[]).map((entry) => entry.item)).toEqual([0, 1]);
		// Items 3 and 4 never reached the wire.
		expect(gatewayCalls('/capture')).toHaveLength(3);
	});

	it('Continue On Fail: the failed item becomes an error item in place, the others go on', async () => {
		const ids = await authorisations(2);
		const { outputs, error } = await runWorkflow({
			parameters: { resource: 'transaction', operation: 'capture', transactionId: '={{ $json.id }}', amount: 1 },
			items: [{ id: ids[0] }, { id: '00000000-0000-4000-8000-000000000000' }, { id: ids[1] }],
			credentials: credentials(),
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(outputs[0][0].json.outcome).toBe('approved');
		expect(outputs[0][1].json).toMatchObject({ httpCode: '404' });
		expect(outputs[0][2].json.outcome).toBe('approved');
	});

	it("n8n's error output: failed and invalid items go to the error output, the rest to the main output", async () => {
		const ids = await authorisations(2);
		const { outputs, error } = await runWorkflow({
			parameters: {
				resource: 'transaction',
				operation: 'capture',
				transactionId: '={{ $json.id }}',
				amount: '={{ $json.amount }}',
			},
			items: [
				{ id: ids[0], amount: 1 },
				{ id: '00000000-0000-4000-8000-000000000000', amount: 1 },
				{ id: ids[1], amount: -5 },
			],
			credentials: credentials(),
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.outcome)).toEqual(['approved']);
		expect(outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(outputs[1][0].json.error).toContain('HTTP 404');
		expect(outputs[1][1].json.error).toContain('[item 2]');
	});
});

describe('nothing is sent while any item of the run is invalid', () => {
	const UNKNOWN = '00000000-0000-4000-8000-000000000000';
	const cases: Array<[string, IDataObject, IDataObject]> = [
		['purchase', purchaseParameters(), { cardCvc: '1' }],
		['authorize', purchaseParameters({ operation: 'authorize' }), { customerIp: 'nope' }],
		['capture', { resource: 'transaction', operation: 'capture', transactionId: UNKNOWN, amount: 1 }, { amount: -1 }],
		[
			'refund',
			{ resource: 'transaction', operation: 'refund', transactionId: UNKNOWN, amount: 1 },
			{ 'additionalFields.notes': 'x'.repeat(129) },
		],
		['void', { resource: 'transaction', operation: 'void', transactionId: UNKNOWN }, { transactionId: 'nope' }],
		['get', { resource: 'transaction', operation: 'get', transactionId: UNKNOWN }, { transactionId: 'nope' }],
		[
			'cancelOrRefund (notes of its refund)',
			{ resource: 'transaction', operation: 'cancelOrRefund', transactionId: UNKNOWN },
			{ 'additionalFields.notes': 'x'.repeat(129) },
		],
		[
			'cancelOrRefund (refund amount)',
			{ resource: 'transaction', operation: 'cancelOrRefund', transactionId: UNKNOWN },
			{ 'additionalFields.refundAmount': -50 },
		],
		['subscription getMany', { resource: 'subscription', operation: 'getMany', limit: 50 }, { limit: 0 }],
		[
			'subscription pause',
			{ resource: 'subscription', operation: 'pause', subscriptionId: UNKNOWN },
			{ subscriptionId: 'nope' },
		],
		['createLink', hostedPageParameters(), { merchantEmail: 'nope' }],
	];

	it.each(cases)('%s: an invalid second item stops the run before the first is sent', async (_name, valid, broken) => {
		// Item 0 valid, item 1 invalid, through an expression at each broken field.
		const parameters = JSON.parse(JSON.stringify(valid)) as IDataObject;
		for (const [path, value] of Object.entries(broken)) {
			const segments = path.split('.');
			let target = parameters;
			for (const segment of segments.slice(0, -1)) target = (target[segment] ??= {}) as IDataObject;
			const last = segments[segments.length - 1];
			target[last] = `={{ $itemIndex === 0 ? ${JSON.stringify(target[last] ?? null)} : ${JSON.stringify(value)} }}`;
		}
		const { error } = await runWorkflow({ parameters, items: [{}, {}], credentials: credentials() });
		expect(error?.message).toContain('[item 1]');
		expect(gatewayCalls()).toHaveLength(0);
	});
});
