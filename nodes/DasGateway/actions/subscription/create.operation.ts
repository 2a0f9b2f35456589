import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { subscriptionRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { paymentFields } from '../fields/payment';
import { planFields } from '../fields/plan';
import { planPayment } from '../payment/body';
import { ParameterReader } from '../shared';
import type { RequestPlan, RunContext } from '../types';

const fields = { savedCard: false, threeDs: false, extra: planFields };

export const description = showOnlyFor('subscription', ['create'], paymentFields(fields));

/**
 * The plan as the manual's conditional rules want it: fields that do not apply are left out, as the editor hides
 * them (trial fields only with a trial, discount fields only with a discount, max cycles only for CYCLE). Counts go
 * to the schema as given, so its limits name the field.
 */
function planToWire(read: ParameterReader): IDataObject {
	// The running version's own default: version 1 offers UNLIMITED (refused by the schema), version 2 only CYCLE.
	const endType = read.option('endType', String(read.defaultOf('endType') ?? 'CYCLE'));
	const hasTrialPeriod = read.boolean('hasTrialPeriod', false);
	const hasDiscount = read.boolean('hasDiscount', false);
	const plan: IDataObject = {
		plan_name: read.string('planName'),
		plan_desc: read.string('planDescription'),
		cycle_type: read.option('cycleType', 'MONTHS'),
		subscription_end_type: endType,
		cycle_interval: read.raw<unknown>('cycleInterval', undefined) as number,
		has_trial_period: hasTrialPeriod,
		has_discount: hasDiscount,
	};
	if (endType === 'CYCLE') plan.max_cycle_count = read.raw<unknown>('maxCycles', undefined) as number;
	if (hasTrialPeriod) {
		plan.trial_period_duration_type = read.option('trialDurationType', 'DAYS');
		plan.trial_period_duration = read.raw<unknown>('trialDuration', undefined) as number;
	}
	if (hasDiscount) {
		plan.discount_percentage = read.raw<unknown>('discountPercentage', undefined) as number;
		plan.discount_duration = read.raw<unknown>('discountDuration', undefined) as number;
	}
	for (const key of Object.keys(plan)) if (plan[key] === undefined || plan[key] === '') delete plan[key];
	return plan;
}

/** Charges the first payment and starts billing the card on the plan's cycle. */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	return planPayment(read, run, {
		endpoint: 'createSubscription',
		schema: subscriptionRequestSchema,
		fields,
		description,
		extendBody: (body) => ({ ...body, subscription: planToWire(read) }),
		normalize: normalizeTransaction,
	});
}
