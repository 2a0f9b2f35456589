import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeSubscriptionList } from '../../gateway/normalize';
import {
	buildSubscriptionReport,
	customPeriodProblem,
	reportRows,
	resolvePeriod,
	type PeriodKind,
} from '../../gateway/subscriptionReport';
import { showOnlyFor } from '../fields/display';
import { ParameterReader, outputFrom } from '../shared';
import type { RequestPlan, RunContext } from '../types';

export const description = showOnlyFor(
	'subscription',
	['report'],
	[
		{
			displayName: 'Period',
			name: 'period',
			type: 'options',
			default: 'last24Hours',
			description: 'The time span for payments collected and failed and subscriptions started',
			options: [
				{ name: 'Last 24 Hours', value: 'last24Hours' },
				{ name: 'Last 7 Days', value: 'last7Days' },
				{ name: 'Last 30 Days', value: 'last30Days' },
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'From',
			name: 'periodFrom',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { period: ['custom'] } },
			description: 'Start of the period (ISO 8601; without a zone it is read in the n8n server’s time zone)',
		},
		{
			displayName: 'To',
			name: 'periodTo',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { period: ['custom'] } },
			description: 'End of the period, after From',
		},
		{
			displayName: 'Renewals Due Within (Days)',
			name: 'renewalWindowDays',
			type: 'number',
			default: 7,
			typeOptions: { minValue: 0, maxValue: 365 },
			description:
				'List the ACTIVE subscriptions whose next payment is at most this many days ahead (overdue ones too)',
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'summary',
			options: [
				{ name: 'Summary', value: 'summary', description: 'One item with every figure, the lists and a text block' },
				{
					name: 'Rows',
					value: 'rows',
					description: 'One item per figure or listed subscription, all with the same columns (for a sheet)',
				},
			],
		},
	],
);

/** A date-time parameter as text: n8n gives a string, an expression may give a Date or a Luxon DateTime. */
function dateText(read: ParameterReader, name: string): string {
	const value = read.raw<unknown>(name, '');
	if (typeof value === 'string') return value;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return String((value as { toISO: () => string }).toISO());
	}
	throw read.invalid(name, 'must be a date and time', value);
}

/** One item summarising every subscription the gateway lists, at the time of the run. */
export function build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan {
	const read = new ParameterReader(this, itemIndex, run.fields);
	const kind = read.option('period', 'last24Hours') as PeriodKind;
	const custom = kind === 'custom' ? { from: dateText(read, 'periodFrom'), to: dateText(read, 'periodTo') } : {};
	const problem = kind === 'custom' ? customPeriodProblem(custom) : null;
	if (problem) throw read.invalid(problem.field === 'from' ? 'periodFrom' : 'periodTo', problem.rule, undefined);
	const renewalWindowDays = read.number('renewalWindowDays', {
		required: true,
		fallback: 7,
		integer: true,
		min: 0,
		max: 365,
	});
	const rows = read.option('output', 'summary') === 'rows';

	return {
		request: { endpoint: 'listSubscriptions', itemIndex },
		then: (result) =>
			outputFrom(result, (answer) => {
				const now = new Date();
				const report = buildSubscriptionReport(
					normalizeSubscriptionList(answer.body),
					{ period: resolvePeriod(kind, now, custom), renewalWindowDays },
					now,
				);
				return rows ? (reportRows(report) as unknown as IDataObject[]) : [report as unknown as IDataObject];
			}),
	};
}
