import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeHostedPaymentLink } from '../../gateway/normalize';
import { hostedPaymentLinkRequestSchema } from '../../gateway/schemas';
import { hostedPageBillingAddressField, hostedPageShippingAddressField } from '../fields/address';
import { hostedPageSaveCardFields } from '../fields/card';
import { merchantIdField, merchantTxnRefField, simplifyField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { additionalFieldsField, currencyPickField, paymentAmountField } from '../fields/payment';
import { cancelUrlField, declineUrlField, successUrlField, webhookUrlField } from '../fields/returnUrls';
import { addressToWire, addressValues, returnUrlsToWire, saveCardToWire } from '../payment/body';
import {
	ParameterReader,
	outputFrom,
	resolveMerchantId,
	resolveMerchantTxnRef,
	shapeAnswer,
	validateOrThrow,
	withoutBlanks,
} from '../shared';
import type { RequestPlan, RunContext } from '../types';

/** Version 2's form: what the link needs on top; URLs, shipping and overrides under Additional Fields. */
export const description = showOnlyFor(
	'hostedPaymentPage',
	['createLink'],
	[
		{
			displayName: 'Shopper Enters Amount',
			name: 'shopperEntersAmount',
			type: 'boolean',
			default: false,
			description: 'Whether the shopper types the amount on the payment page instead of you setting it',
		},
		{ ...paymentAmountField, displayOptions: { show: { shopperEntersAmount: [false] } } },
		currencyPickField,
		{
			displayName: 'Merchant Email',
			name: 'merchantEmail',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'name@email.com',
			description: 'Your email address, shown to the shopper (at most 45 characters)',
		},
		hostedPageBillingAddressField,
		...hostedPageSaveCardFields,
		additionalFieldsField([
			cancelUrlField,
			declineUrlField,
			merchantIdField,
			merchantTxnRefField,
			hostedPageShippingAddressField,
			successUrlField,
			webhookUrlField,
		]),
		simplifyField,
	],
);

/** Creates a hosted payment page link: send the shopper to its URL; the result arrives by webhook and redirect. */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	const shopperEntersAmount = read.boolean('shopperEntersAmount', false);
	const body: IDataObject = {
		...withoutBlanks({
			return_url: returnUrlsToWire(read),
			currency: read.string('currency'),
			merchant_id: resolveMerchantId(read, run),
			merchant_email: read.string('merchantEmail'),
			merchant_txn_ref: resolveMerchantTxnRef(read),
			payment_method: saveCardToWire(read),
			billing_address: addressToWire(addressValues(read, 'billingAddress.address'), 'hostedPage'),
			shipping_address: addressToWire(addressValues(read, 'shippingAddress.address'), 'hostedPage'),
		}),
		// null asks the page to let the shopper type the amount (the manual's rule), so it is sent explicitly.
		amount: shopperEntersAmount ? null : (read.raw<unknown>('amount', undefined) as number),
	};
	const request = validateOrThrow(read, hostedPaymentLinkRequestSchema, body, read.properties) as IDataObject;
	const simplify = read.boolean('simplify', true);
	return {
		request: {
			endpoint: 'createHostedPaymentLink',
			body: request,
			itemIndex,
			merchantTxnRef: request.merchant_txn_ref as string,
		},
		then: (result) => outputFrom(result, (answer) => [shapeAnswer(simplify, answer, normalizeHostedPaymentLink)]),
	};
}
