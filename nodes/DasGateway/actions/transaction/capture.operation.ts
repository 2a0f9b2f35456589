import { followUpOperation } from './followUp';

/** Captures (part of) an authorisation. */
export const { description, build } = followUpOperation('capture', 'Amount to capture: at most what is still authorized');
