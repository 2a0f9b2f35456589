import type { RunningEmulator } from '../../emulator/types';

/**
 * A payment sent straight to the emulator's gateway API (no n8n), as the e2e suites use to make the gateway send
 * notifications: the URL, the headers with the emulator's keys, and the JSON body. Its webhook goes to `webhookUrl`.
 */
export function directPayment(
	emulator: RunningEmulator,
	{
		kind = 'payment',
		amount = '12.34',
		ref,
		card = '4111111111111111',
		webhookUrl,
	}: {
		kind?: 'payment' | 'authorization';
		amount?: string;
		ref: string;
		card?: string;
		webhookUrl?: string | null;
	},
): { url: string; headers: Record<string, string>; body: string } {
	return {
		url: `${emulator.url}/api/v1/server-to-server-interface/${kind}`,
		headers: {
			'content-type': 'application/json',
			authorization: `Basic ${emulator.encodedApiKey}`,
			'x-api-key': emulator.xApiKey,
		},
		body: JSON.stringify({
			amount,
			currency: 'SGD',
			merchant_id: emulator.merchantId,
			merchant_txn_ref: ref,
			customer_ip: '203.0.113.9',
			time_zone: 'Asia/Singapore',
			card: { number: card, name: 'Ada Lovelace', cvc: '123', expiry_month: '12', expiry_year: '34' },
			billing_address: {
				country: 'SG',
				email: 'ada@example.com',
				phone_number: '6591234567',
				address1: '1 Main St',
				city: 'Singapore',
				state: 'SG',
				postal_code: '018956',
			},
			...(webhookUrl
				? {
						return_url: {
							webhook_url: webhookUrl,
							success_url: 'https://shop.test/ok',
							decline_url: 'https://shop.test/ko',
						},
					}
				: {}),
		}),
	};
}
