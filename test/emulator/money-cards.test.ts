import { TEST_CARDS, behaviourOf, luhnValid, maskPan, paymentMethodLabel, schemeOf } from './cards';
import { applyDiscount, exponent, formatMinor, parseAmount } from './money';

describe('exact money', () => {
	it.each([
		['10.50', 'USD', 1050],
		[10.5, 'USD', 1050],
		['10.500', 'USD', 1050],
		['0.07', 'USD', 7],
		[1000, 'JPY', 1000],
		['1000', 'JPY', 1000],
		['1000.0', 'JPY', 1000],
		['1.234', 'KWD', 1234],
		['007', 'USD', 700],
	])('parses %p %s to %p minor units', (value, currency, minor) => {
		expect(parseAmount(value, currency)).toEqual({ ok: true, minor });
	});

	it.each([
		['10.5', 'JPY', /decimal places than JPY allows \(0\)/],
		['10.505', 'USD', /decimal places than USD allows \(2\)/],
		['0', 'USD', /greater than 0/],
		['-1', 'USD', /greater than 0/],
		[-1, 'USD', /greater than 0/],
		['1e3', 'USD', /decimal number/],
		[1e21, 'USD', /plain decimal/],
		['', 'USD', /decimal number/],
		[' 10', 'USD', /decimal number/],
		['abc', 'USD', /decimal number/],
		[true, 'USD', /number or a decimal string/],
		['1234567890123', 'JPY', /too large/],
	])('rejects %p %s', (value, currency, error) => {
		const r = parseAmount(value, currency);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(error);
	});

	it('formats minor units with the currency exponent', () => {
		expect(formatMinor(1050, 'USD')).toBe('10.50');
		expect(formatMinor(5, 'USD')).toBe('0.05');
		expect(formatMinor(1000, 'JPY')).toBe('1000');
		expect(formatMinor(1234, 'KWD')).toBe('1.234');
		expect([exponent('JPY'), exponent('USD'), exponent('BHD')]).toEqual([0, 2, 3]);
	});

	it('keeps 0.10 + 0.20 exact', () => {
		const a = parseAmount('0.10', 'USD');
		const b = parseAmount(0.2, 'USD');
		expect(a.ok && b.ok && formatMinor(a.minor + b.minor, 'USD')).toBe('0.30');
	});

	it('applies a discount rounding half up to the minor unit', () => {
		expect(applyDiscount(1000, 10)).toBe(900); // the manual's sample: 1000 JPY at 10% -> 900
		expect(applyDiscount(999, 33.33)).toBe(666);
		expect(applyDiscount(1, 50)).toBe(1);
		expect(applyDiscount(1000, 100)).toBe(0);
		expect(applyDiscount(1000, 0)).toBe(1000);
	});
});

describe('cards', () => {
	it('every test card passes Luhn, and a changed digit does not', () => {
		for (const c of Object.values(TEST_CARDS)) expect(luhnValid(c.number)).toBe(true);
		expect(luhnValid('4111111111111112')).toBe(false);
		expect(luhnValid('41111111111111a1')).toBe(false);
	});

	it('masks like the manual (545454******5454)', () => {
		expect(maskPan('5454545454545454')).toBe('545454******5454');
		expect(maskPan('4111111111111111')).toBe('411111******1111');
		expect(maskPan('378282246310005')).toBe('378282*****0005');
	});

	it('knows the schemes and the payment_method labels', () => {
		expect(schemeOf('4111111111111111')).toBe('VISA');
		expect(schemeOf('5454545454545454')).toBe('MASTERCARD');
		expect(schemeOf('2223003122003222')).toBe('MASTERCARD');
		expect(schemeOf('378282246310005')).toBe('AMEX');
		expect(schemeOf('3530111333300000')).toBe('JCB');
		expect(paymentMethodLabel('MASTERCARD')).toBe('ECMC-SSL'); // as the status sample
	});

	it('maps test cards to behaviors; unknown Luhn-valid numbers approve', () => {
		expect(behaviourOf(TEST_CARDS.declined.number)).toEqual({ kind: 'decline', responseCode: 5 });
		expect(behaviourOf(TEST_CARDS.insufficientFunds.number)).toEqual({ kind: 'decline', responseCode: 51 });
		expect(behaviourOf(TEST_CARDS.expiredCard.number)).toEqual({ kind: 'decline', responseCode: 54 });
		expect(behaviourOf(TEST_CARDS.issuerError.number)).toEqual({ kind: 'decline', responseCode: 96 });
		expect(behaviourOf(TEST_CARDS.binBlacklisted.number)).toMatchObject({ kind: 'risk', code: 'ERR3003' });
		expect(behaviourOf(TEST_CARDS.threeDS.number)).toEqual({ kind: '3ds' });
		expect(behaviourOf('4242424242424242')).toEqual({ kind: 'approve' });
	});
});
