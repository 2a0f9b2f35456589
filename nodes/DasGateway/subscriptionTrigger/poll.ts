/**
 * One poll of the Subscription Trigger: read the subscription list through the package's transport, compare it with
 * the state kept in the node's static data, and hand n8n one item per chosen event. The new state is written only
 * after everything that can fail has succeeded, right before the items are returned (n8n saves it when it takes
 * them), so an event is never recorded as seen without being emitted.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeSubscriptionList, type NormalizedSubscription } from '../gateway/normalize';
import { gatewayRequest } from '../gateway/transport';
import {
	MAX_TRACKED_SUBSCRIPTIONS,
	SUBSCRIPTION_EVENTS,
	TooManySubscriptionsError,
	diffSubscriptions,
	mostRecentDatedEvent,
	type SubscriptionEvent,
	type SubscriptionEventName,
	type WatchState,
} from './events';

export const DEFAULT_RENEWAL_WINDOW_DAYS = 3;
const MAX_RENEWAL_WINDOW_DAYS = 365;
const STATE_KEY = 'subscriptionWatch';

interface TriggerSettings {
	events: SubscriptionEventName[];
	renewalWindowDays: number;
}

function invalid(ctx: IPollFunctions, label: string, rule: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${label} ${rule}`, {
		description: `Fix ${label} in the trigger's settings (or the expression that feeds it); nothing was asked of DasGateway.`,
	});
}

/** The trigger's parameters, read strictly (an expression giving an unknown event or a bad number is an error). */
export function readSettings(ctx: IPollFunctions): TriggerSettings {
	const rawEvents = ctx.getNodeParameter('events', [...SUBSCRIPTION_EVENTS]) as unknown;
	const list =
		typeof rawEvents === 'string'
			? rawEvents
					.split(',')
					.map((entry) => entry.trim())
					.filter(Boolean)
			: rawEvents;
	if (!Array.isArray(list) || list.some((entry) => !(SUBSCRIPTION_EVENTS as readonly unknown[]).includes(entry))) {
		throw invalid(ctx, 'Events', `must be among ${SUBSCRIPTION_EVENTS.join(', ')}`);
	}
	if (list.length === 0) throw invalid(ctx, 'Events', 'must list at least one event');

	const rawDays = ctx.getNodeParameter('renewalWindowDays', DEFAULT_RENEWAL_WINDOW_DAYS) as unknown;
	const days = typeof rawDays === 'string' && /^\s*\d+\s*$/.test(rawDays) ? Number(rawDays) : rawDays;
	if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_RENEWAL_WINDOW_DAYS) {
		throw invalid(ctx, 'Renewal Due Within (Days)', `must be a whole number from 0 to ${MAX_RENEWAL_WINDOW_DAYS}`);
	}
	return { events: list as SubscriptionEventName[], renewalWindowDays: days };
}

async function readSubscriptions(ctx: IPollFunctions): Promise<NormalizedSubscription[]> {
	// The transport needs getCredentials, getNode and httpRequestWithAuthentication, which a poll context has too.
	const answer = await gatewayRequest(ctx as unknown as IExecuteFunctions, { endpoint: 'listSubscriptions' });
	return normalizeSubscriptionList(answer.body);
}

/** The item n8n receives: the normalized subscription plus what happened. */
export function eventItem(event: SubscriptionEvent): INodeExecutionData {
	return {
		json: {
			...(event.subscription as unknown as IDataObject),
			event: event.event,
			previousStatus: event.previousStatus,
			occurredAt: event.occurredAt,
			eventId: event.eventId,
			payment: event.payment as unknown as IDataObject | null,
		},
	};
}

function storedState(ctx: IPollFunctions): WatchState | undefined {
	const stored = ctx.getWorkflowStaticData('node')[STATE_KEY] as WatchState | undefined;
	return stored && stored.version === 1 && typeof stored.subscriptions === 'object' ? stored : undefined;
}

export async function pollSubscriptions(
	ctx: IPollFunctions,
	now: Date = new Date(),
): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	const subscriptions = await readSubscriptions(ctx);

	if (ctx.getMode() === 'manual') {
		// A test run shows what an event looks like and changes nothing that the active trigger keeps.
		const latest = mostRecentDatedEvent(subscriptions, settings.events);
		if (!latest) {
			throw new NodeOperationError(ctx.getNode(), 'No subscription event to show yet', {
				description: `DasGateway lists ${subscriptions.length} subscription(s) and none has a dated change among the chosen events (starts, payments and completions carry dates; pauses, resumes and cancellations are seen only by an active trigger). Create a subscription or activate the workflow.`,
			});
		}
		return [[eventItem(latest)]];
	}

	const watched = new Set(subscriptions.map((subscription) => subscription.subscriptionId).filter(Boolean)).size;
	if (watched > MAX_TRACKED_SUBSCRIPTIONS)
		throw new NodeOperationError(ctx.getNode(), new TooManySubscriptionsError(watched).message);
	const result = diffSubscriptions(storedState(ctx), subscriptions, now, {
		renewalWindowDays: settings.renewalWindowDays,
	});
	const items = result.events.filter((event) => settings.events.includes(event.event)).map(eventItem);
	ctx.getWorkflowStaticData('node')[STATE_KEY] = result.state as unknown as IDataObject;
	return items.length ? [items] : null;
}
