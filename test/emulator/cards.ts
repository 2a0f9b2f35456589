/**
 * Card rules: Luhn, scheme, masking, and the emulator's test cards.
 * Descriptions come from the manual's "Response Codes" and "Gateway Error Codes" tables.
 */

export function luhnValid(pan: string): boolean {
	if (!/^\d+$/.test(pan)) return false;
	let sum = 0;
	let double = false;
	for (let i = pan.length - 1; i >= 0; i--) {
		let d = pan.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return sum % 10 === 0;
}

/** The card brand scheme, as the manual names them (VISA, MASTERCARD, AMEX) plus a few others. */
export function schemeOf(pan: string): string {
	const p2 = Number(pan.slice(0, 2));
	const p4 = Number(pan.slice(0, 4));
	if (pan.startsWith('4')) return 'VISA';
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return 'MASTERCARD';
	if (p2 === 34 || p2 === 37) return 'AMEX';
	if (p4 >= 3528 && p4 <= 3589) return 'JCB';
	if (pan.startsWith('6011') || pan.startsWith('65') || (p4 >= 6440 && p4 <= 6499)) return 'DISCOVER';
	if (p2 === 36 || p2 === 38 || p2 === 30) return 'DINERS';
	if (p2 === 62) return 'UNIONPAY';
	return 'UNKNOWN';
}

/** payment_details.payment_method: the status sample shows "ECMC-SSL" for a MASTERCARD. */
export function paymentMethodLabel(scheme: string): string {
	const labels: Record<string, string> = {
		VISA: 'VISA-SSL',
		MASTERCARD: 'ECMC-SSL',
		AMEX: 'AMEX-SSL',
		JCB: 'JCB-SSL',
		DISCOVER: 'DISCOVER-SSL',
		DINERS: 'DINERS-SSL',
		UNIONPAY: 'CHINAUNIONPAY-SSL',
	};
	return labels[scheme] ?? 'CARD-SSL';
}

/** 4111111111111111 -> 411111******1111 (as the status sample: 545454******5454). */
export function maskPan(pan: string): string {
	if (pan.length < 11) return '*'.repeat(pan.length);
	return pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
}

/** Descriptions of the response codes the emulator produces (first wording of the manual's table). */
export const RESPONSE_DESCRIPTIONS: Record<number, string> = {
	0: 'The transaction was completed successfully.',
	5: 'Do not honour',
	14: 'Invalid card number',
	51: 'Insufficient funds',
	54: 'Expired card',
	65: 'Authentication requested',
	94: 'Duplicate transmission detected',
	96: 'System error',
};

export function describeResponseCode(code: number): string {
	return RESPONSE_DESCRIPTIONS[code] ?? 'Declined';
}

/** Gateway Error Codes table: ERR3003, BIN blocking. */
export const ERR3003_MESSAGE = 'Card BIN is found on Entity’s blacklist.';

export type CardBehaviour =
	| { kind: 'approve' }
	| { kind: 'decline'; responseCode: number }
	| { kind: 'risk'; code: string; message: string }
	| { kind: '3ds' };

export interface TestCard {
	number: string;
	scheme: string;
	behaviour: CardBehaviour;
	description: string;
}

/** The emulator's test cards (also documented in test/emulator/README.md). */
export const TEST_CARDS = {
	visa: { number: '4111111111111111', scheme: 'VISA', behaviour: { kind: 'approve' }, description: 'approves' },
	mastercard: {
		number: '5454545454545454',
		scheme: 'MASTERCARD',
		behaviour: { kind: 'approve' },
		description: 'approves',
	},
	amex: {
		number: '378282246310005',
		scheme: 'AMEX',
		behaviour: { kind: 'approve' },
		description: 'approves (4-digit cvc)',
	},
	declined: {
		number: '4000000000000002',
		scheme: 'VISA',
		behaviour: { kind: 'decline', responseCode: 5 },
		description: 'declines: 5 Do not honour',
	},
	insufficientFunds: {
		number: '4000000000009995',
		scheme: 'VISA',
		behaviour: { kind: 'decline', responseCode: 51 },
		description: 'declines: 51 Insufficient funds',
	},
	expiredCard: {
		number: '4000000000000069',
		scheme: 'VISA',
		behaviour: { kind: 'decline', responseCode: 54 },
		description: 'declines: 54 Expired card',
	},
	issuerError: {
		number: '4000000000000119',
		scheme: 'VISA',
		behaviour: { kind: 'decline', responseCode: 96 },
		description: 'declines: 96 System error',
	},
	binBlacklisted: {
		number: '4000000000000101',
		scheme: 'VISA',
		behaviour: { kind: 'risk', code: 'ERR3003', message: ERR3003_MESSAGE },
		description: 'risk rule ERR3003, HTTP 400',
	},
	threeDS: { number: '4000002500003155', scheme: 'VISA', behaviour: { kind: '3ds' }, description: 'requires 3DS' },
} satisfies Record<string, TestCard>;

const BY_NUMBER = new Map<string, TestCard>(Object.values(TEST_CARDS).map((c: TestCard) => [c.number, c]));

/** What a (Luhn-valid) card number does. Unknown numbers approve. */
export function behaviourOf(pan: string): CardBehaviour {
	return BY_NUMBER.get(pan)?.behaviour ?? { kind: 'approve' };
}
