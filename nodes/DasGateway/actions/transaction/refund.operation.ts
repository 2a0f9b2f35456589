import { followUpOperation } from './followUp';

/** Refunds (part of) a captured transaction or purchase. */
export const { description, build } = followUpOperation(
	'refund',
	'Amount to refund: at most what was captured and not yet refunded',
);
