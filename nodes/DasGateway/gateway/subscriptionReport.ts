/**
 * The subscription report: normalized subscriptions (normalizeSubscriptionList) + options + the time of the run →
 * one summary item, or the same figures as uniform rows for a sheet. Pure and deterministic: no I/O, no clock.
 * Money is summed in integer minor units of each currency (monthly figures as exact fractions), so no figure shows
 * float noise; amounts are given back as numbers in the currency's major unit.
 */
import type { NormalizedSubscription, NormalizedSubscriptionTransaction } from './normalize';
import { Fraction, discountMinor, formatMinor, fromMinor, toMinor } from './money';

export const REPORT_STATUSES = ['ACTIVE', 'PAUSED', 'CANCELLED', 'COMPLETED'] as const;

export const PERIOD_KINDS = ['last24Hours', 'last7Days', 'last30Days', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const PERIOD_LENGTH_MS: Record<Exclude<PeriodKind, 'custom'>, number> = {
	last24Hours: 24 * 3600_000,
	last7Days: 7 * 24 * 3600_000,
	last30Days: 30 * 24 * 3600_000,
};

const PERIOD_LABELS: Record<PeriodKind, string> = {
	last24Hours: 'Last 24 hours',
	last7Days: 'Last 7 days',
	last30Days: 'Last 30 days',
	custom: 'Period',
};

/** Transaction statuses that mean money was collected, or that a payment attempt failed. Anything else (PENDING…) is neither. */
const COLLECTED_STATUSES = new Set(['SUCCESSFUL', 'SUCCESS', 'SUCCEEDED', 'APPROVED', 'CAPTURED', 'PAID', 'COMPLETED']);
const FAILED_STATUSES = new Set(['FAILED', 'FAILURE', 'DECLINED', 'ERROR', 'REJECTED']);

/** Days in an average month (365.25 / 12 = 1461 / 48): how a DAYS cycle becomes a monthly figure. */
const DAYS_PER_MONTH = Fraction.of(1461, 48);
const UNKNOWN_CURRENCY = 'UNKNOWN';
/** Entries listed in the text block per list; the fields carry them all. */
const TEXT_LIST_LIMIT = 10;
const DAY_MS = 24 * 3600_000;

const zeroCounts = (): StatusCounts => ({ ACTIVE: 0, PAUSED: 0, CANCELLED: 0, COMPLETED: 0 });

export interface ReportPeriod {
	kind: PeriodKind;
	from: Date;
	to: Date;
}

export interface ReportOptions {
	period: ReportPeriod;
	/** Renewals whose next payment date is at most this many days ahead are listed (overdue ones too). */
	renewalWindowDays: number;
}

export interface MoneyCount {
	count: number;
	amount: number;
}

export interface RecurringFigure {
	/** ACTIVE subscriptions in this currency. */
	subscriptions: number;
	/** What they charge at their next cycle, each on its own cycle (discounts still running applied). */
	perCycle: number;
	/** The same, each normalized to one month (DAYS: 1461/48 days a month; MONTHS: per interval). */
	monthly: number;
	/** Subscriptions whose cycle type could not be normalized (left out of `monthly`). */
	notNormalised: number;
}

export interface ReportListEntry {
	subscriptionId: string | null;
	plan: string | null;
	status: string | null;
	date: string | null;
	cycle: number | null;
	amount: number | null;
	currency: string | null;
}

export interface RenewalDue extends ReportListEntry {
	overdue: boolean;
	lastCycle: boolean;
	discounted: boolean;
}

export interface LastCycleEntry extends ReportListEntry {
	maxCycles: number | null;
}

/** Counts per status: the four the gateway documents always, any other status it sends under its own key. */
export interface StatusCounts {
	ACTIVE: number;
	PAUSED: number;
	CANCELLED: number;
	COMPLETED: number;
	[status: string]: number;
}

/** The figures as flat fields: these always, plus per-currency ones such as recurringMonthlyUSD or failedCountEUR. */
export interface ReportFigures {
	total: number;
	active: number;
	paused: number;
	cancelled: number;
	completed: number;
	started: number;
	renewalsDue: number;
	lastCycle: number;
	lastPaymentFailed: number;
	[figure: string]: number;
}

export interface PlanCount {
	plan: string | null;
	total: number;
	countsByStatus: StatusCounts;
}

export interface SubscriptionReport {
	generatedAt: string;
	period: { kind: PeriodKind; label: string; from: string; to: string };
	renewalWindowDays: number;
	total: number;
	countsByStatus: StatusCounts;
	countsByPlan: PlanCount[];
	recurring: Record<string, RecurringFigure>;
	collected: Record<string, MoneyCount>;
	failed: Record<string, MoneyCount>;
	started: { count: number; subscriptions: ReportListEntry[] };
	renewalsDue: RenewalDue[];
	lastCycle: LastCycleEntry[];
	lastPaymentFailed: ReportListEntry[];
	/** The figures as flat fields, for one sheet row. */
	figures: ReportFigures;
	text: string;
}

/** One row of the rows output: every row has every column, so a sheet gets a stable header. */
export interface ReportRow {
	generatedAt: string;
	section:
		| 'status'
		| 'plan'
		| 'recurring'
		| 'collected'
		| 'failed'
		| 'started'
		| 'renewalDue'
		| 'lastCycle'
		| 'lastPaymentFailed';
	key: string | null;
	count: number | null;
	amount: number | null;
	monthly: number | null;
	currency: string | null;
	subscriptionId: string | null;
	plan: string | null;
	status: string | null;
	date: string | null;
	cycle: number | null;
}

export class ReportPeriodError extends Error {
	constructor(
		readonly field: 'from' | 'to',
		readonly rule: string,
	) {
		super(`"${field === 'from' ? 'From' : 'To'}" ${rule}`);
	}
}

/** What is wrong with a custom period, or null when from and to are dates in order. */
export function customPeriodProblem(custom: { from?: string; to?: string }): ReportPeriodError | null {
	const from = parseDate(custom.from ?? '');
	const to = parseDate(custom.to ?? '');
	if (from === null) return new ReportPeriodError('from', 'must be a date and time, such as 2026-11-01T00:00:00Z');
	if (to === null) return new ReportPeriodError('to', 'must be a date and time, such as 2026-12-01T00:00:00Z');
	if (to <= from) return new ReportPeriodError('to', 'must be after "From"');
	return null;
}

/** The period a report covers, ending at `now` (or the custom from/to, ISO 8601 dates). */
export function resolvePeriod(kind: PeriodKind, now: Date, custom: { from?: string; to?: string } = {}): ReportPeriod {
	if (kind !== 'custom') return { kind, from: new Date(now.getTime() - PERIOD_LENGTH_MS[kind]), to: now };
	const problem = customPeriodProblem(custom);
	if (problem) throw problem;
	return {
		kind,
		from: new Date(parseDate(custom.from as string) as number),
		to: new Date(parseDate(custom.to as string) as number),
	};
}

function parseDate(value: string | null): number | null {
	if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return null;
	const time = Date.parse(value.trim());
	return Number.isNaN(time) ? null : time;
}

const upper = (value: string | null) => (value ? value.trim().toUpperCase() : null);
const currencyOf = (value: string | null) => upper(value) || UNKNOWN_CURRENCY;
const isLive = (status: string | null) => status === 'ACTIVE' || status === 'PAUSED';

/** The cycle the next payment bills. */
function nextCycleOf(subscription: NormalizedSubscription): number | null {
	if (subscription.nextPaymentCycle !== null) return subscription.nextPaymentCycle;
	return subscription.completedCycles !== null ? subscription.completedCycles + 1 : null;
}

/** What a cycle charges, in minor units: the plan's amount, less the plan's discount while it still runs. */
function chargeForCycle(
	subscription: NormalizedSubscription,
	cycle: number | null,
): { minor: number | null; discounted: boolean } {
	const plan = subscription.plan;
	const minor = toMinor(plan.amount, currencyOf(plan.currency));
	const percentage = plan.discountPercentage ?? 0;
	const discounted = minor !== null && percentage > 0 && cycle !== null && cycle <= (plan.discountDuration ?? 0);
	return { minor: discounted && minor !== null ? discountMinor(minor, percentage) : minor, discounted };
}

/** Cycles per month as an exact fraction, or null for a cycle type that cannot be normalized. */
function monthsPerCycle(cycleType: string | null, interval: number | null): Fraction | null {
	const every = interval !== null && Number.isInteger(interval) && interval > 0 ? interval : 1;
	switch (upper(cycleType)) {
		case 'MONTHS':
		case 'MONTH':
		case 'MONTHLY':
			return Fraction.of(every);
		case 'DAYS':
		case 'DAY':
		case 'DAILY':
			return new Fraction(BigInt(every) * DAYS_PER_MONTH.denominator, DAYS_PER_MONTH.numerator);
		case 'WEEKS':
		case 'WEEK':
		case 'WEEKLY':
			return new Fraction(BigInt(every * 7) * DAYS_PER_MONTH.denominator, DAYS_PER_MONTH.numerator);
		case 'YEARS':
		case 'YEAR':
		case 'YEARLY':
			return Fraction.of(every * 12);
		default:
			return null;
	}
}

function time(value: string | null): number | null {
	if (!value) return null;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? null : parsed;
}

/** The subscription's first payment: the one of the lowest cycle, else the earliest dated. */
function firstPayment(subscription: NormalizedSubscription): NormalizedSubscriptionTransaction | null {
	const last = Number.MAX_SAFE_INTEGER;
	const rank = (transaction: NormalizedSubscriptionTransaction) => [
		transaction.cycle ?? last,
		time(transaction.date) ?? last,
	];
	let best: NormalizedSubscriptionTransaction | null = null;
	for (const transaction of subscription.transactions) {
		if (best === null) {
			best = transaction;
			continue;
		}
		const [cycle, date] = rank(transaction);
		const [bestCycle, bestDate] = rank(best);
		if (cycle < bestCycle || (cycle === bestCycle && date < bestDate)) best = transaction;
	}
	return best;
}

function entry(subscription: NormalizedSubscription, fields: Partial<ReportListEntry> = {}): ReportListEntry {
	return {
		subscriptionId: subscription.subscriptionId,
		plan: subscription.plan.name,
		status: upper(subscription.status),
		date: null,
		cycle: null,
		amount: null,
		currency: subscription.plan.currency ? currencyOf(subscription.plan.currency) : null,
		...fields,
	};
}

const byDateThenId = (a: ReportListEntry, b: ReportListEntry) =>
	(time(a.date) ?? Infinity) - (time(b.date) ?? Infinity) ||
	String(a.subscriptionId).localeCompare(String(b.subscriptionId));

function addMoney(totals: Map<string, { count: number; minor: number }>, currency: string, minor: number) {
	const current = totals.get(currency) ?? { count: 0, minor: 0 };
	totals.set(currency, { count: current.count + 1, minor: current.minor + minor });
}

function moneyRecord(totals: Map<string, { count: number; minor: number }>): Record<string, MoneyCount> {
	const record: Record<string, MoneyCount> = {};
	for (const currency of [...totals.keys()].sort()) {
		const total = totals.get(currency) as { count: number; minor: number };
		record[currency] = { count: total.count, amount: fromMinor(total.minor, currency) };
	}
	return record;
}

export function buildSubscriptionReport(
	subscriptions: NormalizedSubscription[],
	options: ReportOptions,
	now: Date,
): SubscriptionReport {
	const from = options.period.from.getTime();
	const to = options.period.to.getTime();
	const horizon = now.getTime() + options.renewalWindowDays * DAY_MS;

	const countsByStatus = zeroCounts();
	const plans = new Map<string, PlanCount>();
	const recurring = new Map<
		string,
		{ subscriptions: number; perCycle: number; monthly: Fraction; notNormalised: number }
	>();
	const collected = new Map<string, { count: number; minor: number }>();
	const failed = new Map<string, { count: number; minor: number }>();
	const seenTransactions = new Set<string>();
	const started: ReportListEntry[] = [];
	const renewalsDue: RenewalDue[] = [];
	const lastCycle: LastCycleEntry[] = [];
	const lastPaymentFailed: ReportListEntry[] = [];

	for (const subscription of subscriptions) {
		const status = upper(subscription.status) ?? 'UNKNOWN';
		countsByStatus[status] = (countsByStatus[status] ?? 0) + 1;
		const planKey = subscription.plan.name ?? '';
		const plan = plans.get(planKey) ?? {
			plan: subscription.plan.name,
			total: 0,
			countsByStatus: zeroCounts(),
		};
		plan.total += 1;
		plan.countsByStatus[status] = (plan.countsByStatus[status] ?? 0) + 1;
		plans.set(planKey, plan);

		const planCurrency = currencyOf(subscription.plan.currency);
		const cycle = nextCycleOf(subscription);
		const charge = chargeForCycle(subscription, cycle);

		if (status === 'ACTIVE' && charge.minor !== null) {
			const figure = recurring.get(planCurrency) ?? {
				subscriptions: 0,
				perCycle: 0,
				monthly: Fraction.of(0),
				notNormalised: 0,
			};
			figure.subscriptions += 1;
			figure.perCycle += charge.minor;
			const months = monthsPerCycle(subscription.plan.cycleType, subscription.plan.cycleInterval);
			if (months === null) figure.notNormalised += 1;
			else
				figure.monthly = figure.monthly.plus(new Fraction(BigInt(charge.minor) * months.denominator, months.numerator));
			recurring.set(planCurrency, figure);
		}

		for (const transaction of subscription.transactions) {
			const at = time(transaction.date);
			if (at === null || at < from || at > to) continue;
			if (transaction.transactionId !== null) {
				if (seenTransactions.has(transaction.transactionId)) continue;
				seenTransactions.add(transaction.transactionId);
			}
			const transactionStatus = upper(transaction.status) ?? '';
			const currency = transaction.currency ? currencyOf(transaction.currency) : planCurrency;
			const minor = toMinor(transaction.amount, currency) ?? 0;
			if (COLLECTED_STATUSES.has(transactionStatus)) addMoney(collected, currency, minor);
			else if (FAILED_STATUSES.has(transactionStatus)) addMoney(failed, currency, minor);
		}

		const first = firstPayment(subscription);
		const startedAt = time(first?.date ?? null);
		if (first && startedAt !== null && startedAt >= from && startedAt <= to) {
			const currency = first.currency ? currencyOf(first.currency) : planCurrency;
			started.push(
				entry(subscription, {
					date: new Date(startedAt).toISOString(),
					cycle: first.cycle,
					amount: first.amount,
					currency,
				}),
			);
		}

		const onLastCycle =
			isLive(status) && subscription.maxCycles !== null && cycle !== null && cycle >= subscription.maxCycles;
		const amount = charge.minor === null ? null : fromMinor(charge.minor, planCurrency);
		if (onLastCycle) {
			lastCycle.push({
				...entry(subscription, { date: subscription.nextPaymentDate, cycle, amount }),
				maxCycles: subscription.maxCycles,
			});
		}

		const due = time(subscription.nextPaymentDate);
		if (status === 'ACTIVE' && due !== null && due <= horizon) {
			renewalsDue.push({
				...entry(subscription, { date: subscription.nextPaymentDate, cycle, amount }),
				overdue: due < now.getTime(),
				lastCycle: onLastCycle,
				discounted: charge.discounted,
			});
		}

		if (isLive(status) && FAILED_STATUSES.has(upper(subscription.lastPaymentStatus) ?? '')) {
			const failedPayment = subscription.transactions
				.filter((transaction) => FAILED_STATUSES.has(upper(transaction.status) ?? ''))
				.sort((a, b) => (time(b.date) ?? -Infinity) - (time(a.date) ?? -Infinity))[0];
			lastPaymentFailed.push(
				entry(subscription, {
					date: failedPayment?.date ?? null,
					cycle: failedPayment?.cycle ?? cycle,
					amount: failedPayment?.amount ?? amount,
					currency: failedPayment?.currency ? currencyOf(failedPayment.currency) : planCurrency,
				}),
			);
		}
	}

	const recurringRecord: Record<string, RecurringFigure> = {};
	for (const currency of [...recurring.keys()].sort()) {
		const figure = recurring.get(currency) as {
			subscriptions: number;
			perCycle: number;
			monthly: Fraction;
			notNormalised: number;
		};
		recurringRecord[currency] = {
			subscriptions: figure.subscriptions,
			perCycle: fromMinor(figure.perCycle, currency),
			monthly: fromMinor(figure.monthly.round(), currency),
			notNormalised: figure.notNormalised,
		};
	}

	const report: Omit<SubscriptionReport, 'figures' | 'text'> = {
		generatedAt: now.toISOString(),
		period: {
			kind: options.period.kind,
			label: PERIOD_LABELS[options.period.kind],
			from: options.period.from.toISOString(),
			to: options.period.to.toISOString(),
		},
		renewalWindowDays: options.renewalWindowDays,
		total: subscriptions.length,
		countsByStatus,
		countsByPlan: [...plans.values()].sort((a, b) => String(a.plan ?? '').localeCompare(String(b.plan ?? ''))),
		recurring: recurringRecord,
		collected: moneyRecord(collected),
		failed: moneyRecord(failed),
		started: { count: started.length, subscriptions: started.sort(byDateThenId) },
		renewalsDue: renewalsDue.sort(byDateThenId),
		lastCycle: lastCycle.sort(byDateThenId),
		lastPaymentFailed: lastPaymentFailed.sort(byDateThenId),
	};
	return { ...report, figures: figuresOf(report), text: textOf(report) };
}

function figuresOf(report: Omit<SubscriptionReport, 'figures' | 'text'>): ReportFigures {
	const figures: ReportFigures = {
		total: report.total,
		active: report.countsByStatus.ACTIVE,
		paused: report.countsByStatus.PAUSED,
		cancelled: report.countsByStatus.CANCELLED,
		completed: report.countsByStatus.COMPLETED,
		started: report.started.count,
		renewalsDue: report.renewalsDue.length,
		lastCycle: report.lastCycle.length,
		lastPaymentFailed: report.lastPaymentFailed.length,
	};
	for (const [status, count] of Object.entries(report.countsByStatus)) {
		if (!(REPORT_STATUSES as readonly string[]).includes(status)) figures[status.toLowerCase()] = count;
	}
	for (const [currency, figure] of Object.entries(report.recurring)) {
		figures[`recurringPerCycle${currency}`] = figure.perCycle;
		figures[`recurringMonthly${currency}`] = figure.monthly;
	}
	for (const [name, totals] of [
		['collected', report.collected],
		['failed', report.failed],
	] as const) {
		for (const [currency, total] of Object.entries(totals)) {
			figures[`${name}Count${currency}`] = total.count;
			figures[`${name}Amount${currency}`] = total.amount;
		}
	}
	return figures;
}

const money = (amount: number | null, currency: string | null) =>
	amount === null
		? '?'
		: `${formatMinor(toMinor(amount, currency ?? UNKNOWN_CURRENCY) ?? 0, currency ?? UNKNOWN_CURRENCY)} ${currency ?? ''}`.trim();
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'no date');
const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function moneyLine(totals: Record<string, MoneyCount>): string {
	const parts = Object.entries(totals).map(([currency, total]) => `${money(total.amount, currency)} (${total.count})`);
	return parts.length ? parts.join(', ') : 'none';
}

