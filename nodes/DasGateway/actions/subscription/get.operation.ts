import { subscriptionIdOperation } from './changeState';

/** Reads a subscription with its plan and payments. */
export const { description, build } = subscriptionIdOperation('get', 'getSubscription');
