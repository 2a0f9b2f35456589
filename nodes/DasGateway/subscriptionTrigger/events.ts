/**
 * Subscription events: what the Subscription Trigger emits, computed by comparing the gateway's subscription list with
 * the state kept from the previous poll. Pure: no I/O, no clock (the poll passes `now`).
 */
import type { NormalizedSubscription, NormalizedSubscriptionTransaction } from '../gateway/normalize';

export const SUBSCRIPTION_EVENTS = [
	'created',
	'paused',
	'resumed',
	'cancelled',
	'completed',
	'paymentSucceeded',
	'paymentFailed',
	'renewalDue',
] as const;
export type SubscriptionEventName = (typeof SUBSCRIPTION_EVENTS)[number];

/** Most subscriptions whose state is kept; a longer list is refused rather than watched in part. */
export const MAX_TRACKED_SUBSCRIPTIONS = 10_000;
/** A subscription missing from the list this long is forgotten (it may come back: it is then compared, not "created"). */
export const FORGET_MISSING_AFTER_MS = 30 * 24 * 3600_000;
/** Transaction ids kept per subscription at its newest transaction date (several can share a second). */
const MAX_IDS_AT_WATERMARK = 20;
/** A subscription unknown to the state but started this long before watching began existed before: not "created". */
const EXISTED_BEFORE_MS = 3600_000;
const DAY_MS = 24 * 3600_000;

const SUCCEEDED = new Set(['SUCCESSFUL', 'SUCCESS', 'SUCCEEDED', 'APPROVED', 'CAPTURED', 'PAID', 'COMPLETED']);
const FAILED = new Set(['FAILED', 'FAILURE', 'DECLINED', 'ERROR', 'REJECTED']);

/** What is kept per subscription (short keys: it is stored in the workflow). */
export interface WatchedSubscription {
	/** Status at the last poll. */
	s: string | null;
	/** Date of the newest settled payment seen (ISO), and the ids seen at that date. */
	w: string | null;
	i: string[];
	/** The cycle (or date) whose renewal-due event was emitted. */
	r: string | null;
	/** Status changes seen, numbering the paused/resumed event ids. */
	n: number;
	/** Since when the subscription is missing from the list (ISO). */
	m?: string;
}

export interface WatchState {
	version: 1;
	/** When watching began (ISO). */
	since: string;
	subscriptions: Record<string, WatchedSubscription>;
}

export interface SubscriptionEvent {
	event: SubscriptionEventName;
	eventId: string;
	occurredAt: string;
	previousStatus: string | null;
	subscription: NormalizedSubscription;
	payment: NormalizedSubscriptionTransaction | null;
}

export interface DiffOptions {
	renewalWindowDays: number;
}

export class TooManySubscriptionsError extends Error {
	constructor(readonly count: number) {
		super(
			`DasGateway lists ${count} subscriptions; the Subscription Trigger watches at most ${MAX_TRACKED_SUBSCRIPTIONS}`,
		);
	}
}

const upper = (value: string | null) => (value ? value.trim().toUpperCase() : null);

function time(value: string | null): number | null {
	if (!value) return null;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? null : parsed;
}

/** A settled payment's kind, or null while it is pending (then it is not seen yet: it is looked at again next poll). */
function paymentEvent(transaction: NormalizedSubscriptionTransaction): 'paymentSucceeded' | 'paymentFailed' | null {
	const status = upper(transaction.status) ?? '';
	if (SUCCEEDED.has(status)) return 'paymentSucceeded';
	if (FAILED.has(status)) return 'paymentFailed';
	return null;
}

const transactionKey = (transaction: NormalizedSubscriptionTransaction) =>
	transaction.transactionId ?? `${transaction.cycle ?? ''}@${transaction.date ?? ''}`;

interface DatedPayment {
	transaction: NormalizedSubscriptionTransaction;
	at: number;
	event: 'paymentSucceeded' | 'paymentFailed';
}

/** Settled payments with a date, oldest first (undated ones cannot be placed against the watermark). */
function settledPayments(subscription: NormalizedSubscription): DatedPayment[] {
	const payments: DatedPayment[] = [];
	for (const transaction of subscription.transactions) {
		const event = paymentEvent(transaction);
		const at = time(transaction.date);
		if (event && at !== null) payments.push({ transaction, at, event });
	}
	return payments.sort(
		(a, b) => a.at - b.at || transactionKey(a.transaction).localeCompare(transactionKey(b.transaction)),
	);
}

