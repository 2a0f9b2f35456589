import { cardPaymentOperation } from './body';

/** Charges the card at once (CAPTURE); can save the card, or charge a saved one. Fields and request: see body.ts. */
export const { description, build } = cardPaymentOperation('purchase');
