/**
 * `npm run bench`: how fast the pure parts run (validation, normalization) — the work done for every item and
 * every webhook. Prints operations per second; it asserts nothing (speed goals live here, not in tests).
 */
import { performance } from 'perf_hooks';

import { normalizeSubscriptionList, normalizeTransaction } from '../../nodes/DasGateway/gateway/normalize';
import { paymentRequestSchema, validateRequest } from '../../nodes/DasGateway/gateway/schemas';
import { authorisationWithValues, filledWebhookSample } from '../fixtures/invented';
import * as samples from '../fixtures/manualVerbatim';

const nextYear = String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0');
const payment = {
	amount: '10.50',
	currency: 'USD',
	merchant_txn_ref: 'bench-1',
	customer_ip: '203.0.113.7',
	merchant_id: 'EMU0000001',
	time_zone: 'Asia/Kuala_Lumpur',
	card: { number: '4111111111111111', name: 'Bench Mark', cvc: '123', expiry_month: '12', expiry_year: nextYear },
	billing_address: { country: 'GB', email: 'b@example.com', phone_number: '+44 20 7946 0000', address1: '1 Way', city: 'London', state: 'London', postal_code: 'N1' },
};

function bench(name: string, run: () => unknown, seconds = 1) {
	for (let i = 0; i < 200; i++) run(); // warm-up
	let count = 0;
	const start = performance.now();
	const until = start + seconds * 1000;
	while (performance.now() < until) {
		for (let i = 0; i < 100; i++) run();
		count += 100;
	}
	const perSecond = Math.round(count / ((performance.now() - start) / 1000));
	console.log(`${name.padEnd(44)} ${perSecond.toLocaleString('en-US').padStart(12)} ops/s`);
}

bench('validate a card payment request', () => validateRequest(paymentRequestSchema, payment));
bench('normalize an authorisation response', () => normalizeTransaction(authorisationWithValues));
bench('normalize a status response', () => normalizeTransaction(samples.transactionStatusResponse));
bench('normalize a webhook', () => normalizeTransaction(filledWebhookSample));
bench('normalize a subscription list', () => normalizeSubscriptionList(samples.subscriptionListResponse));
