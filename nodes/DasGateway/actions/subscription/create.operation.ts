import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeTransaction } from '../../gateway/normalize';
import { subscriptionRequestSchema } from '../../gateway/schemas';
import { showOnlyFor } from '../fields/display';
import { paymentFields } from '../fields/payment';
import { planFields } from '../fields/plan';
import { sendPayment } from '../payment/sendPayment';
import { parameter } from '../shared';

const fields = { savedCard: false, threeDs: false, extra: planFields };

export const description = showOnlyFor('subscription', ['create'], paymentFields(fields));

/**
 * The plan as the manual's conditional rules want it: fields that do not apply are left out, as the editor hides
 * them (trial fields only with a trial, discount fields only with a discount, max cycles only for CYCLE).
 */
function planToWire(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const endType = parameter<string>(ctx, 'endType', itemIndex, 'UNLIMITED');
	const hasTrialPeriod = parameter(ctx, 'hasTrialPeriod', itemIndex, false);
	const hasDiscount = parameter(ctx, 'hasDiscount', itemIndex, false);
	const plan: IDataObject = {
		plan_name: parameter(ctx, 'planName', itemIndex, ''),
		plan_desc: parameter(ctx, 'planDescription', itemIndex, ''),
		cycle_type: parameter(ctx, 'cycleType', itemIndex, 'MONTHS'),
		subscription_end_type: endType,
		cycle_interval: parameter<unknown>(ctx, 'cycleInterval', itemIndex, undefined) as number,
		has_trial_period: hasTrialPeriod,
		has_discount: hasDiscount,
	};
	if (endType === 'CYCLE') plan.max_cycle_count = parameter<unknown>(ctx, 'maxCycles', itemIndex, undefined) as number;
	if (hasTrialPeriod) {
		plan.trial_period_duration_type = parameter<unknown>(ctx, 'trialDurationType', itemIndex, undefined) as string;
		plan.trial_period_duration = parameter<unknown>(ctx, 'trialDuration', itemIndex, undefined) as number;
	}
	if (hasDiscount) {
		plan.discount_percentage = parameter<unknown>(ctx, 'discountPercentage', itemIndex, undefined) as number;
		plan.discount_duration = parameter<unknown>(ctx, 'discountDuration', itemIndex, undefined) as number;
	}
	for (const key of Object.keys(plan)) if (plan[key] === undefined || plan[key] === '') delete plan[key];
	return plan;
}

/** Charges the first payment and starts billing the card on the plan's cycle. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await sendPayment(this, itemIndex, {
		endpoint: 'createSubscription',
		schema: subscriptionRequestSchema,
		fields,
		description,
		extendBody: (ctx, index, body) => ({ ...body, subscription: planToWire(ctx, index) }),
		normalize: normalizeTransaction,
	});
}
