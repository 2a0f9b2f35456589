/**
 * The card-payment request shared by Authorize, Purchase, Purchase 3DS and Subscription → Create: the fields
 * (composed from the blocks) and how their values become the wire body.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameter, resolveMerchantId, resolveMerchantTxnRef, withoutBlanks } from '../shared';
import { paymentAddressFields } from './address';
import { browserInfoField } from './browserInfo';
import { cardFields, cardOrSavedCardFields } from './card';
import { amountField, currencyField, customerIpField, merchantIdField, merchantTxnRefField, simplifyField, timeZoneField } from './common';
import { paymentReturnUrlsField, threeDsReturnUrlsField } from './returnUrls';

export interface PaymentFieldOptions {
	/** Pay with a saved card, or save the card (authorise, purchase, 3DS). */
	savedCard: boolean;
	/** 3D Secure: browser info, and success/decline URLs required. */
	threeDs: boolean;
	/** Extra fields placed after the card (the subscription plan). */
	extra?: INodeProperties[];
}

export const cardinalSessionIdOption: INodeProperties = {
	displayName: 'Cardinal Session ID',
	name: 'cardinalSessionId',
	type: 'string',
	default: '',
	description: 'Cardinal Commerce session ID, when your 3D Secure set-up uses one',
};

export function paymentFields(options: PaymentFieldOptions): INodeProperties[] {
	return [
		amountField,
		currencyField,
		...(options.savedCard ? cardOrSavedCardFields : cardFields),
		...(options.extra ?? []),
		customerIpField,
		timeZoneField,
		...paymentAddressFields,
		options.threeDs ? threeDsReturnUrlsField : paymentReturnUrlsField,
		...(options.threeDs ? [browserInfoField] : []),
		merchantIdField,
		merchantTxnRefField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [cardinalSessionIdOption],
		},
		simplifyField,
	];
}

/** Address values as the editor holds them → the wire's address object. */
export function addressToWire(values: IDataObject | undefined, variant: 'payment' | 'hostedPage'): IDataObject | undefined {
	if (!values) return undefined;
	return withoutBlanks({
		country: values.country,
		email: values.email,
		[variant === 'payment' ? 'phone_number' : 'phone']: values.phone,
		address1: values.addressLine1,
		city: values.city,
		state: values.state,
		...(variant === 'payment' ? { postal_code: values.postalCode } : {}),
	});
}

export function returnUrlsToWire(values: IDataObject | undefined): IDataObject | undefined {
	if (!values) return undefined;
	return withoutBlanks({
		webhook_url: values.webhookUrl,
		success_url: values.successUrl,
		decline_url: values.declineUrl,
		cancel_url: values.cancelUrl,
	});
}

/** Either the card (optionally to be saved) or a saved card, as the manual's token sections send them. */
function paymentMeansToWire(ctx: IExecuteFunctions, itemIndex: number, savedCardAllowed: boolean): IDataObject {
	const source = savedCardAllowed ? parameter<string>(ctx, 'paymentSource', itemIndex, 'card') : 'card';
	if (source === 'savedCard') {
		return {
			payment_method: {
				type: parameter(ctx, 'cardScheme', itemIndex, ''),
				store_payment_method: true,
				stored_payment_method_id: parameter(ctx, 'storedPaymentMethodId', itemIndex, ''),
			},
		};
	}
	const means: IDataObject = {
		card: {
			number: String(parameter(ctx, 'cardNumber', itemIndex, '')),
			name: parameter(ctx, 'cardholderName', itemIndex, ''),
			cvc: String(parameter(ctx, 'cardCvc', itemIndex, '')),
			expiry_month: String(parameter(ctx, 'cardExpiryMonth', itemIndex, '')),
			expiry_year: String(parameter(ctx, 'cardExpiryYear', itemIndex, '')),
		},
	};
	if (savedCardAllowed && parameter(ctx, 'saveCard', itemIndex, false)) {
		means.payment_method = { type: parameter(ctx, 'cardScheme', itemIndex, ''), store_payment_method: true };
	}
	return means;
}

/** Wire labels that depend on how the item pays: a missing saved card is not a missing card number. */
export function paymentLabelOverrides(ctx: IExecuteFunctions, itemIndex: number, options: PaymentFieldOptions): Record<string, string> {
	return options.savedCard && parameter<string>(ctx, 'paymentSource', itemIndex, 'card') === 'savedCard' ? { card: 'storedPaymentMethodId' } : {};
}

export async function buildPaymentBody(ctx: IExecuteFunctions, itemIndex: number, options: PaymentFieldOptions): Promise<IDataObject> {
	const browserInfo = options.threeDs ? withoutBlanks(parameter<IDataObject>(ctx, 'browserInfo', itemIndex, {})) : undefined;
	const body: IDataObject = {
		amount: parameter<unknown>(ctx, 'amount', itemIndex, undefined) as IDataObject[string],
		currency: parameter(ctx, 'currency', itemIndex, ''),
		...paymentMeansToWire(ctx, itemIndex, options.savedCard),
		merchant_txn_ref: resolveMerchantTxnRef(ctx, itemIndex),
		customer_ip: parameter(ctx, 'customerIp', itemIndex, ''),
		merchant_id: await resolveMerchantId(ctx, itemIndex),
		return_url: returnUrlsToWire(parameter<IDataObject>(ctx, 'returnUrls', itemIndex, {})),
		billing_address: addressToWire(parameter<IDataObject | undefined>(ctx, 'billingAddress.address', itemIndex, undefined), 'payment'),
		shipping_address: addressToWire(parameter<IDataObject | undefined>(ctx, 'shippingAddress.address', itemIndex, undefined), 'payment'),
		time_zone: parameter(ctx, 'timeZone', itemIndex, ''),
		cardinal_session_id: parameter(ctx, 'additionalFields.cardinalSessionId', itemIndex, ''),
		browser_info: browserInfo,
	};
	return withoutBlanks(body) ?? {};
}
