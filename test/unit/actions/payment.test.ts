import { createHash } from 'crypto';

import { startEmulator, type RunningEmulator } from '../../emulator';
import {
	CARDS,
	hostedPageParameters,
	purchaseParameters,
	runNode,
	runNodeExpectingError,
	emulatorCredentials,
} from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

const sentBody = (calls: Array<{ body: unknown }>, index = 0) => calls[index].body as Record<string, any>;

describe('Payment → Purchase and Authorize', () => {
	it('purchase charges the card (CAPTURE) and returns the normalized transaction', async () => {
		const { output, calls } = await runNode({ baseUrl: emulator.url, parameters: purchaseParameters() });
		expect(calls).toHaveLength(1);
		expect(calls[0].url).toBe(`${emulator.url}/api/v1/server-to-server-interface/payment`);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			outcome: 'approved',
			approved: true,
			transactionType: 'CAPTURE',
			amount: 10.5,
			responseCode: 0,
		});
		expect(output[0].json.transactionId).toMatch(/^[0-9a-f-]{36}$/);
		expect((output[0].json.card as Record<string, unknown>).maskedNumber).toBe('411111******1111');
		expect(sentBody(calls)).toMatchObject({
			amount: '10.5',
			currency: 'USD',
			merchant_id: 'EMU0000001',
			customer_ip: '203.0.113.7',
			time_zone: 'Asia/Tokyo',
			card: { number: CARDS.approve, name: 'Ada Lovelace', cvc: '123', expiry_month: '12' },
			billing_address: {
				country: 'JP',
				email: 'ada@example.com',
				phone_number: '+81 3 1234 5678',
				address1: '1-2-3 Shinjuku',
				postal_code: '1600022',
			},
		});
		expect(sentBody(calls)).not.toHaveProperty('payment_method');
	});

	it('authorize reserves the amount (PRE_AUTH) on /authorization', async () => {
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ operation: 'authorize' }),
		});
		expect(calls[0].url).toMatch(/\/authorization$/);
		expect(output[0].json).toMatchObject({ outcome: 'approved', transactionType: 'PRE_AUTH' });
	});

	it('sends the shipping address, return URLs and cardinal session id when given', async () => {
		const { calls } = await runNode({
			baseUrl: emulator.url,
			// The manual lists cardinal_session_id in its card token tables only: with a card to be saved.
			parameters: purchaseParameters({
				saveCard: true,
				cardScheme: 'VISA',
				shippingAddress: {
					address: {
						country: 'GB',
						email: 'ship@example.com',
						phone: '020 7946 0000',
						addressLine1: '1 Road',
						city: 'London',
						state: 'London',
					},
				},
				returnUrls: { webhookUrl: 'https://shop.example/hook' },
				'additionalFields.cardinalSessionId': 'cardinal-1',
			}),
		});
		expect(sentBody(calls)).toMatchObject({
			shipping_address: { country: 'GB', phone_number: '020 7946 0000', address1: '1 Road' },
			return_url: { webhook_url: 'https://shop.example/hook' },
			cardinal_session_id: 'cardinal-1',
		});
		expect(sentBody(calls).shipping_address).not.toHaveProperty('postal_code');
	});

	it('saves the card, then charges the saved card without sending any card', async () => {
		const saved = await runNode({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ saveCard: true, cardScheme: 'visa' }),
		});
		expect(sentBody(saved.calls).payment_method).toEqual({ type: 'VISA', store_payment_method: true });
		const token = saved.output[0].json.storedPaymentMethodId as string;
		expect(token).toEqual(expect.any(String));

		const reuse = await runNode({
			baseUrl: emulator.url,
			executionId: 'execution-2',
			parameters: purchaseParameters({
				paymentSource: 'savedCard',
				storedPaymentMethodId: token,
				cardScheme: 'VISA',
				amount: 3,
			}),
		});
		expect(sentBody(reuse.calls)).not.toHaveProperty('card');
		expect(sentBody(reuse.calls).payment_method).toEqual({
			type: 'VISA',
			store_payment_method: true,
			stored_payment_method_id: token,
		});
		expect(reuse.output[0].json).toMatchObject({ outcome: 'approved', amount: 3 });
	});

	it('Simplify off returns the gateway body with the card number masked', async () => {
		const { output } = await runNode({ baseUrl: emulator.url, parameters: purchaseParameters({ simplify: false }) });
		const raw = output[0].json as Record<string, any>;
		expect(raw.transaction_details.id).toEqual(expect.any(String));
		expect(raw.payment_details.card.number).not.toContain(CARDS.approve);
		expect(raw).not.toHaveProperty('outcome');
	});
});

describe('declines are results, not errors', () => {
	it.each([
		['do not honour', CARDS.decline, 5],
		['insufficient funds', CARDS.insufficientFunds, 51],
		['expired card', CARDS.expired, 54],
	])('%s (card %s) → outcome declined with response code %i', async (_name, cardNumber, code) => {
		const { output } = await runNode({ baseUrl: emulator.url, parameters: purchaseParameters({ cardNumber }) });
		expect(output[0].json).toMatchObject({ outcome: 'declined', approved: false, responseCode: code });
		expect(output[0].json.responseMessage).toEqual(expect.any(String));
	});

	it('a risk rule (HTTP 400, ERR3003) is a declined item with the gateway code', async () => {
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ cardNumber: CARDS.riskRule }),
		});
		expect(emulator.requests()[0].status).toBe(400);
		expect(calls).toHaveLength(1);
		expect(output[0].json).toMatchObject({ outcome: 'declined', approved: false, gatewayCode: 'ERR3003' });
	});
});

