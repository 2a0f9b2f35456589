/** Every DasGateway call (DIGEST.md's 16 rows; rows 3–5 share /payment): method, path, and how safe it is to repeat. */

export interface Endpoint {
	method: 'GET' | 'POST';
	/** Path after the base path; `{name}` segments are filled from path parameters. */
	path: string;
	/** Moves money: never repeated automatically; a lost answer is reported as "outcome unknown". */
	movesMoney: boolean;
	/** A pure read: may be repeated after a network failure or a 502/503/504. */
	safeToRetry: boolean;
	/** Words for messages: "while <label>". */
	label: string;
}

export const ENDPOINTS = {
	createHostedPaymentLink: {
		method: 'POST',
		path: '/hpp/generate/link',
		movesMoney: false,
		safeToRetry: false,
		label: 'creating a hosted payment page link',
	},
	authorize: {
		method: 'POST',
		path: '/authorization',
		movesMoney: true,
		safeToRetry: false,
		label: 'authorizing a payment',
	},
	purchase: { method: 'POST', path: '/payment', movesMoney: true, safeToRetry: false, label: 'making a purchase' },
	purchase3ds: {
		method: 'POST',
		path: '/paymentv2',
		movesMoney: true,
		safeToRetry: false,
		label: 'starting a 3D Secure purchase',
	},
	capture: { method: 'POST', path: '/capture', movesMoney: true, safeToRetry: false, label: 'capturing a payment' },
	refund: { method: 'POST', path: '/refund', movesMoney: true, safeToRetry: false, label: 'refunding a payment' },
	void: { method: 'POST', path: '/void', movesMoney: true, safeToRetry: false, label: 'voiding an authorization' },
	transactionStatus: {
		method: 'GET',
		path: '/transaction/status/{transactionId}',
		movesMoney: false,
		safeToRetry: true,
		label: 'reading a transaction',
	},
	createSubscription: {
		method: 'POST',
		path: '/subscription/payment',
		movesMoney: true,
		safeToRetry: false,
		label: 'creating a subscription',
	},
	listSubscriptions: {
		method: 'GET',
		path: '/subscription/list',
		movesMoney: false,
		safeToRetry: true,
		label: 'listing subscriptions',
	},
	getSubscription: {
		method: 'GET',
		path: '/subscription/{subscriptionId}',
		movesMoney: false,
		safeToRetry: true,
		label: 'reading a subscription',
	},
	// GETs that change state: a repeat after a lost answer would report a confusing 412, so they are not retried.
	pauseSubscription: {
		method: 'GET',
		path: '/subscription/{subscriptionId}/pause',
		movesMoney: false,
		safeToRetry: false,
		label: 'pausing a subscription',
	},
	resumeSubscription: {
		method: 'GET',
		path: '/subscription/{subscriptionId}/resume',
		movesMoney: false,
		safeToRetry: false,
		label: 'resuming a subscription',
	},
	cancelSubscription: {
		method: 'GET',
		path: '/subscription/{subscriptionId}/cancel',
		movesMoney: false,
		safeToRetry: false,
		label: 'canceling a subscription',
	},
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Fills `{name}` segments, URL-encoding each value. */
export function endpointPath(endpoint: Endpoint, params: Record<string, string> = {}): string {
	return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined || value === '')
			throw new RangeError(`Missing path parameter ${name} for ${endpoint.path}`);
		return encodeURIComponent(value);
	});
}