function listLines(entries: ReportListEntry[], describe: (entry: ReportListEntry) => string): string[] {
	const lines = entries.slice(0, TEXT_LIST_LIMIT).map((entry) => `- ${describe(entry)}`);
	if (entries.length > TEXT_LIST_LIMIT) lines.push(`- … and ${entries.length - TEXT_LIST_LIMIT} more`);
	return lines;
}

function textOf(report: Omit<SubscriptionReport, 'figures' | 'text'>): string {
	const statuses = Object.entries(report.countsByStatus)
		.map(([status, count]) => `${status} ${count}`)
		.join(', ');
	const recurring = Object.entries(report.recurring)
		.map(
			([currency, figure]) =>
				`${money(figure.perCycle, currency)} per cycle, ${money(figure.monthly, currency)} monthly`,
		)
		.join('; ');
	const label = `${report.period.label} (${minute(report.period.from)} – ${minute(report.period.to)} UTC)`;
	const describe = (entry: ReportListEntry) =>
		`${day(entry.date)} ${money(entry.amount, entry.currency)} (${entry.plan ?? 'no plan name'}, ${entry.subscriptionId})`;
	return [
		`Subscriptions: ${report.total} (${statuses})`,
		`Recurring (ACTIVE): ${recurring || 'none'}`,
		`${label}: collected ${moneyLine(report.collected)}; failed ${moneyLine(report.failed)}; started ${report.started.count}`,
		`Renewals due in the next ${report.renewalWindowDays} days: ${report.renewalsDue.length}`,
		...listLines(report.renewalsDue, describe),
		`On their last cycle: ${report.lastCycle.length}`,
		...listLines(report.lastCycle, describe),
		`Last payment failed: ${report.lastPaymentFailed.length}`,
		...listLines(report.lastPaymentFailed, describe),
	].join('\n');
}

