import { subscriptionIdOperation } from './changeState';

/** Stops billing until resumed. */
export const { description, build } = subscriptionIdOperation('pause', 'pauseSubscription');
