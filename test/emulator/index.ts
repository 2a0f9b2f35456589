/**
 * Local DasGateway emulator: a stateful stand-in for the DasGateway server-to-server API
 * (written from the manual in /work/shared/api), with webhook delivery, 3DS and HPP pages,
 * faults and latency. See test/emulator/README.md.
 */
export { startEmulator, DEFAULTS } from './server';
export { BASE_PATH } from './gateway';
export { TEST_CARDS, ERR3003_MESSAGE } from './cards';
export type {
	AdvanceOptions,
	EmulatorOptions,
	FaultInjection,
	FaultKind,
	RecordedRequest,
	RunningEmulator,
	SubscriptionView,
	TransactionSnapshot,
	WebhookAttempt,
	WebhookDelivery,
	WebhookOptions,
} from './types';
export { FAULT_KINDS } from './types';
