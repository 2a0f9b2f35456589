/**
 * Exact money: amounts are kept as integers of minor units, never as floats.
 * The manual accepts amounts as "float/string/int"; we parse the decimal text.
 */

/** Active ISO 4217 codes (the manual: "currency string 3 ... (ex. Japanese Yen: JPY)"). */
export const ISO_4217 = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
		'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
		'GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT ' +
		'LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR ' +
		'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD ' +
		'SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD ' +
		'XOF XPF YER ZAR ZMW ZWL'
	).split(' '),
);

const ZERO_DECIMALS = new Set([
	'BIF',
	'CLP',
	'DJF',
	'GNF',
	'ISK',
	'JPY',
	'KMF',
	'KRW',
	'PYG',
	'RWF',
	'UGX',
	'VND',
	'VUV',
	'XAF',
	'XOF',
	'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Number of decimals of a currency's minor unit. */
export function exponent(currency: string): number {
	if (ZERO_DECIMALS.has(currency)) return 0;
	if (THREE_DECIMALS.has(currency)) return 3;
	return 2;
}

/** At most 12 integer digits: far beyond any bank's limit, and exact as a JS number in minor units. */
const MAX_INTEGER_DIGITS = 12;

export type AmountParse = { ok: true; minor: number } | { ok: false; error: string };

/**
 * Parses a number or a decimal string ("10", "10.5", "10.50") into minor units of `currency`.
 * Rejects negatives, exponents, blanks, and more decimals than the currency has (JPY: none).
 */
export function parseAmount(value: unknown, currency: string): AmountParse {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return { ok: false, error: 'must be a finite number' };
		text = String(value);
		if (/e/i.test(text)) return { ok: false, error: 'must be a plain decimal number' };
	} else if (typeof value === 'string') {
		text = value;
	} else {
		return { ok: false, error: 'must be a number or a decimal string' };
	}
	const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
	if (!m) {
		if (/^-/.test(text)) return { ok: false, error: 'must be greater than 0' };
		return { ok: false, error: `must be a decimal number such as "10.50" (got ${JSON.stringify(value)})` };
	}
	const integer = m[1].replace(/^0+(?=\d)/, '');
	const fraction = (m[2] ?? '').replace(/0+$/, '');
	const exp = exponent(currency);
	if (fraction.length > exp) {
		return { ok: false, error: `has more decimal places than ${currency} allows (${exp})` };
	}
	if (integer.length > MAX_INTEGER_DIGITS) return { ok: false, error: 'is too large' };
	const minor = Number(integer) * 10 ** exp + Number((fraction + '0'.repeat(exp)).slice(0, exp) || '0');
	if (minor <= 0) return { ok: false, error: 'must be greater than 0' };
	return { ok: true, minor };
}

/** Minor units to the canonical decimal string: 1050 USD -> "10.50", 1000 JPY -> "1000". */
export function formatMinor(minor: number, currency: string): string {
	const exp = exponent(currency);
	const negative = minor < 0;
	const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
	const text = exp === 0 ? digits : `${digits.slice(0, digits.length - exp)}.${digits.slice(digits.length - exp)}`;
	return negative ? `-${text}` : text;
}

/** Minor units as a JSON number (the status call and the subscription views use numbers). */
export function minorToNumber(minor: number, currency: string): number {
	return Number(formatMinor(minor, currency));
}

/**
 * Applies a percentage discount, rounding half up to the minor unit:
 * 1000 JPY at 10% -> 900; 999 minor at 33.33% -> 666.
 */
export function applyDiscount(minor: number, percentage: number): number {
	const basisPoints = BigInt(Math.round(percentage * 100)); // 0..10000
	const kept = BigInt(minor) * (10000n - basisPoints);
	return Number((kept * 2n + 10000n) / 20000n);
}
