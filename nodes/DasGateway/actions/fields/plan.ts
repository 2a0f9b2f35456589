import type { INodeProperties } from 'n8n-workflow';

const durationUnits = [
	{ name: 'Days', value: 'DAYS' },
	{ name: 'Months', value: 'MONTHS' },
];

/**
 * The subscription plan (Create Subscription's `subscription` object). The manual's conditional rules are mirrored
 * in the editor: trial fields only with a trial, discount fields only with a discount, max cycles only for CYCLE.
 */
export const planFields: INodeProperties[] = [
	{
		displayName: 'Plan Name',
		name: 'planName',
		type: 'string',
		required: true,
		default: '',
		description: 'Name of the plan (at most 100 characters)',
	},
	{
		displayName: 'Plan Description',
		name: 'planDescription',
		type: 'string',
		required: true,
		default: '',
		description: 'Description of the plan (at most 200 characters)',
	},
	{
		displayName: 'Cycle Type',
		name: 'cycleType',
		type: 'options',
		default: 'MONTHS',
		options: durationUnits,
		description: 'Unit of the billing cycle',
	},
	{
		displayName: 'Cycle Interval',
		name: 'cycleInterval',
		type: 'number',
		required: true,
		default: 1,
		typeOptions: { minValue: 1, maxValue: 9999 },
		description: 'Number of cycle units between two payments',
	},
	{
		// The request table names one end type, CYCLE; "UNLIMITED" appears in answers only (README, the manual's ambiguities).
		displayName: 'Ends',
		name: 'endType',
		type: 'options',
		default: 'CYCLE',
		options: [
			{
				name: 'After a Number of Cycles',
				value: 'CYCLE',
				description: 'The subscription completes after Max Cycles payments',
			},
		],
		description: 'When the subscription stops billing. The manual documents one end type: after a number of cycles.',
	},
	{
		displayName: 'Max Cycles',
		name: 'maxCycles',
		type: 'number',
		required: true,
		default: 12,
		typeOptions: { minValue: 1, maxValue: 9999 },
		displayOptions: { show: { endType: ['CYCLE'] } },
		description: 'Number of payments after which the subscription completes',
	},
	{
		displayName: 'Has Trial Period',
		name: 'hasTrialPeriod',
		type: 'boolean',
		default: false,
		description: 'Whether the subscription starts with a trial period',
	},
	{
		displayName: 'Trial Duration Type',
		name: 'trialDurationType',
		type: 'options',
		default: 'DAYS',
		options: durationUnits,
		displayOptions: { show: { hasTrialPeriod: [true] } },
		description: 'Unit of the trial period',
	},
	{
		displayName: 'Trial Duration',
		name: 'trialDuration',
		type: 'number',
		required: true,
		default: 7,
		typeOptions: { minValue: 1, maxValue: 9999 },
		displayOptions: { show: { hasTrialPeriod: [true] } },
		description: 'Length of the trial period',
	},
	{
		displayName: 'Has Discount',
		name: 'hasDiscount',
		type: 'boolean',
		default: false,
		description: 'Whether the first payments are discounted',
	},
	{
		displayName: 'Discount Percentage',
		name: 'discountPercentage',
		type: 'number',
		required: true,
		default: 10,
		typeOptions: { minValue: 0.01, maxValue: 100, numberPrecision: 2 },
		displayOptions: { show: { hasDiscount: [true] } },
		description: 'Discount in percent, more than 0 and at most 100',
	},
	{
		displayName: 'Discount Duration',
		name: 'discountDuration',
		type: 'number',
		required: true,
		default: 1,
		typeOptions: { minValue: 1, maxValue: 9999 },
		displayOptions: { show: { hasDiscount: [true] } },
		description: 'Number of cycles the discount applies to',
	},
];