/** The watermark after these payments: the newest date and the ids at it. */
function watermarkOf(
	payments: DatedPayment[],
	previous: { w: string | null; i: string[] } = { w: null, i: [] },
): { w: string | null; i: string[] } {
	let at = time(previous.w);
	let ids = [...previous.i];
	for (const payment of payments) {
		if (at === null || payment.at > at) {
			at = payment.at;
			ids = [transactionKey(payment.transaction)];
		} else if (payment.at === at && !ids.includes(transactionKey(payment.transaction))) {
			ids.push(transactionKey(payment.transaction));
		}
	}
	return { w: at === null ? null : new Date(at).toISOString(), i: ids.slice(-MAX_IDS_AT_WATERMARK) };
}

function startedAt(subscription: NormalizedSubscription): number | null {
	const dates = subscription.transactions
		.map((transaction) => time(transaction.date))
		.filter((at): at is number => at !== null);
	return dates.length ? Math.min(...dates) : null;
}

/** The renewal the subscription is due for within the window, as the key that makes it once per cycle. */
function dueRenewalKey(subscription: NormalizedSubscription, now: number, options: DiffOptions): string | null {
	if (upper(subscription.status) !== 'ACTIVE') return null;
	const due = time(subscription.nextPaymentDate);
	if (due === null || due > now + options.renewalWindowDays * DAY_MS) return null;
	const cycle =
		subscription.nextPaymentCycle ?? (subscription.completedCycles !== null ? subscription.completedCycles + 1 : null);
	return cycle !== null ? String(cycle) : (subscription.nextPaymentDate as string);
}

function statusEvent(previous: string | null, current: string | null): SubscriptionEventName | null {
	if (previous === current || current === null) return null;
	if (current === 'PAUSED') return 'paused';
	if (current === 'ACTIVE' && previous === 'PAUSED') return 'resumed';
	if (current === 'CANCELLED') return 'cancelled';
	if (current === 'COMPLETED') return 'completed';
	return null;
}

/** The subscriptions of a list by id (entries without an id cannot be followed and are left out). */
function byId(subscriptions: NormalizedSubscription[]): Map<string, NormalizedSubscription> {
	const map = new Map<string, NormalizedSubscription>();
	for (const subscription of subscriptions) {
		if (subscription.subscriptionId) map.set(subscription.subscriptionId, subscription);
	}
	return map;
}

/** Watch state for a list, as if every change so far had been seen (the first poll, which emits nothing). */
export function initialState(subscriptions: NormalizedSubscription[], now: Date, options: DiffOptions): WatchState {
	return diffSubscriptions(undefined, subscriptions, now, options).state;
}

/**
 * The events between the previous state and the current list, and the state to keep once they are emitted. With no
 * previous state every change is taken as seen and no event is returned.
 */
