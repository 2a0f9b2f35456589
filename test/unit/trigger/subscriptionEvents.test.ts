import { normalizeSubscriptionList } from '../../../nodes/DasGateway/gateway/normalize';
import {
	FORGET_MISSING_AFTER_MS,
	MAX_TRACKED_SUBSCRIPTIONS,
	SUBSCRIPTION_EVENTS,
	TooManySubscriptionsError,
	diffSubscriptions,
	mostRecentDatedEvent,
	type WatchState,
} from '../../../nodes/DasGateway/subscriptionTrigger/events';
import { wireSubscriptionList, type WireSubscriptionSpec } from '../../fixtures/subscriptions';

const T0 = Date.parse('2026-11-30T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const iso = (ms: number) => at(ms).toISOString();
const MIN = 60_000;
const DAY = 24 * 3600_000;
const id = (letter: string) => `00000000-0000-4000-8000-00000000000${letter}`;
const OPTIONS = { renewalWindowDays: 3 };

function base(): Record<string, WireSubscriptionSpec> {
	return {
		A: {
			id: id('a'),
			status: 'ACTIVE',
			name: 'Monthly',
			amount: 12,
			ccy: 'USD',
			interval: 1,
			maxCycles: 24,
			completed: 1,
			nextCycle: 2,
			nextDate: iso(20 * DAY),
			transactions: [{ id: 'ta1', cycle: 1, status: 'SUCCESSFUL', date: iso(-10 * DAY), amount: 12 }],
		},
		B: {
			id: id('b'),
			status: 'ACTIVE',
			name: 'Weekly',
			amount: 7.5,
			ccy: 'USD',
			cycleType: 'DAYS',
			interval: 7,
			maxCycles: 24,
			completed: 2,
			nextCycle: 3,
			nextDate: iso(5 * DAY),
			transactions: [
				{ id: 'tb1', cycle: 1, status: 'SUCCESSFUL', date: iso(-9 * DAY), amount: 7.5 },
				{ id: 'tb2', cycle: 2, status: 'SUCCESSFUL', date: iso(-2 * DAY), amount: 7.5 },
			],
		},
		D: {
			id: id('d'),
			status: 'PAUSED',
			name: 'Paused',
			amount: 500,
			ccy: 'JPY',
			cycleType: 'DAYS',
			interval: 30,
			completed: 1,
			nextCycle: 2,
			nextDate: iso(1 * DAY),
			transactions: [{ id: 'td1', cycle: 1, status: 'SUCCESSFUL', date: iso(-29 * DAY), amount: 500 }],
		},
		E: {
			id: id('e'),
			status: 'ACTIVE',
			name: 'Daily',
			amount: 1,
			ccy: 'EUR',
			cycleType: 'DAYS',
			interval: 2,
			maxCycles: 10,
			completed: 1,
			nextCycle: 2,
			nextDate: iso(2 * DAY),
			transactions: [{ id: 'te1', cycle: 1, status: 'SUCCESSFUL', date: iso(-DAY), amount: 1 }],
		},
		F: {
			id: id('f'),
			status: 'ACTIVE',
			name: 'Two cycles',
			amount: 9.99,
			ccy: 'EUR',
			cycleType: 'DAYS',
			interval: 30,
			maxCycles: 2,
			completed: 1,
			nextCycle: 2,
			nextDate: iso(10 * DAY),
			transactions: [{ id: 'tf1', cycle: 1, status: 'SUCCESSFUL', date: iso(-20 * DAY), amount: 9.99 }],
		},
	};
}

const list = (specs: Record<string, WireSubscriptionSpec>) =>
	normalizeSubscriptionList(wireSubscriptionList(Object.values(specs)));
const summary = (events: ReturnType<typeof diffSubscriptions>['events']) =>
	events.map((event) => [
		event.event,
		event.subscription.subscriptionId,
		event.previousStatus,
		event.occurredAt,
		event.eventId,
	]);

describe('diffSubscriptions', () => {
	it('records the first poll and emits nothing, even for renewals already due', () => {
		const { events, state } = diffSubscriptions(undefined, list(base()), at(0), OPTIONS);
		expect(events).toEqual([]);
		expect(state.since).toBe(iso(0));
		expect(Object.keys(state.subscriptions).sort()).toEqual([id('a'), id('b'), id('d'), id('e'), id('f')]);
		expect(state.subscriptions[id('e')]).toEqual({ s: 'ACTIVE', w: iso(-DAY), i: ['te1'], r: '2', n: 0 });
	});

	it('emits each change once, dated by the gateway where it can, with deterministic ids', () => {
		const first = diffSubscriptions(undefined, list(base()), at(0), OPTIONS).state;
		const specs = base();
		specs.A.status = 'PAUSED';
		specs.B.transactions!.push({ id: 'tb3', cycle: 3, status: 'SUCCESSFUL', date: iso(30_000), amount: 7.5 });
		Object.assign(specs.B, { completed: 3, nextCycle: 4, nextDate: iso(12 * DAY) });
		specs.C = {
			id: id('c'),
			status: 'ACTIVE',
			name: 'New',
			amount: 3,
			ccy: 'USD',
			interval: 1,
			completed: 1,
			nextCycle: 2,
			nextDate: iso(30 * DAY),
			transactions: [{ id: 'tc1', cycle: 1, status: 'SUCCESSFUL', date: iso(40_000), amount: 3 }],
		};
		specs.D.status = 'CANCELLED';
		const second = diffSubscriptions(first, list(specs), at(MIN), OPTIONS);
		expect(summary(second.events)).toEqual([
			['paymentSucceeded', id('b'), 'ACTIVE', iso(30_000), `${id('b')}:paymentSucceeded:tb3`],
			['created', id('c'), null, iso(40_000), `${id('c')}:created:created`],
			['paymentSucceeded', id('c'), 'ACTIVE', iso(40_000), `${id('c')}:paymentSucceeded:tc1`],
			['paused', id('a'), 'ACTIVE', iso(MIN), `${id('a')}:paused:1`],
			['cancelled', id('d'), 'PAUSED', iso(MIN), `${id('d')}:cancelled:final`],
		]);
		expect(second.events[0].payment).toMatchObject({
			transactionId: 'tb3',
			cycle: 3,
			status: 'SUCCESSFUL',
			amount: 7.5,
		});
		expect(second.events[0].subscription).toMatchObject({ subscriptionId: id('b'), completedCycles: 3 });

		// The same list again: nothing new.
		const third = diffSubscriptions(second.state, list(specs), at(2 * MIN), OPTIONS);
		expect(third.events).toEqual([]);

		// Resumed, then a failed payment; a second pause is a new event with a new id.
		specs.A.status = 'ACTIVE';
		specs.B.transactions!.push({ id: 'tb4', cycle: 4, status: 'FAILED', date: iso(2.5 * MIN), amount: 7.5 });
		specs.B.lastPaymentStatus = 'FAILED';
		const fourth = diffSubscriptions(third.state, list(specs), at(3 * MIN), OPTIONS);
		expect(summary(fourth.events)).toEqual([
			['paymentFailed', id('b'), 'ACTIVE', iso(2.5 * MIN), `${id('b')}:paymentFailed:tb4`],
			['resumed', id('a'), 'PAUSED', iso(3 * MIN), `${id('a')}:resumed:2`],
		]);
		specs.A.status = 'PAUSED';
		const fifth = diffSubscriptions(fourth.state, list(specs), at(4 * MIN), OPTIONS);
		expect(summary(fifth.events)).toEqual([['paused', id('a'), 'ACTIVE', iso(4 * MIN), `${id('a')}:paused:3`]]);
	});

	it('emits renewal due once per cycle, and completion dated by the last payment', () => {
		const first = diffSubscriptions(undefined, list(base()), at(0), OPTIONS).state;
		const specs = base();
		specs.E.transactions!.push({ id: 'te2', cycle: 2, status: 'SUCCESSFUL', date: iso(2 * DAY), amount: 1 });
		Object.assign(specs.E, { completed: 2, nextCycle: 3, nextDate: iso(4 * DAY) });
		specs.F.transactions!.push({ id: 'tf2', cycle: 2, status: 'SUCCESSFUL', date: iso(10 * DAY), amount: 9.99 });
		Object.assign(specs.F, { status: 'COMPLETED', completed: 2, nextCycle: '', nextDate: '' });
		const later = diffSubscriptions(first, list(specs), at(2 * DAY + MIN), OPTIONS);
		expect(summary(later.events)).toEqual([
			['paymentSucceeded', id('e'), 'ACTIVE', iso(2 * DAY), `${id('e')}:paymentSucceeded:te2`],
			// B's next payment (5 days after T0) is now within 3 days; E's cycle 3 (4 days after T0) too.
			['renewalDue', id('b'), 'ACTIVE', iso(2 * DAY + MIN), `${id('b')}:renewalDue:3`],
			['renewalDue', id('e'), 'ACTIVE', iso(2 * DAY + MIN), `${id('e')}:renewalDue:3`],
			['paymentSucceeded', id('f'), 'ACTIVE', iso(10 * DAY), `${id('f')}:paymentSucceeded:tf2`],
			['completed', id('f'), 'ACTIVE', iso(10 * DAY), `${id('f')}:completed:final`],
		]);
		expect(diffSubscriptions(later.state, list(specs), at(2 * DAY + 2 * MIN), OPTIONS).events).toEqual([]);
	});

	it('takes a pending payment only once it is settled', () => {
		const first = diffSubscriptions(undefined, list(base()), at(0), OPTIONS).state;
		const specs = base();
		specs.A.transactions!.push({ id: 'ta2', cycle: 2, status: 'PENDING', date: iso(MIN), amount: 12 });
		const pending = diffSubscriptions(first, list(specs), at(2 * MIN), OPTIONS);
		expect(pending.events).toEqual([]);
		specs.A.transactions![1].status = 'SUCCESSFUL';
		const settled = diffSubscriptions(pending.state, list(specs), at(3 * MIN), OPTIONS);
		expect(summary(settled.events)).toEqual([
			['paymentSucceeded', id('a'), 'ACTIVE', iso(MIN), `${id('a')}:paymentSucceeded:ta2`],
		]);
	});

	it('tells apart payments dated in the same second by their ids', () => {
		const specs = base();
		const first = diffSubscriptions(undefined, list(specs), at(0), OPTIONS).state;
		specs.A.transactions!.push({ id: 'ta2', cycle: 2, status: 'FAILED', date: iso(MIN), amount: 12 });
		const one = diffSubscriptions(first, list(specs), at(2 * MIN), OPTIONS);
		specs.A.transactions!.push({ id: 'ta3', cycle: 2, status: 'SUCCESSFUL', date: iso(MIN), amount: 12 });
		const two = diffSubscriptions(one.state, list(specs), at(3 * MIN), OPTIONS);
		expect(one.events.map((event) => event.eventId)).toEqual([`${id('a')}:paymentFailed:ta2`]);
		expect(two.events.map((event) => event.eventId)).toEqual([`${id('a')}:paymentSucceeded:ta3`]);
	});

	it('is no storm when subscriptions disappear and come back, and forgets them after a while', () => {
		const first = diffSubscriptions(undefined, list(base()), at(0), OPTIONS).state;
		const gone = diffSubscriptions(first, [], at(MIN), OPTIONS);
		expect(gone.events).toEqual([]);
		expect(gone.state.subscriptions[id('a')].m).toBe(iso(MIN));
		const back = diffSubscriptions(gone.state, list(base()), at(2 * MIN), OPTIONS);
		expect(back.events).toEqual([]);
		expect(back.state.subscriptions[id('a')].m).toBeUndefined();

		const longGone = diffSubscriptions(gone.state, [], at(MIN + FORGET_MISSING_AFTER_MS), OPTIONS);
		expect(longGone.state.subscriptions).toEqual({});
		// Forgotten ones that come back started long before watching began: recorded, not "created".
		const returned = diffSubscriptions(longGone.state, list(base()), at(2 * MIN + FORGET_MISSING_AFTER_MS), OPTIONS);
		expect(returned.events.filter((event) => event.event === 'created')).toEqual([]);
	});

	it('refuses a list longer than it can keep state for', () => {
		const one = list(base())[0];
		const many = Array.from({ length: MAX_TRACKED_SUBSCRIPTIONS + 1 }, (_, index) => ({
			...one,
			subscriptionId: `sub-${index}`,
		}));
		expect(() => diffSubscriptions(undefined, many, at(0), OPTIONS)).toThrow(TooManySubscriptionsError);
	});

	it('keeps its state small: a few fields per subscription', () => {
		const state: WatchState = diffSubscriptions(undefined, list(base()), at(0), OPTIONS).state;
		expect(JSON.stringify(state).length).toBeLessThan(150 * 5 + 100);
	});
});

describe('mostRecentDatedEvent', () => {
	it('gives the latest dated change among the chosen events', () => {
		const subscriptions = list(base());
		expect(mostRecentDatedEvent(subscriptions, [...SUBSCRIPTION_EVENTS])).toMatchObject({
			event: 'paymentSucceeded',
			eventId: `${id('e')}:paymentSucceeded:te1`,
			occurredAt: iso(-DAY),
		});
		expect(mostRecentDatedEvent(subscriptions, ['created'])).toMatchObject({
			event: 'created',
			eventId: `${id('e')}:created:created`,
		});
		expect(mostRecentDatedEvent(subscriptions, ['paused'])).toBeNull();
		expect(mostRecentDatedEvent([], [...SUBSCRIPTION_EVENTS])).toBeNull();
	});
});
