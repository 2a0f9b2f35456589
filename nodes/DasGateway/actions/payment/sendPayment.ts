import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { EndpointName } from '../../gateway/endpoints';
import { gatewayRequest } from '../../gateway/transport';
import { buildPaymentBody, paymentLabelOverrides, type PaymentFieldOptions } from '../fields/payment';
import { shapeOutput, validateOrThrow } from '../shared';

export interface PaymentCall {
	endpoint: EndpointName;
	schema: z.ZodTypeAny;
	fields: PaymentFieldOptions;
	description: INodeProperties[];
	/** Adds what the plain payment body lacks (the subscription plan). */
	extendBody?: (ctx: IExecuteFunctions, itemIndex: number, body: IDataObject) => IDataObject;
	normalize: (body: IDataObject, request: IDataObject) => unknown;
}

/** Build → validate (nothing sent on failure) → send → one output item (declines included: they are results). */
export async function sendPayment(ctx: IExecuteFunctions, itemIndex: number, call: PaymentCall): Promise<IDataObject[]> {
	const built = await buildPaymentBody(ctx, itemIndex, call.fields);
	const body = call.extendBody ? call.extendBody(ctx, itemIndex, built) : built;
	const request = validateOrThrow(ctx, call.schema, body, itemIndex, call.description, paymentLabelOverrides(ctx, itemIndex, call.fields)) as IDataObject;
	const answer = await gatewayRequest(ctx, {
		endpoint: call.endpoint,
		body: request,
		itemIndex,
		merchantTxnRef: request.merchant_txn_ref as string,
	});
	return [shapeOutput(ctx, itemIndex, answer, (responseBody) => call.normalize(responseBody, request))];
}
