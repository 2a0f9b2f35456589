/**
 * Wire paths (billing_address.email) → the node's parameter paths (billingAddress.address.email) → the labels the
 * user sees ("Billing Address → Email"), so a validation error names the field as the editor shows it.
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

const ADDRESS_VALUES: Record<string, string> = {
	country: 'country',
	email: 'email',
	phone_number: 'phone',
	phone: 'phone',
	address1: 'addressLine1',
	city: 'city',
	state: 'state',
	postal_code: 'postalCode',
};

const RETURN_URLS: Record<string, string> = {
	webhook_url: 'webhookUrl',
	success_url: 'successUrl',
	decline_url: 'declineUrl',
	cancel_url: 'cancelUrl',
};

/** Every wire path the action node sends whose parameter name differs from a plain rename. */
const WIRE_TO_PARAMETER: Record<string, string> = {
	amount: 'amount',
	currency: 'currency',
	merchant_id: 'merchantId',
	merchant_txn_ref: 'merchantTxnRef',
	merchant_email: 'merchantEmail',
	customer_ip: 'customerIp',
	time_zone: 'timeZone',
	transactionId: 'transactionId',
	cardinal_session_id: 'additionalFields.cardinalSessionId',
	notes: 'additionalFields.notes',
	card: 'cardNumber',
	'card.number': 'cardNumber',
	'card.name': 'cardholderName',
	'card.cvc': 'cardCvc',
	'card.expiry_month': 'cardExpiryMonth',
	'card.expiry_year': 'cardExpiryYear',
	payment_method: 'cardScheme',
	'payment_method.type': 'cardScheme',
	'payment_method.stored_payment_method_id': 'storedPaymentMethodId',
	billing_address: 'billingAddress',
	shipping_address: 'shippingAddress',
	return_url: 'returnUrls',
	browser_info: 'browserInfo',
	subscription: 'planName',
	'subscription.plan_name': 'planName',
	'subscription.plan_desc': 'planDescription',
	'subscription.cycle_type': 'cycleType',
	'subscription.subscription_end_type': 'endType',
	'subscription.cycle_interval': 'cycleInterval',
	'subscription.max_cycle_count': 'maxCycles',
	'subscription.has_trial_period': 'hasTrialPeriod',
	'subscription.trial_period_duration_type': 'trialDurationType',
	'subscription.trial_period_duration': 'trialDuration',
	'subscription.has_discount': 'hasDiscount',
	'subscription.discount_percentage': 'discountPercentage',
	'subscription.discount_duration': 'discountDuration',
};

/** The parameter path for a wire path; `overrides` covers operations that keep a field elsewhere. */
export function parameterPathFor(wirePath: string, overrides: Record<string, string> = {}): string | null {
	if (overrides[wirePath]) return overrides[wirePath];
	if (WIRE_TO_PARAMETER[wirePath]) return WIRE_TO_PARAMETER[wirePath];
	const [head, tail] = wirePath.split('.', 2);
	if ((head === 'billing_address' || head === 'shipping_address') && tail && ADDRESS_VALUES[tail]) {
		return `${head === 'billing_address' ? 'billingAddress' : 'shippingAddress'}.address.${ADDRESS_VALUES[tail]}`;
	}
	if (head === 'return_url' && tail && RETURN_URLS[tail]) return `returnUrls.${RETURN_URLS[tail]}`;
	if (head === 'browser_info' && tail) return `browserInfo.${tail}`;
	return null;
}

function isGroup(option: unknown): option is INodePropertyCollection {
	return typeof option === 'object' && option !== null && Array.isArray((option as INodePropertyCollection).values);
}

/** "Billing Address → Email" for billingAddress.address.email, using the display names of `properties`. */
export function labelForParameter(parameterPath: string, properties: INodeProperties[]): string | null {
	const [first, ...rest] = parameterPath.split('.');
	const property = properties.find((candidate) => candidate.name === first);
	if (!property) {
		// A later version may keep the field inside a collection (Additional Fields): "Additional Fields → Merchant ID".
		const holder = properties.find(
			(candidate) =>
				candidate.type === 'collection' &&
				(candidate.options ?? []).some((option) => 'name' in option && option.name === first),
		);
		return holder ? labelForParameter(`${holder.name}.${parameterPath}`, properties) : null;
	}
	const labels = [property.displayName];
	let children: unknown[] = property.options ?? [];
	for (const segment of rest) {
		const groups = children.filter(isGroup);
		const group = groups.find((candidate) => candidate.name === segment);
		if (group) {
			// A fixedCollection with a single group: the group's name adds nothing the user would recognize.
			if (groups.length > 1) labels.push(group.displayName);
			children = group.values;
			continue;
		}
		const child = children.find(
			(candidate): candidate is INodeProperties =>
				typeof candidate === 'object' && candidate !== null && (candidate as INodeProperties).name === segment,
		);
		if (!child) break;
		labels.push(child.displayName);
		children = child.options ?? [];
	}
	return labels.join(' → ');
}

/** The label for a wire path: the parameter's display name, else the wire path itself. */
export function labelForWirePath(
	wirePath: string,
	properties: INodeProperties[],
	overrides: Record<string, string> = {},
): string {
	const parameterPath = parameterPathFor(wirePath, overrides);
	if (!parameterPath) return wirePath;
	// Version 1 groups the return URLs in a Return URLs collection; version 2 has each URL as a field of its own.
	const leaf = parameterPath.startsWith('returnUrls.') ? parameterPath.slice('returnUrls.'.length) : null;
	return (
		labelForParameter(parameterPath, properties) ?? (leaf ? labelForParameter(leaf, properties) : null) ?? wirePath
	);
}
