/** The shape of the manual's request tables (manualTables.ts, generated): one home for both the generator and the tables. */
import type { EndpointName } from './endpoints';

export interface ManualField {
	/** Wire path: `billing_address.email`; path parameters by the endpoint's name for them (`transactionId`). */
	path: string;
	/** The Type column as printed, lower case: string, object, boolean, int, int/float, float/string/int, int/string. */
	type: string;
	/** The Mandatory column (or the 3DS manual's "required"). */
	mandatory: boolean;
	/** The manual's own words when the flag depends on other fields, e.g. "mandatory if has_discount: True". */
	condition?: string;
	/** The Max Length column as a number: characters for strings, the largest value for numbers. */
	max?: number;
	/** The Max Length column as printed when it is not a plain number ("as per Bank", "Constant", "100%"). */
	limitText?: string;
	/** For "Constant" fields, the values the description names, e.g. DAYS, MONTHS. */
	values?: string[];
	description: string;
}

export interface ManualRequestTable {
	/** The manual's section title. */
	section: string;
	/** File in ../shared/api. */
	manual: string;
	method: 'GET' | 'POST';
	/** As printed after the base path; `<...>` are path parameters. */
	url: string;
	endpoint: EndpointName;
	/** Where the fields go: the JSON body, or the URL path (GET calls). */
	location: 'body' | 'path';
	fields: ManualField[];
}
