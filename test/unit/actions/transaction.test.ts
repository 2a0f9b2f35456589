import { startEmulator, type RunningEmulator } from '../../emulator';
import { emulatorCredentials, purchaseParameters, runNode, runNodeExpectingError } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

let executions = 0;
async function pay(operation: 'authorize' | 'purchase', amount = 100): Promise<string> {
	const { output } = await runNode({
		baseUrl: emulator.url,
		executionId: `pay-${++executions}`,
		parameters: purchaseParameters({ operation, amount }),
	});
	expect(output[0].json.outcome).toBe('approved');
	return output[0].json.transactionId as string;
}

const transaction = (operation: string, changes: Record<string, unknown> = {}) => ({
	resource: 'transaction',
	operation,
	...changes,
});

describe('Transaction → Capture, Refund, Void, Get', () => {
	it('captures part of an authorization, then refunds part of the capture', async () => {
		const authorisationId = await pay('authorize');
		const capture = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('capture', {
				transactionId: authorisationId,
				amount: 60,
				additionalFields: { notes: 'ship 1', currency: 'USD' },
			}),
		});
		expect(capture.calls[0].body).toEqual({
			transactionId: authorisationId,
			amount: '60',
			merchant_id: 'EMU0000001',
			notes: 'ship 1',
		});
		expect(capture.output[0].json).toMatchObject({ outcome: 'approved', transactionType: 'CAPTURE', amount: 60 });

		const captureId = capture.output[0].json.transactionId as string;
		const refund = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('refund', { transactionId: captureId, amount: 20.25 }),
		});
		expect(refund.calls[0].url).toMatch(/\/refund$/);
		expect(refund.output[0].json).toMatchObject({ outcome: 'approved', transactionType: 'REFUND', amount: 20.25 });
	});

	it('voids an authorization', async () => {
		const authorisationId = await pay('authorize');
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('void', { transactionId: authorisationId }),
		});
		expect(calls[0].body).toEqual({ transactionId: authorisationId, merchant_id: 'EMU0000001' });
		expect(output[0].json).toMatchObject({ outcome: 'approved', transactionType: 'VOID' });
	});

	it('gets the status of a transaction', async () => {
		const purchaseId = await pay('purchase', 42);
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('get', { transactionId: purchaseId }),
		});
		expect(calls[0]).toMatchObject({
			method: 'GET',
			url: `${emulator.url}/api/v1/server-to-server-interface/transaction/status/${purchaseId}`,
		});
		expect(output[0].json).toMatchObject({
			transactionId: purchaseId,
			transactionType: 'CAPTURE',
			amount: 42,
			currency: 'USD',
			outcome: 'approved',
		});
	});
});

describe('Transaction → Cancel or Refund', () => {
	it('voids an authorization that was not captured', async () => {
		const authorisationId = await pay('authorize');
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('cancelOrRefund', { transactionId: authorisationId }),
		});
		expect(calls.map((call) => call.url.split('/').slice(-1)[0])).toEqual([authorisationId, 'void']);
		expect(output[0].json).toMatchObject({ cancelAction: 'void', transactionType: 'VOID', outcome: 'approved' });
	});

	it('refunds a purchase in full', async () => {
		const purchaseId = await pay('purchase', 30);
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('cancelOrRefund', { transactionId: purchaseId }),
		});
		expect(calls.map((call) => call.method + ' ' + call.url.split('/').slice(-1)[0])).toEqual([
			`GET ${purchaseId}`,
			'POST refund',
		]);
		expect(calls[1].body).toMatchObject({ transactionId: purchaseId, amount: '30' });
		expect(output[0].json).toMatchObject({ cancelAction: 'refund', transactionType: 'REFUND', amount: 30 });
	});

	it('refunds when the void answers 412 because the authorization was captured', async () => {
		const authorisationId = await pay('authorize', 50);
		await runNode({
			baseUrl: emulator.url,
			parameters: transaction('capture', { transactionId: authorisationId, amount: 50 }),
		});
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('cancelOrRefund', { transactionId: authorisationId }),
		});
		expect(calls.map((call) => call.url.split('/').slice(-1)[0])).toEqual([authorisationId, 'void', 'refund']);
		expect(emulator.requests().map((request) => request.status)).toContain(412);
		expect(output[0].json).toMatchObject({ cancelAction: 'refund', transactionType: 'REFUND', amount: 50 });
	});

	it('leaves a declined transaction alone', async () => {
		const { output: declined } = await runNode({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ cardNumber: '4000000000000002' }),
		});
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('cancelOrRefund', { transactionId: declined[0].json.transactionId }),
		});
		expect(calls).toHaveLength(1);
		expect(output[0].json).toMatchObject({ cancelAction: 'none', outcome: 'declined' });
	});
});

