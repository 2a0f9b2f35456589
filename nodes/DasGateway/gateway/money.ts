/**
 * Exact money arithmetic for figures the package computes itself (reports): amounts are converted once to integer
 * minor units of their currency, summed as integers (or exact fractions), and only turned back into a number at the
 * end, so a sum never shows float noise such as 24.750000000000004.
 */
import { currencyDecimals } from './isoCodes';

/** The amount in minor units of the currency (half-up beyond its decimals); null when it is not a finite number. */
export function toMinor(amount: number | null, currency: string): number | null {
	if (amount === null || !Number.isFinite(amount)) return null;
	const decimals = currencyDecimals(currency);
	const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount));
	if (!match) return Math.round(amount * 10 ** decimals); // exponent notation: tiny or huge, precision is moot
	const [, sign, whole, fraction = ''] = match;
	const kept = fraction.padEnd(decimals, '0').slice(0, decimals);
	let minor = Number(whole) * 10 ** decimals + Number(kept || '0');
	if (fraction.length > decimals && Number(fraction[decimals]) >= 5) minor += 1;
	return sign ? -minor : minor;
}

/** Minor units back to the amount as a number (an integer divided by a power of ten prints exactly). */
export function fromMinor(minor: number, currency: string): number {
	return minor / 10 ** currencyDecimals(currency);
}

/** Minor units as text with the currency's decimals ("24.75", "1000", "1.500"). */
export function formatMinor(minor: number, currency: string): string {
	const decimals = currencyDecimals(currency);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
	return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** The amount after a percentage discount, rounded half-up to the minor unit (the percentage to 0.01 %). */
export function discountMinor(minor: number, percentage: number): number {
	const basisPoints = BigInt(Math.round(Math.min(Math.max(percentage, 0), 100) * 100));
	const kept = BigInt(minor) * (10000n - basisPoints);
	return Number((kept * 2n + 10000n) / 20000n);
}

/** An exact non-negative fraction, for sums of per-cycle amounts turned into monthly figures. */
export class Fraction {
	constructor(
		readonly numerator: bigint,
		readonly denominator: bigint,
	) {}

	static of(numerator: number | bigint, denominator: number | bigint = 1n): Fraction {
		return new Fraction(BigInt(numerator), BigInt(denominator)).reduced();
	}

	plus(other: Fraction): Fraction {
		return new Fraction(
			this.numerator * other.denominator + other.numerator * this.denominator,
			this.denominator * other.denominator,
		).reduced();
	}

	/** Rounded half-up to an integer (minor units). */
	round(): number {
		return Number((this.numerator * 2n + this.denominator) / (this.denominator * 2n));
	}

	private reduced(): Fraction {
		const divisor = gcd(this.numerator, this.denominator);
		return divisor > 1n ? new Fraction(this.numerator / divisor, this.denominator / divisor) : this;
	}
}

function gcd(a: bigint, b: bigint): bigint {
	while (b !== 0n) [a, b] = [b, a % b];
	return a === 0n ? 1n : a;
}
