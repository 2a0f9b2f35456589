/**
 * The manuals' samples (/work/shared/api), rebuilt as JSON. The API manual's text lost its braces, so the
 * nesting follows its field tables. Placeholders ("<amount>") are kept where the manual has them; the 3DS
 * manual's template values (<amount>, <ref>, <transaction ref Id>) are not JSON, so `threeDsWebhookSample`
 * fills them with concrete values.
 */

/** API manual, "Webhook Handler" (status_code 201, currency null, risk-details with a hyphen). */
export const webhookHandlerSample = {
	success: true,
	status_code: 201,
	is_live: false,
	transaction_type: 'CAPTURE',
	gateway_response: { version: '1', type: 'INFO', message: 'Payment Successful.', code: 'INFO0000' },
	return_url_details: { webhook_url: '', success_url: '', decline_url: '' },
	merchant_details: {
		legal_name: '<Merchant Legal Name>',
		mid: '<DASMID>',
		merchant_txn_ref: '<transaction ref>',
		billing_details: {
			billing_address: {
				country: '<country code>',
				postal_code: '<postcode>',
				email: '<email address>',
				phone_number: '<phone number>',
				address1: '<address1>',
				address2: '<address2>',
				city: '<city>',
				state: '<state>',
			},
			shipping_address: {
				country: '<country code>',
				postal_code: '<postcode>',
				email: '<email address>',
				phone_number: '<phone number>',
				address1: '<address1>',
				address2: '<address2>',
				city: '<city>',
				state: '<state>',
			},
		},
		device_details: { visited_ip: '<ip address>', customer_ip: '<ip address>' },
	},
	payment_details: {
		amount: '<amount>',
		response_code: 0,
		auth_code: '<auth code>',
		currency: null,
		payment_method: '<payment method>',
		scheme: '<card scheme>',
		card: { name: '<card holder name>', number: '<card number>', exp_month: '<expiry month>', exp_year: '<expiry year>' },
	},
	transaction_details: {
		id: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
		ref: '<ref>',
		timestamp: '<date and time>',
		merchant_txn_ref: '<transaction ref>',
		stored_payment_method_id: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
	},
	'risk-details': { risk_score: null },
};

/** The same sample as a real merchant would receive it: values instead of placeholders, amount a string. */
export const filledWebhookSample = {
	...webhookHandlerSample,
	merchant_details: {
		...webhookHandlerSample.merchant_details,
		legal_name: 'Emulated Merchant Pte. Ltd.',
		mid: 'EMU0000001',
		merchant_txn_ref: 'order-1001',
		billing_details: {
			billing_address: { country: 'SG', postal_code: '018956', email: 'a@b.co', phone_number: '6591234567', address1: '1 Main St', city: 'Singapore', state: 'SG' },
			shipping_address: { country: 'SG', postal_code: '018956', email: 'a@b.co', phone_number: '6591234567', address1: '1 Main St', city: 'Singapore', state: 'SG' },
		},
		device_details: { visited_ip: '203.0.113.9', customer_ip: '203.0.113.9' },
	},
	payment_details: {
		amount: '10.50',
		response_code: 0,
		auth_code: '212496',
		currency: null,
		payment_method: 'Credit Card',
		scheme: 'VISA',
		card: { name: 'Jane Doe', number: '4111111111111111', exp_month: '12', exp_year: '30' },
	},
	transaction_details: {
		id: 'bdd7e008-93e5-4777-a4f7-6eb2343cce4d',
		ref: '38922',
		timestamp: '2024-05-01T10:00:00.000Z',
		merchant_txn_ref: 'order-1001',
		stored_payment_method_id: 'e9df6c8b-5341-4c74-b6a7-3f05468747cd',
	},
};

/** 3DS manual, "Webhook Sample Response" (status_code 200, amount/ref numbers, additional_data, empty risk-details). */
export const threeDsWebhookSample = {
	success: true,
	status_code: 200,
	is_live: false,
	transaction_type: 'CAPTURE',
	gateway_response: { version: '1', type: 'INFO', message: 'Payment Successful.', code: 'INFO0000' },
	merchant_details: { legal_name: 'Emulated Merchant', mid: 'DASMID', merchant_txn_ref: 'order-3ds-1' },
	payment_details: {
		amount: 25,
		response_code: 0,
		auth_code: null,
		currency: 'JPY',
		payment_method: '',
		scheme: 'VISA',
		card: { name: 'Taro Yamada', number: '411111******1111', exp_month: '12', exp_year: '30' },
		additional_data: { payment_data_source: { type: 'card' } },
	},
	transaction_details: {
		id: '5f0c7a52-2b1e-4a59-9d0e-0d6f0c3f2a11',
		ref: 38923,
		timestamp: '2024-05-01T10:05:00.000Z',
		merchant_txn_ref: 'order-3ds-1',
	},
	'risk-details': {},
};

