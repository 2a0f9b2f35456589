/**
 * Where our request schemas (schemas.ts) deliberately differ from the manuals' request tables (manualTables.ts), each
 * with its reason. This is the only list of these differences: test/gateway/manualTables.test.ts checks every schema
 * against the tables and accepts a difference only when it is written here, and fails on an entry that names a field
 * no table has.
 */
import type { ManualSection } from './manualTables';

export interface ManualException {
	/** Tables it applies to; '*' = every table that has the field. */
	sections: ManualSection[] | '*';
	/** Wire paths as in manualTables.ts; '*' = every string field. */
	paths: string[];
	/** What we do instead of what the table prints. */
	rule: string;
	reason: string;
	/** Overrides the table's max for the table-driven test (a longer value we accept). */
	max?: number;
	/** Overrides the table's mandatory flag for the table-driven test. */
	mandatory?: boolean;
}

export const MANUAL_EXCEPTIONS: ManualException[] = [
	{
		sections: '*',
		paths: ['card.number'],
		rule: '13 to 19 digits (spaces and dashes removed), and the Luhn check must pass',
		reason:
			"Card numbers run 13 to 19 digits (ISO/IEC 7812; the 3DS reference allows ^[0-9]{13,19}$): the table's 16 would refuse real 19-digit cards. A number failing Luhn is a typo, refused before any money moves.",
		max: 19,
	},
	{
		sections: '*',
		paths: ['card.cvc'],
		rule: '3 or 4 digits',
		reason: 'The table says at most 4 and its description "3 digits code and 4 digits code for AMEX cards".',
	},
	{
		sections: '*',
		paths: ['card.expiry_month', 'card.expiry_year'],
		rule: 'month 01–12 (a single digit is padded); year two digits, a four-digit 20YY is accepted and sent as YY; an expired card is refused',
		reason:
			'The table\'s examples ("12 for December", "24 for year 2024"); an expired card can only be declined, so it is not sent.',
	},
	{
		sections: '*',
		paths: ['time_zone'],
		rule: 'an IANA time zone name known to the runtime, such as Asia/Kuala_Lumpur',
		reason:
			'The table says string 128, "the country time zone"; every sample is an IANA name. A misspelt zone is caught before sending.',
	},
	{
		sections: '*',
		paths: ['currency'],
		rule: 'an ISO 4217 code (upper-cased)',
		reason: 'The table says 3 characters, "the abbreviation of the processing currency (ex. JPY)".',
	},
	{
		sections: '*',
		paths: ['billing_address.country', 'shipping_address.country'],
		rule: 'an ISO 3166-1 alpha-2 code (upper-cased)',
		reason: 'The table says 2 characters, "country code"; the samples use JP, IN.',
	},
	{
		sections: '*',
		paths: ['billing_address.email', 'shipping_address.email', 'merchant_email'],
		rule: 'a valid email address',
		reason: "The table gives only the length; a malformed address would reach the gateway and the shopper's receipts.",
	},
	{
		sections: '*',
		paths: [
			'billing_address.phone_number',
			'shipping_address.phone_number',
			'billing_address.phone',
			'shipping_address.phone',
		],
		rule: 'digits, optionally a leading +, spaces, dots, dashes, brackets; at least 4 characters',
		reason: 'The table gives only the length; this catches a field filled with the wrong value.',
	},
	{
		sections: '*',
		paths: ['customer_ip'],
		rule: 'an IPv4 or IPv6 address',
		reason: 'The table says string 45 (the length of the longest IPv6 text), "the IP address of the cardholder".',
	},
	{
		sections: '*',
		paths: ['return_url.webhook_url', 'return_url.success_url', 'return_url.decline_url', 'return_url.cancel_url'],
		rule: 'a full http:// or https:// URL',
		reason: 'The gateway posts and redirects to them: anything else cannot work.',
	},
	{
		sections: '*',
		paths: ['amount'],
		rule: "a positive decimal with at most the currency's decimals (JPY none, USD two, KWD three), sent as an exact decimal string",
		reason:
			'The table says "as per Bank". Zero, negative or over-precise amounts can only fail or be rounded by someone else; capture and refund check the decimals when the currency is known.',
	},
	{
		sections: [
			'capture',
			'refund',
			'void',
			'transactionStatus',
			'subscriptionDetails',
			'subscriptionPause',
			'subscriptionResume',
			'subscriptionCancel',
		],
		paths: ['transactionId', 'subscriptionId'],
		rule: 'a UUID',
		reason:
			'The table says string 36; every id in the manual is a UUID (36 characters), so anything else is a wrong value.',
	},
	{
		sections: ['paymentV2'],
		paths: ['return_url.success_url', 'return_url.decline_url'],
		rule: 'required',
		reason:
			'The 3DS manual makes return_url mandatory and sends the shopper back to "a success_url or a decline_url that you provide": without them the shopper is lost after 3D Secure.',
		mandatory: true,
	},
	{
		sections: ['authorisation'],
		paths: ['payment_method'],
		rule: 'accepted on /authorization as on /payment: a card to be saved, or a saved card (the Generate / Use of Card Token tables)',
		reason:
			'Those sections are titled "(Purchase/Authorisation)" though their URL is /payment; the Authorisation table itself does not list payment_method.',
	},
	{
		sections: ['createSubscription'],
		paths: [
			'subscription.cycle_interval',
			'subscription.max_cycle_count',
			'subscription.trial_period_duration',
			'subscription.discount_duration',
		],
		rule: 'whole numbers from 1',
		reason: 'The table gives "int" and 9999; a zero interval, count or duration describes no schedule.',
	},
	{
		sections: ['createSubscription'],
		paths: ['subscription.discount_percentage'],
		rule: 'greater than 0',
		reason: 'The table gives up to 100%; a 0% discount with has_discount true is a mistake, not a discount.',
	},
	{
		sections: ['createSubscription'],
		paths: [
			'subscription.trial_period_duration_type',
			'subscription.trial_period_duration',
			'subscription.discount_percentage',
			'subscription.discount_duration',
		],
		rule: 'accepted without their flag (has_trial_period / has_discount false) and then left out of the body',
		reason:
			'The table makes them mandatory only with the flag; the manual\'s sample sends a trial with has_trial_period false and gets "NONE" back. Leaving them out means a discount is never half-applied.',
	},
	{
		sections: ['paymentV2'],
		paths: [
			'browser_info.acceptHeader',
			'browser_info.userAgent',
			'browser_info.screenColorDepth',
			'browser_info.screenHeight',
			'browser_info.screenWidth',
			'browser_info.language',
			'browser_info.challengeWindow',
		],
		rule: 'headers at most 2048 characters; color depth, height and width digit strings; language a tag such as en-GB; challenge window 1–5',
		reason:
			"The 3DS manual names these members only in its sample, with no limits; the bounds are EMV 3-D Secure's for the same browser data.",
	},
	{
		sections: '*',
		paths: ['*'],
		rule: 'strings are trimmed; a mandatory string may not be blank; an optional blank string is left out of the body',
		reason:
			'Values come from expressions: a stray space or an empty optional field is not what the user meant to send.',
	},
];
