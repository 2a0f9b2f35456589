import { subscriptionIdOperation } from './changeState';

/** Restarts billing of a paused subscription. */
export const { description, build } = subscriptionIdOperation('resume', 'resumeSubscription');
