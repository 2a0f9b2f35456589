import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import { z } from 'zod';

import { normalizeSubscriptionList, redactCardData } from '../../gateway/normalize';
import { CURRENCY_CODES } from '../../gateway/isoCodes';
import { currencySchema } from '../../gateway/schemas';
import { simplifyField } from '../fields/common';
import { showOnlyFor } from '../fields/display';
import { ParameterReader, outputFrom, validateOrThrow } from '../shared';
import type { RequestPlan, RunContext } from '../types';

export const description = showOnlyFor(
	'subscription',
	['getMany'],
	[
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
				{
					displayName: 'Currency',
					name: 'currency',
					type: 'options',
					default: 'USD',
					description: "Only subscriptions billed in this currency (the plan's currency)",
					options: currencyOptions(),
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'multiOptions',
					default: [],
					description: 'Only subscriptions in one of these states',
					options: [
						{ name: 'Active', value: 'ACTIVE' },
						{ name: 'Canceled', value: 'CANCELLED' },
						{ name: 'Completed', value: 'COMPLETED' },
						{ name: 'Paused', value: 'PAUSED' },
					],
				},
			],
		},
		simplifyField,
	],
);

/** ISO 4217 currencies as drop-down options, "USD (US Dollar)", in code order. */
function currencyOptions(): INodePropertyOptions[] {
	let names: { of(code: string): string | undefined } | null = null;
	try {
		names = new Intl.DisplayNames(['en'], { type: 'currency' });
	} catch {
		names = null;
	}
	return [...CURRENCY_CODES].sort().map((code) => {
		const name = names?.of(code);
		return { name: name && name !== code ? `${code} (${name})` : code, value: code };
	});
}

const filtersSchema = z.object({ currency: currencySchema.optional() });

/** The list call has no paging or filters: everything comes back at once and is filtered and cut here. */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	const statuses = read.options('filters.status');
	const rawCurrency = read.string('filters.currency').trim();
	const { currency } = validateOrThrow(
		read,
		filtersSchema,
		rawCurrency ? { currency: rawCurrency } : {},
		read.properties,
		{ currency: 'filters.currency' },
	);
	const returnAll = read.boolean('returnAll', false);
	const limit = returnAll ? Infinity : read.number('limit', { required: true, fallback: 50, integer: true, min: 1 });
	const simplify = read.boolean('simplify', true);

	return {
		request: { endpoint: 'listSubscriptions', itemIndex },
		then: (result) =>
			outputFrom(result, (answer) => {
				const rawEntries = Array.isArray(answer.body.subscription_details)
					? (answer.body.subscription_details as IDataObject[])
					: [];
				// Normalized and raw entries share indexes, so filters read the normalized one and either can be returned.
				const normalized = normalizeSubscriptionList({ ...answer.body, subscription_details: rawEntries });
				const rawObjects = rawEntries.filter(
					(entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry),
				);
				return normalized
					.map((subscription, index) => ({ subscription, raw: rawObjects[index] }))
					.filter(
						({ subscription }) =>
							statuses.length === 0 || statuses.includes(String(subscription.status ?? '').toUpperCase()),
					)
					.filter(
						({ subscription }) => !currency || String(subscription.plan.currency ?? '').toUpperCase() === currency,
					)
					.slice(0, limit)
					.map(({ subscription, raw }) => (simplify ? (subscription as unknown as IDataObject) : redactCardData(raw)));
			}),
	};
}
