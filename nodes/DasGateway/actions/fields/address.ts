import type { INodeProperties } from 'n8n-workflow';

import { COUNTRY_OPTIONS } from './pickLists';

/**
 * The values of one address: the same names for the card calls and the hosted page (which has no postal code).
 * Billing: every value required (each call's table). Shipping: none required in the editor. The token and
 * subscription tables make every shipping value optional; for a plain card payment, 3D Secure and the hosted page
 * the request check names what the manual still requires once a shipping address is given.
 */
function addressValues(options: { required: boolean; postalCode: boolean; phoneMax: number }): INodeProperties[] {
	const { required } = options;
	const values: INodeProperties[] = [
		{
			displayName: 'Country',
			name: 'country',
			type: 'options',
			options: COUNTRY_OPTIONS,
			required,
			default: '',
			description:
				'Country (ISO 3166-1 alpha-2 code). Choose from the list, or specify a code using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			required,
			default: '',
			placeholder: 'name@email.com',
			description: 'Email address (at most 45 characters)',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			required,
			default: '',
			placeholder: '+81 3 1234 5678',
			description: `Phone number (at most ${options.phoneMax} characters)`,
		},
		{
			displayName: 'Address Line 1',
			name: 'addressLine1',
			type: 'string',
			required,
			default: '',
			description: 'Street address (at most 199 characters)',
		},
		{
			displayName: 'City',
			name: 'city',
			type: 'string',
			required,
			default: '',
			description: 'City (at most 65 characters)',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'string',
			required,
			default: '',
			description: 'State, prefecture or region (at most 65 characters)',
		},
	];
	if (options.postalCode) {
		values.push({
			displayName: 'Postal Code',
			name: 'postalCode',
			type: 'string',
			required,
			default: '',
			description: 'Postal code (at most 45 characters)',
		});
	}
	return values;
}

/**
 * Billing Address: a required fixed collection. It starts empty ({}): n8n cannot resolve the defaults of a new node
 * whose single-value fixed collection defaults to a filled entry. The editor marks it required and every value in
 * it; a run without it is refused naming "Billing Address", before anything is sent.
 */
function billingAddressField(options: { postalCode: boolean; phoneMax: number }): INodeProperties {
	return {
		displayName: 'Billing Address',
		name: 'billingAddress',
		type: 'fixedCollection',
		required: true,
		placeholder: 'Add Billing Address (Required)',
		default: {},
		description: "The cardholder's billing address. Required: DasGateway refuses a payment without it.",
		options: [{ displayName: 'Address', name: 'address', values: addressValues({ ...options, required: true }) }],
	};
}

/**
 * Shipping Address: optional, offered under Additional Fields. Added from there, it opens with its fields shown (a
 * filled default is fine inside a collection: n8n applies it only when the user adds the field).
 */
function shippingAddressField(options: { postalCode: boolean; phoneMax: number }): INodeProperties {
	return {
		displayName: 'Shipping Address',
		name: 'shippingAddress',
		type: 'fixedCollection',
		placeholder: 'Add Shipping Address',
		default: { address: {} },
		description: 'Where the order ships to',
		options: [{ displayName: 'Address', name: 'address', values: addressValues({ ...options, required: false }) }],
	};
}

/** Card payments (authorize, purchase, 3DS, subscription): phone_number and postal_code on the wire. */
export const paymentBillingAddressField = billingAddressField({ postalCode: true, phoneMax: 20 });
export const paymentShippingAddressField = shippingAddressField({ postalCode: true, phoneMax: 20 });

/** Hosted payment page: `phone` on the wire (15 characters for billing) and no postal code. */
export const hostedPageBillingAddressField = billingAddressField({ postalCode: false, phoneMax: 15 });
export const hostedPageShippingAddressField = shippingAddressField({ postalCode: false, phoneMax: 20 });