/** API manual, "Transaction Status" sample (billing in transaction_details, risk_details with an underscore, number amount and ref). */
export const statusSample = {
	success: true,
	status_code: 200,
	is_live: false,
	transaction_type: 'PRE_AUTH',
	gateway_response: { version: '1', type: 'INFO', message: 'Payment Successful.', code: 'INFO0000' },
	merchant_details: { legal_name: 'Intersnack Cashew Company Pte. Ltd.', mid: 'JP00000328', merchant_txn_ref: 'qwe' },
	payment_details: {
		amount: 2,
		response_code: 0,
		responseDescription: 'The transaction was completed successfully.',
		auth_code: '212496',
		currency: 'JPY',
		payment_method: 'ECMC-SSL',
		scheme: 'MASTERCARD',
		card: { name: 'Sharma', number: '545454******5454', exp_month: '12', exp_year: '25' },
	},
	transaction_details: {
		id: 'b2c120f8-6d34-4f8f-a736-b34943dde2d7',
		ref: 38922,
		timestamp: '2023-08-09T09:17:43.000Z',
		billing_details: {
			billing_address: { country: 'JP', email: '', address1: '47A123', phone_number: 'N/A', city: 'ACambridge', state: 'Cambridgeshire', postal_code: 'CB94BQ' },
			shipping_address: { country: 'IN', email: '', address1: 'adfadfdsf', phone_number: 'N/A', city: 'ACambridge', state: 'Cambridgeshire', postal_code: '3534534' },
		},
	},
	risk_details: { risk_score: null },
};

/** 3DS manual, status of a 3DS transaction (with the template values filled in). */
export const threeDsStatusSample = {
	success: true,
	status_code: 200,
	is_live: false,
	transaction_type: 'CAPTURE',
	gateway_response: { version: '1', type: 'INFO', message: 'Payment Successful.', code: 'INFO0000' },
	merchant_details: { legal_name: 'Emulated Merchant', mid: 'DASMID', merchant_txn_ref: 'order-3ds-1' },
	payment_details: {
		amount: 25,
		response_code: 0,
		responseDescription: 'The transaction was completed successfully.',
		auth_code: null,
		currency: 'JPY',
		payment_method: null,
		scheme: 'VISA',
		card: { name: 'Taro Yamada', number: '411111******1111', exp_month: '12', exp_year: '30' },
		additional_data: { payment_data_source: { type: 'card' } },
	},
	transaction_details: {
		id: '5f0c7a52-2b1e-4a59-9d0e-0d6f0c3f2a11',
		ref: 38923,
		timestamp: '2024-05-01T10:05:00.000Z',
		billing_details: {
			billing_address: { country: 'JP', email: 'taro@example.jp', address1: '1-1 Chiyoda', phone_number: '0312345678', city: 'Tokyo', state: 'Tokyo', postal_code: '1000001' },
			shipping_address: { country: 'JP', email: 'taro@example.jp', address1: '1-1 Chiyoda', phone_number: '0312345678', city: 'Tokyo', state: 'Tokyo', postal_code: '1000001' },
		},
	},
	risk_details: { risk_score: null },
};

/** The 3DS reference's `auth` result block (ECI, trans status, version, DS/ACS ids). */
export const threeDsAuthBlock = {
	value: 'c29tZV92YWx1ZQ==',
	status: 'Y',
	eci: '05',
	version: '2.2.0',
	ds_transaction_id: '30cef075-d09f-48d0-989c-601be2365c17',
	acs_transaction_id: '5b98f216-a856-4795-bb2b-b2897f1570f8',
};

/** A declined notification (response code ≠ 0, success false), as the emulator and manual's codes describe. */
export const declinedSample = {
	...filledWebhookSample,
	success: false,
	status_code: 402,
	gateway_response: { version: '1', type: 'ERROR', message: 'Payment Declined.', code: 'ERR1005' },
	payment_details: { ...filledWebhookSample.payment_details, response_code: 5, auth_code: null },
	transaction_details: { ...filledWebhookSample.transaction_details, id: '0a7d0f8e-3a4b-4c5d-8e9f-101112131415' },
};
