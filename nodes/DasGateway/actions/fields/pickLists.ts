/**
 * Drop-down values for version 2's forms: each option's value is exactly what the wire takes (ISO 4217 currency,
 * ISO 3166-1 alpha-2 country, IANA time zone, two-digit month); an expression can still give any value, which the
 * request schema then checks.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { COUNTRY_CODES, CURRENCY_CODES } from '../../gateway/isoCodes';

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name, 'en');
}

/** "Japanese Yen (JPY)", or the code alone when the runtime has no name for it. */
function named(codes: Iterable<string>, type: 'currency' | 'region'): INodePropertyOptions[] {
	const names = new Intl.DisplayNames(['en'], { type });
	return [...codes]
		.map((code) => {
			const name = names.of(code);
			return { name: name && name !== code ? `${name} (${code})` : code, value: code };
		})
		.sort(byName);
}

export const CURRENCY_OPTIONS: INodePropertyOptions[] = named(CURRENCY_CODES, 'currency');

export const COUNTRY_OPTIONS: INodePropertyOptions[] = named(COUNTRY_CODES, 'region');

/** IANA zones the runtime knows, sorted, UTC first (Node 20 has Intl.supportedValuesOf). */
function timeZoneOptions(): INodePropertyOptions[] {
	const intl = Intl as unknown as { supportedValuesOf?: (key: 'timeZone') => string[] };
	const zones = (intl.supportedValuesOf?.('timeZone') ?? []).filter((zone) => zone !== 'UTC').sort();
	return [{ name: 'UTC', value: 'UTC' }, ...zones.map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }))];
}

export const TIME_ZONE_OPTIONS: INodePropertyOptions[] = timeZoneOptions();

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

/** 01 to 12, in calendar order. */
export const EXPIRY_MONTH_OPTIONS: INodePropertyOptions[] = MONTHS.map((month, index) => {
	const value = String(index + 1).padStart(2, '0');
	return { name: `${value} - ${month}`, value };
});
