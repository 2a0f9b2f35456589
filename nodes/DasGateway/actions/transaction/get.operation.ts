import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { normalizeTransaction } from '../../gateway/normalize';
import { uuidSchema } from '../../gateway/schemas';
import { simplifyField, transactionIdField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { ParameterReader, outputFrom, shapeAnswer, validateOrThrow } from '../shared';
import type { RequestPlan, RunContext } from '../types';

export const description = showOnlyFor('transaction', ['get'], [transactionIdField, simplifyField]);

export const transactionIdRequestSchema = z.object({ transactionId: uuidSchema });

/** The status of any transaction (authorisation, capture, refund, void). */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	const { transactionId } = validateOrThrow(
		read,
		transactionIdRequestSchema,
		{ transactionId: read.string('transactionId') },
		read.properties,
	);
	const simplify = read.boolean('simplify', true);
	return {
		request: { endpoint: 'transactionStatus', pathParams: { transactionId }, itemIndex },
		then: (result) => outputFrom(result, (answer) => [shapeAnswer(simplify, answer, normalizeTransaction)]),
	};
}