describe('errors', () => {
	it('412: capturing more than was authorized is an error naming the precondition', async () => {
		const authorisationId = await pay('authorize', 10);
		const { error } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: transaction('capture', { transactionId: authorisationId, amount: 11 }),
		});
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('412');
		expect(error.message).toContain('HTTP 412');
		expect(error.description).toMatch(/capturing more than was authorized/);
	});

	it('404: an unknown transaction id', async () => {
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: transaction('get', { transactionId: '00000000-0000-4000-8000-000000000000' }),
		});
		expect(error.httpCode).toBe('404');
		expect(error.message).toContain('reading a transaction');
		expect(calls).toHaveLength(1);
	});

	it('401: a wrong API key is an error that names neither key', async () => {
		const { error } = await runNodeExpectingError({
			credentials: emulatorCredentials(emulator.url, { apiKey: 'wrong-secret-key' }),
			parameters: purchaseParameters(),
		});
		expect(error.httpCode).toBe('401');
		expect(error.description).toContain('rejected the credential');
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toMatch(
			/wrong-secret-key|emulator-x-api-key/,
		);
	});

	it('a POST whose answer never comes is "outcome unknown", names the merchant_txn_ref and is sent once', async () => {
		emulator.injectFault({ fault: 'timeout', method: 'POST', path: '/payment' });
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			timeoutMs: 300,
			parameters: purchaseParameters({ merchantTxnRef: 'order-lost-1' }),
		});
		expect(error.message).toContain('Outcome unknown');
		expect(error.message).toContain('order-lost-1');
		expect(calls).toHaveLength(1);
		expect(emulator.requests().filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('a 500 on a payment is also "outcome unknown" and is not repeated', async () => {
		emulator.injectFault({ fault: '500', method: 'POST', path: '/authorization' });
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ operation: 'authorize' }),
		});
		expect(error.message).toContain('Outcome unknown');
		expect(calls).toHaveLength(1);
	});

	it('a GET answered 502 is retried: the retry reaches the gateway and its own answer (404) is reported', async () => {
		const purchaseId = await pay('purchase');
		emulator.reset();
		emulator.injectFault({ fault: '502', method: 'GET', path: '/transaction/status', times: 1 });
		const { error } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: transaction('get', { transactionId: purchaseId }),
		});
		// After reset the transaction is gone: the retry reached the gateway and got its 404, not the 502.
		expect(error.httpCode).toBe('404');
		const statuses = emulator.requests().map((request) => request.status);
		expect(statuses).toEqual([502, 404]);
	});

	it('a GET answered 502 once, then 200, returns the transaction', async () => {
		const purchaseId = await pay('purchase');
		emulator.injectFault({ fault: '502', method: 'GET', path: '/transaction/status', times: 1 });
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: transaction('get', { transactionId: purchaseId }),
		});
		expect(calls).toHaveLength(2);
		expect(output[0].json).toMatchObject({ transactionId: purchaseId, outcome: 'approved' });
	});

	it('an unreachable gateway says nothing was sent', async () => {
		const closed = await startEmulator({ port: 0 });
		const url = closed.url;
		await closed.close();
		const { error } = await runNodeExpectingError({
			baseUrl: url,
			parameters: transaction('get', { transactionId: '00000000-0000-4000-8000-000000000000' }),
		});
		expect(error.message).toContain('could not be reached');
		expect(error.message).toContain('the connection was refused');
		expect(error.description).toContain('never reached DasGateway');
	});
});
