/**
 * Response and webhook shapes, copied field by field from the manual's samples, quirks included:
 * - transaction responses: billing_details and device_details inside merchant_details, "risk-details"
 *   (hyphen), payment_details.amount a string, transaction_details.ref a string;
 * - capture/refund/void: currency null, no billing; only the refund sample has stored_payment_method_id;
 * - plain purchase response and the Webhook Handler sample: currency null;
 * - status: billing_details inside transaction_details, "risk_details" (underscore), amount and ref numbers,
 *   responseDescription, and additional_data.payment_data_source for a 3DS transaction;
 * - 3DS webhook: status_code 200, amount/ref numbers, additional_data, "risk-details": {}.
 */
import { describeResponseCode } from './cards';
import { formatMinor, minorToNumber } from './money';
import type { Address, ReturnUrls } from './validate';

export type TxnType = 'PRE_AUTH' | 'CAPTURE' | 'REFUND' | 'VOID';

export interface GatewayMessage {
	type: 'INFO' | 'ERROR';
	message: string;
	code: string;
}

export interface CardView {
	name: string;
	masked: string;
	expMonth: string;
	expYear: string;
	scheme: string;
	paymentMethod: string;
}

export interface Txn {
	id: string;
	ref: number;
	type: TxnType;
	channel: 'api' | '3ds' | 'hpp' | 'subscription';
	endpoint: string;
	/** HTTP status of the answer that created it. */
	httpStatus: number;
	approved: boolean;
	responseCode: number;
	gateway: GatewayMessage;
	amountMinor: number;
	currency: string;
	merchantTxnRef: string;
	card: CardView;
	authCode: string | null;
	billing: Address;
	shipping: Address | null;
	customerIp: string;
	visitedIp: string;
	timestamp: string;
	storedPaymentMethodId: string | null;
	returnUrl: ReturnUrls;
	parentId?: string;
	notes?: string;
	subscriptionId?: string;
	/** Whether the purchase answer shows currency null (the plain purchase sample does). */
	currencyNullInResponse: boolean;
	// Money bookkeeping, in minor units.
	capturedMinor: number;
	refundedMinor: number;
	voided: boolean;
	childIds: string[];
}

export interface MerchantInfo {
	merchantId: string;
	merchantName: string;
}

export const INFO_PAYMENT: GatewayMessage = { type: 'INFO', message: 'Payment Successful.', code: 'INFO0000' };
export const INFO_CAPTURE: GatewayMessage = {
	type: 'INFO',
	message: 'Amount successfully captured.',
	code: 'INFO0001',
};
export const INFO_REFUND: GatewayMessage = { type: 'INFO', message: 'Amount successfully refunded.', code: 'INFO0002' };
export const INFO_VOID: GatewayMessage = { type: 'INFO', message: 'Amount Successfully Cancelled.', code: 'INFO0003' };
export const INFO_SUBSCRIPTION_UPDATED: GatewayMessage = {
	type: 'INFO',
	message: 'Subscription Updated.',
	code: 'INFO3000',
};

/** Emulator's choice (the manual lists no code for declines): ERR1 + the 3-digit response code. */
export function declineMessage(responseCode: number): GatewayMessage {
	return {
		type: 'ERROR',
		message: `Payment Declined. ${describeResponseCode(responseCode)}.`,
		code: `ERR1${String(responseCode).padStart(3, '0')}`,
	};
}

const gw = (g: GatewayMessage) => ({ version: '1', type: g.type, message: g.message, code: g.code });

/** Transaction-response address: country, email, address1, phone_number, city, state, postal_code. */
function addressView(a: Address | null) {
	const x = a ?? emptyAddress();
	return {
		country: x.country,
		email: x.email,
		address1: x.address1,
		phone_number: x.phone_number,
		city: x.city,
		state: x.state,
		postal_code: x.postal_code,
	};
}

/** Webhook Handler sample order, with address2. */
function webhookAddressView(a: Address | null) {
	const x = a ?? emptyAddress();
	return {
		country: x.country,
		postal_code: x.postal_code,
		email: x.email,
		phone_number: x.phone_number,
		address1: x.address1,
		address2: x.address2,
		city: x.city,
		state: x.state,
	};
}

export function emptyAddress(): Address {
	return { country: '', email: '', address1: '', address2: '', phone_number: '', city: '', state: '', postal_code: '' };
}

function cardView(t: Txn) {
	return { name: t.card.name, number: t.card.masked, exp_month: t.card.expMonth, exp_year: t.card.expYear };
}

/** Authorisation / Purchase / card token / Create Subscription answer (and declines, with success false). */
export function transactionResponse(t: Txn, m: MerchantInfo): Record<string, unknown> {
	return {
		success: t.approved,
		status_code: t.httpStatus,
		is_live: false,
		transaction_type: t.type,
		gateway_response: gw(t.gateway),
		merchant_details: {
			legal_name: m.merchantName,
			mid: m.merchantId,
			merchant_txn_ref: t.merchantTxnRef,
			billing_details: {
				billing_address: addressView(t.billing),
				shipping_address: addressView(t.shipping),
			},
			device_details: { visited_ip: t.visitedIp, customer_ip: t.customerIp },
		},
		payment_details: {
			amount: formatMinor(t.amountMinor, t.currency),
			response_code: t.responseCode,
			auth_code: t.authCode,
			currency: t.currencyNullInResponse ? null : t.currency,
			payment_method: t.card.paymentMethod,
			scheme: t.card.scheme,
			card: cardView(t),
		},
		transaction_details: {
			id: t.id,
			ref: String(t.ref),
			timestamp: t.timestamp,
			merchant_txn_ref: t.merchantTxnRef,
			stored_payment_method_id: t.storedPaymentMethodId,
		},
		'risk-details': { risk_score: null },
	};
}

