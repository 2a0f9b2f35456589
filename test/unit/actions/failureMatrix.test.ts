/**
 * Every fault the emulator can inject × a read (Transaction → Get) and two money-moving calls (Capture, Purchase), on
 * n8n's own engine: the attempts the gateway saw (reads retried within a bound, money-moving calls never repeated),
 * the message (a timeout named with its duration; "outcome unknown" with what to look the payment up by), and no key
 * or card number anywhere in the error.
 */
import type { FaultKind } from '../../emulator';
import { FAULT_KINDS, startEmulator, type RunningEmulator } from '../../emulator';
import { runWorkflow } from '../../helpers/workflowExecute';
import { CARDS, SECRETS, emulatorCredentials, purchaseParameters, serialize } from './support';

let emulator: RunningEmulator;
let authorisation: string;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});

const credentials = () => emulatorCredentials(emulator.url);
const options = { timeoutSeconds: 1 };

beforeEach(async () => {
	emulator.reset();
	const { outputs } = await runWorkflow({
		parameters: purchaseParameters({ operation: 'authorize', amount: 5, options }),
		items: [{}],
		credentials: credentials(),
	});
	authorisation = outputs[0][0].json.transactionId as string;
});

/**
 * Runs one call with `fault` on its path; the attempts the gateway saw and the node's error. Card data arrives
 * through an expression, as in real workflows, so the node's saved parameters hold no card number.
 */
async function withFault(fault: FaultKind, path: string, parameters: Record<string, unknown>) {
	const before = emulator.requests().length;
	emulator.injectFault({ fault, path, times: 10 });
	const { error } = await runWorkflow({
		parameters: { ...parameters, ...(parameters.cardNumber ? { cardNumber: '={{ $json.card }}' } : {}), options },
		items: [{ card: CARDS.approve }],
		credentials: credentials(),
	});
	const attempts = emulator
		.requests()
		.slice(before)
		.filter((request) => request.path.includes(path)).length;
	expect(error).toBeDefined();
	const text = serialize(error);
	for (const secret of [...SECRETS, CARDS.approve]) expect(text).not.toContain(secret);
	return { attempts, message: error?.message ?? '', description: error?.description ?? '' };
}

type ReadExpectation = [FaultKind, number, RegExp];
const readCases: ReadExpectation[] = [
	['timeout', 1, /no answer within 1 s/],
	[
		'reset',
		3,
		/could not be reached while reading a transaction: the connection was closed before the answer arrived after 3 attempts/,
	],
	['500', 1, /answered HTTP 500 while reading a transaction/],
	['502', 3, /sent HTTP 502 with an unreadable body while reading a transaction after 3 attempts/],
	['503', 3, /answered HTTP 503 while reading a transaction/],
	['504', 3, /sent HTTP 504 with an unreadable body while reading a transaction after 3 attempts/],
	['html', 1, /sent an unreadable answer \(not JSON\) while reading a transaction/],
	['malformed-json', 1, /sent an unreadable answer \(not JSON\) while reading a transaction/],
	['empty', 1, /sent an unreadable answer \(not JSON\) while reading a transaction/],
	['redirect', 1, /answered with a redirect \(HTTP 307 to http:\/\/127\.0\.0\.1:\d+\) while reading a transaction$/],
];

describe('a read (Transaction → Get) under every fault', () => {
	it.each(readCases)('%s: %i attempt(s), %p', async (fault, attempts, message) => {
		const result = await withFault(fault, '/transaction/status', {
			resource: 'transaction',
			operation: 'get',
			transactionId: authorisation,
		});
		expect(result.attempts).toBe(attempts);
		expect(result.message).toMatch(message);
		expect(result.description).not.toBe('Request Successful');
	});
});

/** Every fault the emulator knows: a new one is checked here without a line added. */
const FAULTS = [...FAULT_KINDS];

describe('a money-moving call under every fault: sent once, "outcome unknown" with what to look it up by', () => {
	it.each(FAULTS)('Capture, %s', async (fault) => {
		const result = await withFault(fault, '/capture', {
			resource: 'transaction',
			operation: 'capture',
			transactionId: authorisation,
			amount: 5,
		});
		expect(result.attempts).toBe(1);
		expect(result.message).toContain(`Outcome unknown while capturing a payment (transaction ${authorisation})`);
		expect(result.description).toContain(`Read transaction ${authorisation}`);
		if (fault === 'timeout') expect(result.message).toContain('no answer within 1 s');
		if (fault === 'redirect') expect(result.description).toContain('does not follow redirects');
	});

	it.each(FAULTS)('Purchase, %s', async (fault) => {
		const result = await withFault(fault, '/payment', purchaseParameters({ merchantTxnRef: 'order-matrix-1' }));
		expect(result.attempts).toBe(1);
		expect(result.message).toContain('Outcome unknown while making a purchase (merchant_txn_ref "order-matrix-1")');
	});
});