export function diffSubscriptions(
	previous: WatchState | undefined,
	subscriptions: NormalizedSubscription[],
	now: Date,
	options: DiffOptions,
): { events: SubscriptionEvent[]; state: WatchState } {
	const current = byId(subscriptions);
	if (current.size > MAX_TRACKED_SUBSCRIPTIONS) throw new TooManySubscriptionsError(current.size);
	const nowMs = now.getTime();
	const nowIso = now.toISOString();
	const since = previous?.since ?? nowIso;
	const known = previous?.subscriptions ?? {};
	const events: SubscriptionEvent[] = [];
	const next: Record<string, WatchedSubscription> = {};

	const emit = (
		event: SubscriptionEventName,
		discriminator: string,
		subscription: NormalizedSubscription,
		previousStatus: string | null,
		occurredAt: string,
		payment: NormalizedSubscriptionTransaction | null = null,
	) => {
		if (!previous) return;
		const eventId = `${subscription.subscriptionId}:${event}:${discriminator}`;
		events.push({ event, eventId, occurredAt, previousStatus, subscription, payment });
	};

	for (const [id, subscription] of current) {
		const status = upper(subscription.status);
		const before = known[id];
		const payments = settledPayments(subscription);
		const renewal = dueRenewalKey(subscription, nowMs, options);

		if (!before) {
			const started = startedAt(subscription);
			const existedBefore = started !== null && started < Date.parse(since) - EXISTED_BEFORE_MS;
			if (!existedBefore) {
				emit('created', 'created', subscription, null, started !== null ? new Date(started).toISOString() : nowIso);
				for (const payment of payments) {
					emit(
						payment.event,
						transactionKey(payment.transaction),
						subscription,
						status,
						new Date(payment.at).toISOString(),
						payment.transaction,
					);
				}
				if (renewal !== null) emit('renewalDue', renewal, subscription, status, nowIso);
			}
			next[id] = { s: status, ...watermarkOf(payments), r: renewal, n: 0 };
			continue;
		}

		const watermark = time(before.w);
		const fresh = payments.filter(
			(payment) =>
				watermark === null ||
				payment.at > watermark ||
				(payment.at === watermark && !before.i.includes(transactionKey(payment.transaction))),
		);
		for (const payment of fresh) {
			emit(
				payment.event,
				transactionKey(payment.transaction),
				subscription,
				before.s,
				new Date(payment.at).toISOString(),
				payment.transaction,
			);
		}

		const change = statusEvent(before.s, status);
		const changes = before.n + (before.s !== status ? 1 : 0);
		if (change) {
			const lastPayment = payments[payments.length - 1];
			const occurredAt = change === 'completed' && lastPayment ? new Date(lastPayment.at).toISOString() : nowIso;
			// Canceled and completed happen once; paused and resumed can repeat, so they are numbered.
			const discriminator = change === 'cancelled' || change === 'completed' ? 'final' : String(changes);
			emit(change, discriminator, subscription, before.s, occurredAt);
		}

		let notified = before.r;
		if (renewal !== null && renewal !== before.r) {
			emit('renewalDue', renewal, subscription, status, nowIso);
			notified = renewal;
		}
		next[id] = { s: status, ...watermarkOf(fresh, before), r: notified, n: changes };
	}

	// Missing subscriptions are kept (no event) for a while, so a list that comes back whole is no storm.
	const missing = Object.entries(known)
		.filter(([id]) => !current.has(id))
		.map(([id, watched]) => [id, { ...watched, m: watched.m ?? nowIso }] as const)
		.filter(([, watched]) => nowMs - Date.parse(watched.m) < FORGET_MISSING_AFTER_MS)
		.sort(([, a], [, b]) => Date.parse(b.m) - Date.parse(a.m));
	for (const [id, watched] of missing.slice(0, Math.max(0, MAX_TRACKED_SUBSCRIPTIONS - current.size)))
		next[id] = watched;

	events.sort(chronologically);
	return { events, state: { version: 1, since, subscriptions: next } };
}

/** At the same moment: a start, then its payments, then what they led to (completion), then what is due. */
const ORDER: Record<SubscriptionEventName, number> = {
	created: 0,
	paymentSucceeded: 1,
	paymentFailed: 1,
	paused: 2,
	resumed: 2,
	cancelled: 2,
	completed: 2,
	renewalDue: 3,
};
const rank = (event: SubscriptionEvent) => ORDER[event.event];

/** Oldest first; the gateway dates to the second, so ties go by kind, then by payment cycle, then by id. */
function chronologically(a: SubscriptionEvent, b: SubscriptionEvent): number {
	return (
		Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
		rank(a) - rank(b) ||
		(a.payment?.cycle ?? 0) - (b.payment?.cycle ?? 0) ||
		a.eventId.localeCompare(b.eventId)
	);
}

/**
 * For a manual run: the most recent change the list itself dates (a start, a payment, a completion), among the
 * chosen events, as the event a poll would have emitted. Pauses, resumes and cancellations carry no date in the list.
 */
export function mostRecentDatedEvent(
	subscriptions: NormalizedSubscription[],
	chosen: SubscriptionEventName[],
): SubscriptionEvent | null {
	const candidates: SubscriptionEvent[] = [];
	for (const subscription of byId(subscriptions).values()) {
		const status = upper(subscription.status);
		const payments = settledPayments(subscription);
		const started = startedAt(subscription);
		const id = subscription.subscriptionId as string;
		if (started !== null) {
			candidates.push({
				event: 'created',
				eventId: `${id}:created:created`,
				occurredAt: new Date(started).toISOString(),
				previousStatus: null,
				subscription,
				payment: null,
			});
		}
		for (const payment of payments) {
			const key = transactionKey(payment.transaction);
			candidates.push({
				event: payment.event,
				eventId: `${id}:${payment.event}:${key}`,
				occurredAt: new Date(payment.at).toISOString(),
				previousStatus: status,
				subscription,
				payment: payment.transaction,
			});
		}
		const lastPayment = payments[payments.length - 1];
		if (status === 'COMPLETED' && lastPayment) {
			candidates.push({
				event: 'completed',
				eventId: `${id}:completed:final`,
				occurredAt: new Date(lastPayment.at).toISOString(),
				previousStatus: 'ACTIVE',
				subscription,
				payment: null,
			});
		}
	}
	const wanted = candidates.filter((candidate) => chosen.includes(candidate.event));
	wanted.sort(chronologically);
	return wanted[wanted.length - 1] ?? null;
}