describe('Payment → Purchase With 3D Secure', () => {
	it('returns the redirect URL as a pending item and sends browser info', async () => {
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: purchaseParameters({
				operation: 'purchase3ds',
				cardNumber: CARDS.threeDs,
				currency: 'JPY',
				amount: 1000,
				merchantTxnRef: 'order-3ds-1',
				returnUrls: { successUrl: 'https://shop.example/paid', declineUrl: 'https://shop.example/declined' },
				browserInfo: { language: 'en-GB', javaEnabled: false, screenWidth: '1600', challengeWindow: '4' },
			}),
		});
		expect(calls[0].url).toMatch(/\/paymentv2$/);
		expect(sentBody(calls).browser_info).toEqual({
			language: 'en-GB',
			javaEnabled: false,
			screenWidth: '1600',
			challengeWindow: '4',
		});
		expect(output[0].json).toMatchObject({
			outcome: 'pending',
			approved: false,
			merchantTxnRef: 'order-3ds-1',
			amount: 1000,
			currency: 'JPY',
			merchantId: 'EMU0000001',
		});
		expect(output[0].json.redirectUrl).toMatch(/^http/);
	});
});

describe('Hosted Payment Page → Create Link', () => {
	it('creates a link with the hosted page address shape (phone, no postal code)', async () => {
		const { output, calls } = await runNode({
			baseUrl: emulator.url,
			parameters: hostedPageParameters({ saveCard: true, cardScheme: 'MASTERCARD', merchantTxnRef: 'hpp-1' }),
		});
		expect(calls[0].url).toMatch(/\/hpp\/generate\/link$/);
		const body = sentBody(calls);
		expect(body.billing_address).toEqual({
			country: 'JP',
			email: 'ada@example.com',
			phone: '+81312345678',
			address1: '1-2-3 Shinjuku',
			city: 'Shinjuku-ku',
			state: 'Tokyo',
		});
		expect(body).toMatchObject({
			amount: '25',
			merchant_email: 'shop@example.com',
			merchant_txn_ref: 'hpp-1',
			payment_method: { type: 'MASTERCARD', store_payment_method: true },
		});
		expect(output[0].json).toMatchObject({ outcome: 'pending', merchantTxnRef: 'hpp-1' });
		expect(output[0].json.url).toMatch(/^http/);
		expect(output[0].json.linkId).toEqual(expect.any(String));
	});

	it('sends amount null when the shopper enters the amount', async () => {
		const { calls, output } = await runNode({
			baseUrl: emulator.url,
			parameters: hostedPageParameters({ shopperEntersAmount: true, amount: undefined }),
		});
		expect(sentBody(calls).amount).toBeNull();
		expect(output[0].json.url).toMatch(/^http/);
	});
});

describe('merchant ID and merchant transaction reference', () => {
	const expectedRef = (executionId: string, nodeId: string, itemIndex: number) =>
		`n8n-${createHash('sha256').update(`${executionId}:${nodeId}:${itemIndex}`).digest('hex').slice(0, 32)}`;

	it('derives merchant_txn_ref from execution, node and item when left empty', async () => {
		const { calls } = await runNode({
			baseUrl: emulator.url,
			executionId: 'exec-42',
			nodeId: 'node-7',
			parameters: [purchaseParameters(), purchaseParameters()],
		});
		expect(sentBody(calls, 0).merchant_txn_ref).toBe(expectedRef('exec-42', 'node-7', 0));
		expect(sentBody(calls, 1).merchant_txn_ref).toBe(expectedRef('exec-42', 'node-7', 1));
		expect(sentBody(calls, 0).merchant_txn_ref).toHaveLength(36);
	});

	it('a retried node (same execution) sends the same reference and gets the first charge back, not a second one', async () => {
		const first = await runNode({ baseUrl: emulator.url, executionId: 'exec-retry', parameters: purchaseParameters() });
		const retry = await runNode({ baseUrl: emulator.url, executionId: 'exec-retry', parameters: purchaseParameters() });
		expect(retry.output[0].json.transactionId).toBe(first.output[0].json.transactionId);
		expect(emulator.transactions().filter((t) => t.type === 'CAPTURE')).toHaveLength(1);

		const nextExecution = await runNode({
			baseUrl: emulator.url,
			executionId: 'exec-other',
			parameters: purchaseParameters(),
		});
		expect(nextExecution.output[0].json.transactionId).not.toBe(first.output[0].json.transactionId);
	});

	it('uses the given merchant transaction reference and merchant ID', async () => {
		const { calls } = await runNode({
			baseUrl: emulator.url,
			parameters: purchaseParameters({ merchantTxnRef: 'order-1001', merchantId: 'EMU0000001' }),
		});
		expect(sentBody(calls)).toMatchObject({ merchant_txn_ref: 'order-1001', merchant_id: 'EMU0000001' });
	});

	it('without a merchant ID on the node or the credential, fails naming both and sends nothing', async () => {
		const { error, calls } = await runNodeExpectingError({
			credentials: emulatorCredentials(emulator.url, { merchantId: '' }),
			parameters: purchaseParameters(),
		});
		expect(error.message).toBe('Merchant ID is required: set it on the node or in the DasGateway credential [item 0]');
		expect(error.description).toContain('merchant_id');
		expect(error.description).toContain('Nothing was sent');
		expect(calls).toHaveLength(0);
	});
});