/** Capture / Refund / Void answer: no billing, currency null; the refund sample alone adds stored_payment_method_id. */
export function followUpResponse(t: Txn, m: MerchantInfo): Record<string, unknown> {
	const details: Record<string, unknown> = {
		id: t.id,
		ref: String(t.ref),
		timestamp: t.timestamp,
		merchant_txn_ref: t.merchantTxnRef,
	};
	if (t.type === 'REFUND') details.stored_payment_method_id = t.storedPaymentMethodId;
	return {
		success: t.approved,
		status_code: t.httpStatus,
		is_live: false,
		transaction_type: t.type,
		gateway_response: gw(t.gateway),
		merchant_details: { legal_name: m.merchantName, mid: m.merchantId, merchant_txn_ref: t.merchantTxnRef },
		payment_details: {
			amount: formatMinor(t.amountMinor, t.currency),
			response_code: t.responseCode,
			auth_code: t.authCode,
			currency: null,
			payment_method: t.card.paymentMethod,
			scheme: t.card.scheme,
			card: cardView(t),
		},
		transaction_details: details,
	};
}

/** GET /transaction/status/{id} (manual sample, plus the 3DS manual's additional_data). */
export function statusResponse(t: Txn, m: MerchantInfo): Record<string, unknown> {
	const threeDs = t.channel === '3ds';
	const payment: Record<string, unknown> = {
		amount: minorToNumber(t.amountMinor, t.currency),
		response_code: t.responseCode,
		responseDescription: describeResponseCode(t.responseCode),
		auth_code: threeDs ? null : t.authCode,
		currency: t.currency,
		payment_method: threeDs ? null : t.card.paymentMethod,
		scheme: t.card.scheme,
		card: cardView(t),
	};
	if (threeDs) payment.additional_data = { payment_data_source: { type: 'card' } };
	return {
		success: t.approved,
		status_code: 200,
		is_live: false,
		transaction_type: t.type,
		gateway_response: gw(t.gateway),
		merchant_details: { legal_name: m.merchantName, mid: m.merchantId, merchant_txn_ref: t.merchantTxnRef },
		payment_details: payment,
		transaction_details: {
			id: t.id,
			ref: t.ref,
			timestamp: t.timestamp,
			billing_details: {
				billing_address: addressView(t.billing),
				shipping_address: addressView(t.shipping),
			},
		},
		risk_details: { risk_score: null },
	};
}

/** The manual's "Webhook Handler" payload (status_code 201, return_url_details, address2, currency null). */
export function webhookPayload(t: Txn, m: MerchantInfo, returnUrl: ReturnUrls): Record<string, unknown> {
	return {
		success: t.approved,
		status_code: 201,
		is_live: false,
		transaction_type: t.type,
		gateway_response: gw(t.gateway),
		return_url_details: {
			webhook_url: returnUrl.webhook_url,
			success_url: returnUrl.success_url,
			decline_url: returnUrl.decline_url,
		},
		merchant_details: {
			legal_name: m.merchantName,
			mid: m.merchantId,
			merchant_txn_ref: t.merchantTxnRef,
			billing_details: {
				billing_address: webhookAddressView(t.billing),
				shipping_address: webhookAddressView(t.shipping),
			},
			device_details: { visited_ip: t.visitedIp, customer_ip: t.customerIp },
		},
		payment_details: {
			amount: formatMinor(t.amountMinor, t.currency),
			response_code: t.responseCode,
			auth_code: t.authCode,
			currency: null,
			payment_method: t.card.paymentMethod,
			scheme: t.card.scheme,
			card: cardView(t),
		},
		transaction_details: {
			id: t.id,
			ref: String(t.ref),
			timestamp: t.timestamp,
			merchant_txn_ref: t.merchantTxnRef,
			stored_payment_method_id: t.storedPaymentMethodId,
		},
		'risk-details': { risk_score: null },
	};
}

/** The 3DS manual's "Webhook Sample Response". */
export function webhook3dsPayload(t: Txn, m: MerchantInfo): Record<string, unknown> {
	return {
		success: t.approved,
		status_code: 200,
		is_live: false,
		transaction_type: t.type,
		gateway_response: gw(t.gateway),
		merchant_details: { legal_name: m.merchantName, mid: m.merchantId, merchant_txn_ref: t.merchantTxnRef },
		payment_details: {
			amount: minorToNumber(t.amountMinor, t.currency),
			response_code: t.responseCode,
			auth_code: null,
			currency: t.currency,
			payment_method: '',
			scheme: t.card.scheme,
			card: cardView(t),
			additional_data: { payment_data_source: { type: 'card' } },
		},
		transaction_details: {
			id: t.id,
			ref: t.ref,
			timestamp: t.timestamp,
			merchant_txn_ref: t.merchantTxnRef,
		},
		'risk-details': {},
	};
}

/** Error body: 400/401/404/410/412/500. */
export function errorBody(status: number, code: string, message: string): Record<string, unknown> {
	return {
		success: false,
		status_code: status,
		is_live: false,
		gateway_response: { version: '1', type: 'ERROR', message, code },
	};
}
