import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeSubscriptionList, redactCardData } from '../../gateway/normalize';
import { currencySchema } from '../../gateway/schemas';
import { gatewayRequest } from '../../gateway/transport';
import { simplifyField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { parameter, validateOrThrow } from '../shared';
import { z } from 'zod';

export const description = showOnlyFor('subscription', ['getMany'], [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'USD', description: "Only subscriptions billed in this currency (the plan's currency)" },
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				description: 'Only subscriptions in one of these states',
				options: [
					{ name: 'Active', value: 'ACTIVE' },
					{ name: 'Cancelled', value: 'CANCELLED' },
					{ name: 'Completed', value: 'COMPLETED' },
					{ name: 'Paused', value: 'PAUSED' },
				],
			},
		],
	},
	simplifyField,
]);

const filtersSchema = z.object({ currency: currencySchema.optional() });

/** The list call has no paging or filters: everything comes back at once and is filtered and cut here. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const statuses = parameter<string[]>(this, 'filters.status', itemIndex, []).map((status) => status.toUpperCase());
	const rawCurrency = String(parameter(this, 'filters.currency', itemIndex, '')).trim();
	const { currency } = validateOrThrow(this, filtersSchema, rawCurrency ? { currency: rawCurrency } : {}, itemIndex, description, { currency: 'filters.currency' });
	const returnAll = parameter(this, 'returnAll', itemIndex, false);
	const limit = parameter(this, 'limit', itemIndex, 50);

	const answer = await gatewayRequest(this, { endpoint: 'listSubscriptions', itemIndex });
	const rawEntries = Array.isArray(answer.body.subscription_details) ? (answer.body.subscription_details as IDataObject[]) : [];
	// Normalized and raw entries share indexes, so filters read the normalized one and either can be returned.
	const normalized = normalizeSubscriptionList({ ...answer.body, subscription_details: rawEntries });
	const simplify = parameter(this, 'simplify', itemIndex, true);
	const rawObjects = rawEntries.filter((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
	const matching = normalized
		.map((subscription, index) => ({ subscription, raw: rawObjects[index] }))
		.filter(({ subscription }) => statuses.length === 0 || statuses.includes(String(subscription.status ?? '').toUpperCase()))
		.filter(({ subscription }) => !currency || String(subscription.plan.currency ?? '').toUpperCase() === currency);
	const selected = returnAll ? matching : matching.slice(0, Math.max(0, limit));
	return selected.map(({ subscription, raw }) => (simplify ? (subscription as unknown as IDataObject) : redactCardData(raw)));
}
