import { startEmulator, type RunningEmulator } from '../../emulator';
import {
	CARDS,
	SECRETS,
	emulatorCredentials,
	purchaseParameters,
	runNode,
	runNodeExpectingError,
	serialize,
} from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

describe('the item loop', () => {
	it('pairs every output with its input across many items and resources', async () => {
		const parameters = [
			purchaseParameters(),
			purchaseParameters({ cardNumber: CARDS.decline }),
			{ resource: 'subscription', operation: 'getMany', returnAll: true },
			purchaseParameters({ operation: 'authorize', amount: 7 }),
		];
		const { output } = await runNode({ baseUrl: emulator.url, parameters });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }]);
		expect(output.map((item) => item.json.outcome)).toEqual(['approved', 'declined', 'approved']);
	});

	it('Continue On Fail: errors become items paired to their input, the other items go on', async () => {
		const parameters = [
			purchaseParameters({ amount: 1 }),
			purchaseParameters({ 'billingAddress.address.email': 'broken' }),
			{ resource: 'transaction', operation: 'get', transactionId: '00000000-0000-4000-8000-000000000000' },
			purchaseParameters({ amount: 3 }),
		];
		const { output, calls } = await runNode({ baseUrl: emulator.url, continueOnFail: true, parameters });
		expect(output).toHaveLength(4);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output[0].json.outcome).toBe('approved');
		expect(output[1].json.error).toBe('Billing Address → Email must be a valid email address [item 1]');
		expect(output[2].json).toMatchObject({ httpCode: '404' });
		expect(output[2].json.error).toContain('HTTP 404');
		expect(output[3].json).toMatchObject({ outcome: 'approved', amount: 3 });
		// The invalid item never reached the wire.
		expect(calls).toHaveLength(3);
	});

	it('without Continue On Fail the first error stops the node', async () => {
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: [purchaseParameters({ customerIp: 'nope' }), purchaseParameters()],
		});
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(calls).toHaveLength(0);
	});

	it('checks every item before sending any: an invalid last item stops the batch with nothing charged', async () => {
		const { error, calls } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: [
				purchaseParameters({ amount: 1 }),
				purchaseParameters({ amount: 2 }),
				purchaseParameters({ cardCvc: '1' }),
			],
		});
		expect(error.message).toMatch(/\[item 2\]$/);
		expect(calls).toHaveLength(0);
		expect(emulator.transactions()).toHaveLength(0);
	});

	it('an unknown operation is a clear error', async () => {
		const { error } = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: { resource: 'payment', operation: 'toString' },
		});
		expect(error.message).toBe('The operation "toString" is not supported for resource "payment"');
	});
});

describe('no secrets in outputs or errors', () => {
	const forbidden = [...SECRETS, CARDS.approve, CARDS.decline, CARDS.riskRule, '"cvc"', '"987"'];

	function expectClean(value: unknown) {
		const text = serialize(value);
		for (const secret of forbidden) expect(text).not.toContain(secret);
	}

	it('outputs (simplified and raw), declines and risk refusals carry no key, CVC or full card number', async () => {
		const parameters = [
			purchaseParameters({ cardCvc: '987' }),
			purchaseParameters({ cardCvc: '987', simplify: false }),
			purchaseParameters({ cardCvc: '987', cardNumber: CARDS.decline, simplify: false }),
			purchaseParameters({ cardCvc: '987', cardNumber: CARDS.riskRule, simplify: false }),
			purchaseParameters({ cardCvc: '987', cardNumber: CARDS.riskRule }),
		];
		const { output } = await runNode({ baseUrl: emulator.url, parameters });
		expect(output).toHaveLength(5);
		expectClean(output);
	});

	it('errors (validation, 401, 5xx, timeout) carry none either, with or without Continue On Fail', async () => {
		const validation = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ cardCvc: '987', cardNumber: '4111111111111112' }),
		});
		expectClean(validation.error);

		const unauthorised = await runNodeExpectingError({
			credentials: emulatorCredentials(emulator.url, { xApiKey: 'emulator-x-api-key-wrong' }),
			parameters: purchaseParameters({ cardCvc: '987' }),
		});
		expect(unauthorised.error.httpCode).toBe('401');
		expectClean(unauthorised.error);

		emulator.injectFault({ fault: '500', method: 'POST', path: '/payment' });
		const serverError = await runNodeExpectingError({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ cardCvc: '987' }),
		});
		expectClean(serverError.error);

		emulator.injectFault({ fault: 'timeout', method: 'POST', path: '/payment' });
		const lost = await runNode({
			baseUrl: emulator.url,
			timeoutMs: 300,
			continueOnFail: true,
			executionId: 'other',
			parameters: purchaseParameters({ cardCvc: '987' }),
		});
		expect(lost.output[0].json.error).toContain('Outcome unknown');
		expectClean(lost.output);
	});
});
