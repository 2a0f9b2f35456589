import type { IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { voidRequestSchema } from '../../gateway/schemas';
import { simplifyField, transactionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { merchantIdOption } from '../fields/followUp';
import { ParameterReader, outputFrom, resolveMerchantId, shapeAnswer, validateOrThrow } from '../shared';
import type { RequestPlan, RunContext } from '../types';

export const description = showOnlyFor(
	'transaction',
	['void'],
	[
		transactionIdField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [merchantIdOption],
		},
		simplifyField,
	],
);

/** Releases an authorization that has not been captured. */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	const body = { transactionId: read.string('transactionId'), merchant_id: resolveMerchantId(read, run) };
	const request = validateOrThrow(read, voidRequestSchema, body, read.properties);
	const simplify = read.boolean('simplify', true);
	return {
		request: { endpoint: 'void', body: request, itemIndex, transactionId: request.transactionId },
		then: (result) => outputFrom(result, (answer) => [shapeAnswer(simplify, answer, normalizeTransaction)]),
	};
}
