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
import { RETURN_URL_FIELDS } from '../fields/returnUrls';
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
export function addressToWire(
	values: IDataObject | undefined,
	variant: 'payment' | 'hostedPage',
): IDataObject | undefined {
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

/**
 * The return URLs: version 1 keeps them in its Return URLs collection, version 2 as separate fields (on top when
 * required, else under Additional Fields). Each is read wherever this version's form has it.
 */
export function returnUrlsToWire(read: ParameterReader): IDataObject | undefined {
	const group = read.has('returnUrls') ? read.object('returnUrls') : {};
	const values: IDataObject = {};
	for (const [field, wire] of Object.entries(RETURN_URL_FIELDS)) {
		values[wire] = group[field] ?? (read.has(field) ? read.string(field) : undefined);
	}
	return withoutBlanks(values);
}

/** A fixed collection's one group ("billingAddress.address"), or undefined when the user added none. */
export function addressValues(read: ParameterReader, name: string): IDataObject | undefined {
	const group = read.raw<IDataObject | undefined>(name, undefined);
	return group && typeof group === 'object' ? group : undefined;
}

/** The store-this-card request, when the form offers Save Card and it is on. */
export function saveCardToWire(read: ParameterReader): IDataObject | undefined {
	if (!read.has('saveCard') || !read.boolean('saveCard', false)) return undefined;
	return { type: read.string('cardScheme'), store_payment_method: true };
}

/** A saved card, when the form offers Pay With (version 2's 3D Secure and Subscription → Create do not). */
function usesSavedCard(read: ParameterReader): boolean {
	return read.has('paymentSource') && read.option('paymentSource', 'card') === 'savedCard';
}

/** Either the card (optionally to be saved) or a saved card, as the manual's token sections send them. */
function paymentMeansToWire(read: ParameterReader): IDataObject {
	if (usesSavedCard(read)) {
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
		payment_method: saveCardToWire(read),
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
		...paymentMeansToWire(read),
		merchant_txn_ref: resolveMerchantTxnRef(read),
		customer_ip: read.string('customerIp'),
		merchant_id: resolveMerchantId(read, run),
		return_url: returnUrlsToWire(read),
		billing_address: addressToWire(addressValues(read, 'billingAddress.address'), 'payment'),
		shipping_address: addressToWire(addressValues(read, 'shippingAddress.address'), 'payment'),
		time_zone: read.has('timeZone') ? read.string('timeZone') : undefined,
		cardinal_session_id: read.has('cardinalSessionId') ? read.string('cardinalSessionId') : undefined,
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
	// A refused payment_method as a whole is the saved card (Pay With) or the card to save (Save Card), on forms that
	// offer them (version 2's 3D Secure and every Subscription → Create do not).
	const labels: Record<string, string> = !read.has('paymentSource')
		? {}
		: usesSavedCard(read)
			? { ...(call.fields.threeDs ? {} : { card: 'storedPaymentMethodId' }), payment_method: 'paymentSource' }
			: { payment_method: 'saveCard' };
	const request = validateOrThrow(read, call.schema, body, read.properties, labels) as IDataObject;
	const simplify = read.boolean('simplify', true);
	return {
		request: {
			endpoint: call.endpoint,
			body: request,
			itemIndex: read.itemIndex,
			merchantTxnRef: request.merchant_txn_ref as string,
		},
		then: (result) =>
			outputFrom(result, (answer) => [
				shapeAnswer(simplify, answer, (responseBody) => call.normalize(responseBody, request)),
			]),
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
			return planPayment(read, run, {
				endpoint: operation,
				schema: paymentRequestSchema,
				fields,
				description,
				normalize: normalizeTransaction,
			});
		},
	};
}
