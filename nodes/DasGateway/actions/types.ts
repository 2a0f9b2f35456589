import type { IDataObject, IExecuteFunctions, INodeProperties, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { GatewayCredentials } from '../gateway/environment';
import type { GatewayRequest, GatewayResult } from '../gateway/transport';

export type { GatewayResult };

/** What the router reads once per run and hands to every operation's build. */
export interface RunContext {
	credentials: GatewayCredentials;
	/** The operation's form in the running node version: where each parameter lives, its label and options. */
	fields: INodeProperties[];
}

/** Where a planned call leads once its result is known. */
export type PlanStep =
	| { kind: 'output'; items: IDataObject[] }
	/** A follow-up call: built and validated when the plan was built, before anything of the run was sent. */
	| { kind: 'send'; plan: RequestPlan }
	| { kind: 'fail'; error: NodeApiError | NodeOperationError };

/** One call an item makes, and what its result leads to. */
export interface RequestPlan {
	request: GatewayRequest;
	then(result: GatewayResult): PlanStep;
}

/**
 * One operation: its fields, and how one input item becomes a request plan. `build` reads the parameters strictly
 * and validates the request with the manual's limits; it does no I/O. It throws a NodeOperationError for invalid
 * input, and then nothing of the run is sent (unless Continue On Fail, where only that item is left out).
 */
export interface OperationModule {
	description: INodeProperties[];
	build(this: IExecuteFunctions, itemIndex: number, run: RunContext): RequestPlan;
}

export type ResourceOperations = Record<string, OperationModule>;
