import type { IExecuteFunctions } from 'n8n-workflow';

import { looksLikeTransaction, normalizeThreeDsRedirect, normalizeTransaction } from '../../gateway/normalize';
import { threeDsPaymentRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { paymentFields } from '../fields/payment';
import { ParameterReader } from '../shared';
import type { RequestPlan, RunContext } from '../types';
import { planPayment } from './body';

// Card only: the 3DS manual's body has `card` and no payment_method (no saved card, no card saving).
const fields = { savedCard: false, threeDs: true };

export const description = showOnlyFor('payment', ['purchase3ds'], paymentFields(fields));

/**
 * Starts a 3D Secure purchase (/paymentv2). The answer is the page to send the shopper to; the result arrives later
 * by webhook and at the success or decline URL. A refusal before 3DS (a risk rule) comes back as a transaction.
 */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	return planPayment(new ParameterReader(this, itemIndex, run.fields), run, {
		endpoint: 'purchase3ds',
		schema: threeDsPaymentRequestSchema,
		fields,
		description,
		normalize: (body, request) => {
			if (!body.redirect_url && !body.url && looksLikeTransaction(body)) return normalizeTransaction(body);
			return normalizeThreeDsRedirect(body, {
				merchantTxnRef: request.merchant_txn_ref as string,
				amount: Number(request.amount),
				currency: request.currency as string,
				merchantId: request.merchant_id as string,
			});
		},
	});
}
