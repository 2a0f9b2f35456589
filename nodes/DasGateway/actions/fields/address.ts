import type { INodeProperties } from 'n8n-workflow';

/** The values of one address: the same names for the card calls and the hosted page (which has no postal code). */
function addressValues(options: { required: boolean; postalCode: boolean; phoneMax: number }): INodeProperties[] {
	const { required } = options;
	const values: INodeProperties[] = [
		{ displayName: 'Country', name: 'country', type: 'string', required, default: '', placeholder: 'JP', description: 'Two-letter ISO 3166-1 country code' },
		{ displayName: 'Email', name: 'email', type: 'string', required, default: '', placeholder: 'name@email.com', description: 'Email address (at most 45 characters)' },
		{ displayName: 'Phone', name: 'phone', type: 'string', required, default: '', placeholder: '+81 3 1234 5678', description: `Phone number (at most ${options.phoneMax} characters)` },
		{ displayName: 'Address Line 1', name: 'addressLine1', type: 'string', required, default: '', description: 'Street address (at most 199 characters)' },
		{ displayName: 'City', name: 'city', type: 'string', required, default: '', description: 'City (at most 65 characters)' },
		{ displayName: 'State', name: 'state', type: 'string', required, default: '', description: 'State, prefecture or region (at most 65 characters)' },
	];
	if (options.postalCode) {
		values.push({
			displayName: 'Postal Code',
			name: 'postalCode',
			type: 'string',
			default: '',
			description: required ? 'Postal code (required, at most 45 characters)' : 'Postal code (at most 45 characters)',
		});
	}
	return values;
}

function addressBlock(
	name: 'billingAddress' | 'shippingAddress',
	options: { required: boolean; postalCode: boolean; phoneMax: number },
): INodeProperties {
	const isBilling = name === 'billingAddress';
	return {
		displayName: isBilling ? 'Billing Address' : 'Shipping Address',
		name,
		type: 'fixedCollection',
		placeholder: isBilling ? 'Add Billing Address' : 'Add Shipping Address',
		default: {},
		description: isBilling ? "The cardholder's billing address (required)" : 'Where the order ships to (optional)',
		options: [{ displayName: 'Address', name: 'address', values: addressValues(options) }],
	};
}

/**
 * Card payments (authorise, purchase, 3DS, subscription): phone_number and postal_code on the wire.
 * The billing block starts empty ({}), although it is required: n8n cannot resolve the defaults of a new node
 * whose single-value fixed collection defaults to a filled entry, and validation names it when it is missing.
 */

export const paymentAddressFields: INodeProperties[] = [
	addressBlock('billingAddress', { required: true, postalCode: true, phoneMax: 20 }),
	addressBlock('shippingAddress', { required: true, postalCode: true, phoneMax: 20 }),
];

/** Hosted payment page: `phone` on the wire (15 characters for billing) and no postal code. */
export const hostedPageAddressFields: INodeProperties[] = [
	addressBlock('billingAddress', { required: true, postalCode: false, phoneMax: 15 }),
	addressBlock('shippingAddress', { required: true, postalCode: false, phoneMax: 20 }),
];
