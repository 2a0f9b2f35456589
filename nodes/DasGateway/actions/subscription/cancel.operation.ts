import { subscriptionIdOperation } from './changeState';

/** Ends the subscription for good. */
export const { description, build } = subscriptionIdOperation('cancel', 'cancelSubscription');
