import { cardPaymentOperation } from './body';

/** Reserves the amount on the card (PRE_AUTH); capture or void it later. Fields and request: see body.ts. */
export const { description, build } = cardPaymentOperation('authorize');