const EMPTY_ROW = {
	key: null,
	count: null,
	amount: null,
	monthly: null,
	currency: null,
	subscriptionId: null,
	plan: null,
	status: null,
	date: null,
	cycle: null,
};

/** The report as rows (one per figure or listed subscription), every row with the same columns. */
export function reportRows(report: SubscriptionReport): ReportRow[] {
	const generatedAt = report.generatedAt;
	const row = (section: ReportRow['section'], fields: Partial<ReportRow>): ReportRow => ({
		generatedAt,
		section,
		...EMPTY_ROW,
		...fields,
	});
	const listed = (section: ReportRow['section'], entries: ReportListEntry[]) =>
		entries.map((item) =>
			row(section, {
				subscriptionId: item.subscriptionId,
				plan: item.plan,
				status: item.status,
				date: item.date,
				cycle: item.cycle,
				amount: item.amount,
				currency: item.currency,
			}),
		);
	return [
		...Object.entries(report.countsByStatus).map(([status, count]) => row('status', { key: status, status, count })),
		...report.countsByPlan.map((plan) => row('plan', { key: plan.plan, plan: plan.plan, count: plan.total })),
		...Object.entries(report.recurring).map(([currency, figure]) =>
			row('recurring', {
				key: currency,
				currency,
				count: figure.subscriptions,
				amount: figure.perCycle,
				monthly: figure.monthly,
			}),
		),
		...Object.entries(report.collected).map(([currency, total]) =>
			row('collected', { key: currency, currency, count: total.count, amount: total.amount }),
		),
		...Object.entries(report.failed).map(([currency, total]) =>
			row('failed', { key: currency, currency, count: total.count, amount: total.amount }),
		),
		...listed('started', report.started.subscriptions),
		...listed('renewalDue', report.renewalsDue),
		...listed('lastCycle', report.lastCycle),
		...listed('lastPaymentFailed', report.lastPaymentFailed),
	];
}
