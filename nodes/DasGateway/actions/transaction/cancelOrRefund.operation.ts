import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { captureRequestSchema, voidRequestSchema } from '../../gateway/schemas';
import type { GatewayAnswer } from '../../gateway/transport';
import { simplifyField, transactionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { merchantIdOption, notesOption } from '../fields/followUp';
import { ParameterReader, checkRequest, resolveMerchantId, shapeAnswer, validateOrThrow } from '../shared';
import type { PlanStep, RequestPlan, RunContext } from '../types';
import { followUpBody } from './followUp';
import { transactionIdRequestSchema } from './get.operation';

export const description = showOnlyFor(
	'transaction',
	['cancelOrRefund'],
	[
		transactionIdField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				merchantIdOption,
				notesOption,
				{
					displayName: 'Refund Amount',
					name: 'refundAmount',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0 },
					description:
						'Amount to refund if the payment was captured. Leave it out (or at 0) to refund the full amount the transaction status reports.',
				},
			],
		},
		simplifyField,
	],
);

type CancelAction = 'void' | 'refund' | 'none';

const refundLabels = { amount: 'additionalFields.refundAmount' };

/**
 * The Refund Amount the user gave, or null for "the amount the status reports": when the option is left out, or at
 * its untouched default 0. Anything else must be a number above 0: a negative, non-numeric or expression-made 0
 * amount is an error, never a silent full refund.
 */
function readRefundAmount(read: ParameterReader): number | null {
	const stored = (read.ctx.getNode().parameters.additionalFields as IDataObject | undefined)?.refundAmount;
	const fromExpression = typeof stored === 'string' && stored.startsWith('=');
	const value = read.number('additionalFields.refundAmount');
	if (value === undefined || (value === 0 && !fromExpression)) return null;
	if (value <= 0)
		throw read.invalid(
			'additionalFields.refundAmount',
			'must be greater than 0 (leave it out to refund the amount the transaction status reports)',
			value,
		);
	return value;
}

/**
 * Takes the money back whatever state the payment is in: reads the status; an authorisation is voided; a capture
 * or purchase is refunded. If the void answers 412 because the authorisation was captured in the meantime, the
 * capture is refunded instead. Declined, voided or refunded transactions are left alone (cancelAction "none").
 *
 * Every call it may make is built and checked here, before anything of the run is sent: the void in full, the
 * refund in full when Refund Amount is given, else all but the amount, which only the status call can tell.
 */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	const { transactionId } = validateOrThrow(
		read,
		transactionIdRequestSchema,
		{ transactionId: read.string('transactionId') },
		read.properties,
	);
	const merchantId = resolveMerchantId(read, run);
	const refundAmount = readRefundAmount(read);
	const simplify = read.boolean('simplify', true);
	const voidRequest = validateOrThrow(
		read,
		voidRequestSchema,
		{ transactionId, merchant_id: merchantId },
		read.properties,
	);
	// With the amount still unknown, a stand-in amount lets the schema check everything else the refund will carry.
	validateOrThrow(
		read,
		captureRequestSchema,
		followUpBody(read, run, refundAmount ?? 1, ''),
		read.properties,
		refundLabels,
	);

	const result = (answer: GatewayAnswer, cancelAction: CancelAction): PlanStep => ({
		kind: 'output',
		items: [{ ...shapeAnswer(simplify, answer, normalizeTransaction), cancelAction }],
	});

	const refundPlan = (status: ReturnType<typeof normalizeTransaction>): PlanStep => {
		const body = followUpBody(read, run, refundAmount ?? status.amount ?? undefined, status.currency ?? '');
		const refund = checkRequest(read, captureRequestSchema, body, read.properties, refundLabels);
		if (!refund.ok) return { kind: 'fail', error: refund.error };
		return {
			kind: 'send',
			plan: {
				request: { endpoint: 'refund', body: refund.data as IDataObject, itemIndex, transactionId },
				then: (refunded) => (refunded.ok ? result(refunded.answer, 'refund') : { kind: 'fail', error: refunded.error }),
			},
		};
	};

	return {
		request: { endpoint: 'transactionStatus', pathParams: { transactionId }, itemIndex },
		then: (statusResult) => {
			if (!statusResult.ok) return { kind: 'fail', error: statusResult.error };
			const status = normalizeTransaction(statusResult.answer.body);
			if (!status.approved || status.transactionType === 'VOID' || status.transactionType === 'REFUND')
				return result(statusResult.answer, 'none');
			if (status.transactionType !== 'PRE_AUTH') return refundPlan(status);
			return {
				kind: 'send',
				plan: {
					request: { endpoint: 'void', body: voidRequest, itemIndex, transactionId },
					then: (voided) => {
						if (voided.ok) return result(voided.answer, 'void');
						// 412: captured since the status was read (or before: the status call does not say); refund it.
						if (voided.error instanceof NodeApiError && voided.error.httpCode === '412') return refundPlan(status);
						return { kind: 'fail', error: voided.error };
					},
				},
			};
		},
	};
}
