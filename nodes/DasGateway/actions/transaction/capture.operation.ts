import { followUpOperation } from './followUp';

/** Captures (part of) an authorization. */
export const { description, build } = followUpOperation(
	'capture',
	'Amount to capture: at most what is still authorized',
);
