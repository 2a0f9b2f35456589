/**
 * Subscription's "From List" (version 2): the editor's searchable picker, backed by the gateway's subscription list.
 * The list call has no paging or search of its own, so each page reads the list, filters it by the search text and
 * hands back one bounded page, with the offset of the next as n8n's pagination token.
 */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { normalizeSubscriptionList, type NormalizedSubscription } from '../../gateway/normalize';
import { gatewayRequest } from '../../gateway/transport';

/** Entries per page of the picker. */
export const SUBSCRIPTION_PAGE_SIZE = 50;

/** The editor waits for this list: a slow gateway fails the picker fast rather than hanging it (By ID still works). */
const PICKER_TIMEOUT_MS = 15_000;

function matches(subscription: NormalizedSubscription, needle: string): boolean {
	if (!needle) return true;
	return [subscription.subscriptionId, subscription.plan.name, subscription.plan.description, subscription.status].some(
		(text) => typeof text === 'string' && text.toLowerCase().includes(needle),
	);
}

function entry(subscription: NormalizedSubscription & { subscriptionId: string }): INodeListSearchItems {
	const plan = subscription.plan;
	const price = plan.amount !== null && plan.currency ? `${plan.amount} ${plan.currency}` : null;
	const name = [plan.name ?? 'Unnamed plan', subscription.status, price].filter(Boolean).join(' · ');
	return { name, value: subscription.subscriptionId, description: subscription.subscriptionId };
}

/** The offset a pagination token stands for: a whole number of entries, else the first page. */
function offsetFrom(paginationToken: string | undefined): number {
	return paginationToken && /^\d{1,9}$/.test(paginationToken) ? Number(paginationToken) : 0;
}

/**
 * n8n calls this with the search text and the token of the page it wants. A failed call (a refused credential, an
 * unreachable gateway) throws the transport's NodeApiError, whose message n8n shows in the picker; it never
 * carries a key.
 */
export async function searchSubscriptions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const answer = await gatewayRequest(this, { endpoint: 'listSubscriptions' }, { timeoutMs: PICKER_TIMEOUT_MS });
	const needle = (filter ?? '').trim().toLowerCase();
	const found = normalizeSubscriptionList(answer.body).filter(
		(subscription): subscription is NormalizedSubscription & { subscriptionId: string } =>
			typeof subscription.subscriptionId === 'string' &&
			subscription.subscriptionId !== '' &&
			matches(subscription, needle),
	);
	const offset = offsetFrom(paginationToken);
	const next = offset + SUBSCRIPTION_PAGE_SIZE;
	return {
		results: found.slice(offset, next).map(entry),
		...(next < found.length ? { paginationToken: String(next) } : {}),
	};
}
