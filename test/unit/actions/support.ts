/** Shared by the action node tests: running the node against the emulator, and valid parameters to start from. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RunningEmulator } from '../../emulator';

import { DasGateway } from '../../../nodes/DasGateway/DasGateway.node';
import { createExecuteContext, type ExecuteContextOptions } from '../../helpers/executeContext';
import { emulatorCredentials, type RecordedCall } from '../../helpers/httpWithCredentials';

export { emulatorCredentials };

type Executable = { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> };

/** One version of the action node (these hand-made contexts say typeVersion 1). */
export function nodeVersion(version: number): Executable {
	return new DasGateway().getNodeType(version) as unknown as Executable;
}

export interface NodeRun {
	output: INodeExecutionData[];
	calls: RecordedCall[];
}

export interface FailedNodeRun {
	error: Error & { description?: string; httpCode?: string; context?: IDataObject };
	calls: RecordedCall[];
}

type RunOptions = Omit<ExecuteContextOptions, 'credentials'> & {
	credentials?: ExecuteContextOptions['credentials'];
	baseUrl?: string;
};

function contextOptions(options: RunOptions): ExecuteContextOptions {
	return { ...options, credentials: options.credentials ?? emulatorCredentials(options.baseUrl ?? '') };
}

export async function runNode(options: RunOptions): Promise<NodeRun> {
	const { ctx, calls } = createExecuteContext(contextOptions(options));
	const [output] = await nodeVersion(1).execute.call(ctx);
	return { output, calls };
}

export async function runNodeExpectingError(options: RunOptions): Promise<FailedNodeRun> {
	const { ctx, calls } = createExecuteContext(contextOptions(options));
	try {
		await nodeVersion(1).execute.call(ctx);
	} catch (error) {
		return { error: error as FailedNodeRun['error'], calls };
	}
	throw new Error('Expected the node to fail, but it succeeded');
}

/** Sets dotted paths on a deep copy; `undefined` removes the key. */
export function withParameters(base: IDataObject, changes: Record<string, unknown>): IDataObject {
	const copy = JSON.parse(JSON.stringify(base)) as IDataObject;
	for (const [path, value] of Object.entries(changes)) {
		const segments = path.split('.');
		let target = copy;
		for (const segment of segments.slice(0, -1)) {
			if (typeof target[segment] !== 'object' || target[segment] === null) target[segment] = {};
			target = target[segment] as IDataObject;
		}
		const last = segments[segments.length - 1];
		if (value === undefined) delete target[last];
		else target[last] = value as IDataObject[string];
	}
	return copy;
}

export const FUTURE_YEAR = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');

export const CARDS = {
	approve: '4111111111111111',
	decline: '4000000000000002',
	insufficientFunds: '4000000000009995',
	expired: '4000000000000069',
	riskRule: '4000000000000101',
	threeDs: '4000002500003155',
};

export const BILLING_ADDRESS = {
	country: 'JP',
	email: 'ada@example.com',
	phone: '+81 3 1234 5678',
	addressLine1: '1-2-3 Shinjuku',
	city: 'Shinjuku-ku',
	state: 'Tokyo',
	postalCode: '1600022',
};

export function purchaseParameters(changes: Record<string, unknown> = {}): IDataObject {
	return withParameters(
		{
			resource: 'payment',
			operation: 'purchase',
			amount: 10.5,
			currency: 'USD',
			paymentSource: 'card',
			cardNumber: CARDS.approve,
			cardholderName: 'Ada Lovelace',
			cardExpiryMonth: '12',
			cardExpiryYear: FUTURE_YEAR,
			cardCvc: '123',
			customerIp: '203.0.113.7',
			timeZone: 'Asia/Tokyo',
			billingAddress: { address: BILLING_ADDRESS },
		},
		changes,
	);
}

export function subscriptionParameters(changes: Record<string, unknown> = {}): IDataObject {
	return withParameters(
		purchaseParameters({
			resource: 'subscription',
			operation: 'create',
			paymentSource: undefined,
			planName: 'Monthly box',
			planDescription: 'One box a month',
			cycleType: 'MONTHS',
			cycleInterval: 1,
			endType: 'CYCLE',
			maxCycles: 12,
			hasTrialPeriod: false,
			hasDiscount: false,
		}),
		changes,
	);
}

export function hostedPageParameters(changes: Record<string, unknown> = {}): IDataObject {
	return withParameters(
		{
			resource: 'hostedPaymentPage',
			operation: 'createLink',
			amount: 25,
			currency: 'USD',
			merchantEmail: 'shop@example.com',
			billingAddress: {
				address: {
					country: 'JP',
					email: 'ada@example.com',
					phone: '+81312345678',
					addressLine1: '1-2-3 Shinjuku',
					city: 'Shinjuku-ku',
					state: 'Tokyo',
				},
			},
			returnUrls: { successUrl: 'https://shop.example/paid', declineUrl: 'https://shop.example/declined' },
		},
		changes,
	);
}

/** Every secret a test credential holds, and a full card number: none may appear in outputs or errors. */
export const SECRETS = ['emulator-api-key', 'emulator-x-api-key', 'ZW11bGF0b3ItYXBpLWtleTo'];

export function serialize(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, entry: unknown) => {
		if (entry instanceof Error) {
			const copy: Record<string, unknown> = {};
			for (const key of Object.getOwnPropertyNames(entry))
				copy[key] = (entry as unknown as Record<string, unknown>)[key];
			return copy;
		}
		if (entry && typeof entry === 'object') {
			if (seen.has(entry)) return '[circular]';
			seen.add(entry);
		}
		return entry;
	});
}

/** `gatewayCalls(path?)`: the gateway calls the emulator received since the last `mark()` (all, or those to `path`). */
export function gatewayCallRecorder(emulator: () => RunningEmulator) {
	let marked = 0;
	return {
		mark: () => {
			marked = emulator().requests().length;
		},
		gatewayCalls: (path?: string) =>
			emulator()
				.requests()
				.slice(marked)
				.filter((request) => request.path.includes('/api/v1/') && (path === undefined || request.path.endsWith(path))),
	};
}
