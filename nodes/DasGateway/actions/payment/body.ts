/**
 * The card-payment request shared by Authorize, Purchase, Purchase 3DS and Subscription → Create: how the editor's
 * values become the wire body, and the plan that sends it once and shapes its answer.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { EndpointName } from '../../gateway/endpoints';
import { normalizeTransaction } from '../../gateway/normalize';
import { paymentRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { paymentFields, type PaymentFieldOptions } from '../fields/payment';
import {
	ParameterReader,
	outputFrom,
	resolveMerchantId,
	resolveMerchantTxnRef,
	shapeAnswer,
	validateOrThrow,
	withoutBlanks,
} from '../shared';
import type { OperationModule, RequestPlan, RunContext } from '../types';

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

/** A fixed collection's one group ("billingAddress.address"), or undefined when the user added none. */
export function addressValues(read: ParameterReader, name: string): IDataObject | undefined {
	const group = read.raw<IDataObject | undefined>(name, undefined);
	return group && typeof group === 'object' ? group : undefined;
}

/** The store-this-card request, when Save Card is on. */
export function saveCardToWire(read: ParameterReader): IDataObject | undefined {
	return read.boolean('saveCard', false) ? { type: read.string('cardScheme'), store_payment_method: true } : undefined;
}

function usesSavedCard(read: ParameterReader, options: PaymentFieldOptions): boolean {
	return options.savedCard && read.option('paymentSource', 'card') === 'savedCard';
}

/** Either the card (optionally to be saved) or a saved card, as the manual's token sections send them. */
function paymentMeansToWire(read: ParameterReader, options: PaymentFieldOptions): IDataObject {
	if (usesSavedCard(read, options)) {
		return {
			payment_method: {
				type: read.string('cardScheme'),
				store_payment_method: true,
				stored_payment_method_id: read.string('storedPaymentMethodId'),
			},
		};
	}
	return {
		card: {
			number: read.string('cardNumber'),
			name: read.string('cardholderName'),
			cvc: read.string('cardCvc'),
			expiry_month: read.string('cardExpiryMonth'),
			expiry_year: read.string('cardExpiryYear'),
		},
		payment_method: options.savedCard ? saveCardToWire(read) : undefined,
	};
}

function browserInfoToWire(read: ParameterReader): IDataObject | undefined {
	const values = read.object('browserInfo');
	if (values.javaEnabled !== undefined) values.javaEnabled = read.boolean('browserInfo.javaEnabled', false);
	return withoutBlanks(values);
}

export function buildPaymentBody(read: ParameterReader, run: RunContext, options: PaymentFieldOptions): IDataObject {
	const body: IDataObject = {
		amount: read.raw<unknown>('amount', undefined) as IDataObject[string],
		currency: read.string('currency'),
		...paymentMeansToWire(read, options),
		merchant_txn_ref: resolveMerchantTxnRef(read),
		customer_ip: read.string('customerIp'),
		merchant_id: resolveMerchantId(read, run),
		return_url: returnUrlsToWire(read.object('returnUrls')),
		billing_address: addressToWire(addressValues(read, 'billingAddress.address'), 'payment'),
		shipping_address: addressToWire(addressValues(read, 'shippingAddress.address'), 'payment'),
		time_zone: read.string('timeZone'),
		cardinal_session_id: read.string('additionalFields.cardinalSessionId'),
		browser_info: options.threeDs ? browserInfoToWire(read) : undefined,
	};
	return withoutBlanks(body) ?? {};
}

export interface PaymentCall {
	endpoint: EndpointName;
	schema: z.ZodTypeAny;
	fields: PaymentFieldOptions;
	description: INodeProperties[];
	/** Adds what the plain payment body lacks (the subscription plan). */
	extendBody?: (body: IDataObject) => IDataObject;
	normalize: (body: IDataObject, request: IDataObject) => unknown;
}

/** Build → validate (nothing of the run sent on failure) → one call → one item (declines included: they are results). */
export function planPayment(read: ParameterReader, run: RunContext, call: PaymentCall): RequestPlan {
	const built = buildPaymentBody(read, run, call.fields);
	const body = call.extendBody ? call.extendBody(built) : built;
	// A refused payment_method as a whole is the saved card (Pay With) or the card to save (Save Card).
	const labels: Record<string, string> = !call.fields.savedCard
		? {}
		: usesSavedCard(read, call.fields)
			? { ...(call.fields.threeDs ? {} : { card: 'storedPaymentMethodId' }), payment_method: 'paymentSource' }
			: { payment_method: 'saveCard' };
	const request = validateOrThrow(read, call.schema, body, read.properties, labels) as IDataObject;
	const simplify = read.boolean('simplify', true);
	return {
		request: { endpoint: call.endpoint, body: request, itemIndex: read.itemIndex, merchantTxnRef: request.merchant_txn_ref as string },
		then: (result) => outputFrom(result, (answer) => [shapeAnswer(simplify, answer, (responseBody) => call.normalize(responseBody, request))]),
	};
}

/** Authorize and Purchase: the same fields and request, on /authorization (PRE_AUTH) and /payment (CAPTURE). */
export function cardPaymentOperation(operation: 'authorize' | 'purchase'): OperationModule {
	const fields: PaymentFieldOptions = { savedCard: true, threeDs: false };
	const description = showOnlyFor('payment', [operation], paymentFields(fields));
	return {
		description,
		build(itemIndex, run) {
			const read = new ParameterReader(this, itemIndex, run.fields);
			return planPayment(read, run, { endpoint: operation, schema: paymentRequestSchema, fields, description, normalize: normalizeTransaction });
		},
	};
}
