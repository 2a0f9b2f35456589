import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeHostedPaymentLink } from '../../gateway/normalize';
import { hostedPaymentLinkRequestSchema } from '../../gateway/schemas';
import { gatewayRequest } from '../../gateway/transport';
import { hostedPageAddressFields } from '../fields/address';
import { hostedPageSaveCardFields } from '../fields/card';
import { amountField, currencyField, merchantIdField, merchantTxnRefField, simplifyField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { addressToWire, returnUrlsToWire } from '../fields/payment';
import { hostedPageReturnUrlsField } from '../fields/returnUrls';
import { parameter, resolveMerchantId, resolveMerchantTxnRef, shapeOutput, validateOrThrow, withoutBlanks } from '../shared';

export const description = showOnlyFor('hostedPaymentPage', ['createLink'], [
	{
		displayName: 'Shopper Enters Amount',
		name: 'shopperEntersAmount',
		type: 'boolean',
		default: false,
		description: 'Whether the shopper types the amount on the payment page instead of you setting it',
	},
	{ ...amountField, displayOptions: { show: { shopperEntersAmount: [false] } } },
	currencyField,
	{
		displayName: 'Merchant Email',
		name: 'merchantEmail',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@email.com',
		description: 'Your email address, shown to the shopper (at most 45 characters)',
	},
	...hostedPageAddressFields,
	hostedPageReturnUrlsField,
	...hostedPageSaveCardFields,
	merchantIdField,
	merchantTxnRefField,
	simplifyField,
]);

/** Creates a hosted payment page link: send the shopper to its URL; the result arrives by webhook and redirect. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const shopperEntersAmount = parameter(this, 'shopperEntersAmount', itemIndex, false);
	const body: IDataObject = {
		...withoutBlanks({
			return_url: returnUrlsToWire(parameter<IDataObject>(this, 'returnUrls', itemIndex, {})),
			currency: parameter(this, 'currency', itemIndex, ''),
			merchant_id: await resolveMerchantId(this, itemIndex),
			merchant_email: parameter(this, 'merchantEmail', itemIndex, ''),
			merchant_txn_ref: resolveMerchantTxnRef(this, itemIndex),
			payment_method: parameter(this, 'saveCard', itemIndex, false)
				? { type: parameter(this, 'cardScheme', itemIndex, ''), store_payment_method: true }
				: undefined,
			billing_address: addressToWire(parameter<IDataObject | undefined>(this, 'billingAddress.address', itemIndex, undefined), 'hostedPage'),
			shipping_address: addressToWire(parameter<IDataObject | undefined>(this, 'shippingAddress.address', itemIndex, undefined), 'hostedPage'),
		}),
		// null asks the page to let the shopper type the amount (the manual's rule), so it is sent explicitly.
		amount: shopperEntersAmount ? null : (parameter<unknown>(this, 'amount', itemIndex, undefined) as number),
	};
	const request = validateOrThrow(this, hostedPaymentLinkRequestSchema, body, itemIndex, description) as IDataObject;
	const answer = await gatewayRequest(this, {
		endpoint: 'createHostedPaymentLink',
		body: request,
		itemIndex,
		merchantTxnRef: request.merchant_txn_ref as string,
	});
	return [shapeOutput(this, itemIndex, answer, normalizeHostedPaymentLink)];
}
