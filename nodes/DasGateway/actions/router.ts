/**
 * The item loop. Pass 1 builds and validates every item's request plan: nothing is sent until every item of the run
 * is known to be valid, follow-up calls included (without Continue On Fail one invalid item stops the run unsent).
 * Pass 2 sends the plans with at most Concurrency calls in flight, their starts spread over the gateway's answer time
 * (see AdaptiveLimiter); the output keeps the input's order and every
 * output is paired to its input. Without Continue On Fail, the first failure stops new sends, the calls in flight
 * finish, and one error says which items completed, which failed and which were never sent.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	CREDENTIAL_NAME,
	baseUrlFor,
	getGatewayCredentials,
	sendGatewayRequest,
	type GatewayRequest,
	type TransportOptions,
} from '../gateway/transport';
import { v1FieldsFor } from '../v1/fields';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS, MAX_CONCURRENCY, runOptionsField } from './fields/common';
import * as hostedPaymentPage from './hostedPaymentPage';
import { AdaptiveLimiter } from './limiter';
import * as payment from './payment';
import { ParameterReader } from './shared';
import * as subscription from './subscription';
import * as transaction from './transaction';
import type { OperationModule, PlanStep, RequestPlan, ResourceOperations, RunContext } from './types';

export const RESOURCES: Record<string, ResourceOperations> = {
	hostedPaymentPage: hostedPaymentPage.operations,
	payment: payment.operations,
	transaction: transaction.operations,
	subscription: subscription.operations,
};

type NodeError = NodeApiError | NodeOperationError;

/** How one item ended. */
type ItemOutcome =
	| { kind: 'completed'; items: IDataObject[]; request: GatewayRequest }
	| { kind: 'failed'; error: NodeError }
	| { kind: 'unsent' };

/** An item's operation, and the form fields it reads in this node's version. */
interface ItemOperation {
	module: OperationModule;
	fields: INodeProperties[];
}

function operationFor(ctx: IExecuteFunctions, itemIndex: number, known: Map<string, ItemOperation>): ItemOperation {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const key = `${resource}:${operation}`;
	const cached = known.get(key);
	if (cached) return cached;
	const operations = Object.prototype.hasOwnProperty.call(RESOURCES, resource) ? RESOURCES[resource] : undefined;
	if (!operations || !Object.prototype.hasOwnProperty.call(operations, operation)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
			{ itemIndex },
		);
	}
	const module = operations[operation];
	// Version 1's form is frozen data; later versions use the operation's own fields.
	const fields = ctx.getNode().typeVersion === 1 ? v1FieldsFor(resource, operation) : module.description;
	const found = { module, fields };
	known.set(key, found);
	return found;
}

function asNodeError(ctx: IExecuteFunctions, caught: unknown, itemIndex: number): NodeError {
	return caught instanceof NodeApiError || caught instanceof NodeOperationError
		? caught
		: new NodeOperationError(ctx.getNode(), caught as Error, { itemIndex });
}

/** What an error item carries: the message, the explanation and the HTTP code; never request data. */
function errorJson(error: NodeError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/** Concurrency and timeout: one value for the whole run (read from the first item). */
function readRunOptions(ctx: IExecuteFunctions): { concurrency: number; timeoutMs: number } {
	const read = new ParameterReader(ctx, 0, [runOptionsField]);
	const concurrency = read.number('options.concurrency', {
		required: true,
		fallback: DEFAULT_CONCURRENCY,
		integer: true,
		min: 1,
		max: MAX_CONCURRENCY,
	});
	const timeoutSeconds = read.number('options.timeoutSeconds', {
		required: true,
		fallback: DEFAULT_TIMEOUT_SECONDS,
		min: 1,
		max: 300,
	});
	return { concurrency, timeoutMs: timeoutSeconds * 1000 };
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const continueOnFail = this.continueOnFail();
	const { concurrency, timeoutMs } = readRunOptions(this);
	// The credential is read once per run: building reads the default merchant from it, sending the base URL, and
	// n8n's request helper applies it to every call instead of reading and decrypting it again per call.
	const credentials = await getGatewayCredentials(this);
	const baseUrl = baseUrlFor(this, credentials);
	const nodeCredential = this.getNode().credentials?.[CREDENTIAL_NAME];
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: nodeCredential?.id ?? '',
		name: nodeCredential?.name ?? '',
		type: CREDENTIAL_NAME,
		data: credentials as unknown as ICredentialDataDecryptedObject,
	};

	// Pass 1: build and validate every item; nothing is sent.
	const plans: Array<RequestPlan | NodeError> = [];
	const operations = new Map<string, ItemOperation>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { module, fields } = operationFor(this, itemIndex, operations);
			const run: RunContext = { credentials, fields };
			plans.push(module.build.call(this, itemIndex, run));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!continueOnFail) throw error;
			plans.push(error);
		}
	}

	// Pass 2: send, at most `concurrency` calls in flight.
	const limiter = new AdaptiveLimiter(concurrency);
	const transport: TransportOptions = {
		baseUrl,
		timeoutMs,
		credentials: credentialsDecrypted,
	};
	let stopped = false;

	/**
	 * One call through the limiter, and the step its result leads to, decided before the slot is released so that a
	 * failure stops the sends queued behind it. 'stopped' when the run stopped before the call could be sent.
	 */
	const sendStep = async (plan: RequestPlan, itemIndex: number): Promise<PlanStep | 'stopped'> =>
		await limiter.run(async () => {
			if (stopped) return 'stopped';
			await limiter.spreadStart();
			if (stopped) return 'stopped';
			let throttled = false;
			const startedAt = performance.now();
			const result = await sendGatewayRequest(this, plan.request, {
				...transport,
				onThrottled: () => {
					throttled = true;
					limiter.throttled();
				},
			});
			// Only a call that went through at once tells how long the gateway takes to answer.
			if (result.ok) limiter.succeeded(throttled ? undefined : performance.now() - startedAt);
			let step: PlanStep;
			try {
				step = plan.then(result);
			} catch (caught) {
				// A defect in shaping an answer fails its item like any other failure; the other items go on.
				step = { kind: 'fail', error: asNodeError(this, caught, itemIndex) };
			}
			if (step.kind === 'fail' && !continueOnFail) stopped = true;
			return step;
		});

	const runItem = async (itemIndex: number): Promise<ItemOutcome> => {
		let plan = plans[itemIndex];
		if (!('request' in plan)) return { kind: 'failed', error: plan };
		for (;;) {
			const step = await sendStep(plan, itemIndex);
			if (step === 'stopped') return { kind: 'unsent' };
			if (step.kind === 'output') return { kind: 'completed', items: step.items, request: plan.request };
			if (step.kind === 'fail') return { kind: 'failed', error: step.error };
			plan = step.plan;
		}
	};

	const outcomes = await Promise.all(items.map(async (_item, itemIndex) => await runItem(itemIndex)));

	// With an error output, n8n routes the items that carry `error` there (and keeps only the message in their json);
	// with Continue On Fail (regular output) the error item keeps { error, description, httpCode }.
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (outcome.kind === 'completed') for (const json of outcome.items) output.push({ json, pairedItem });
		if (outcome.kind === 'failed')
			output.push({ json: errorJson(outcome.error), pairedItem, ...(toErrorOutput ? { error: outcome.error } : {}) });
	});
	if (!continueOnFail && outcomes.some((outcome) => outcome.kind === 'failed')) throw partialFailure(this, outcomes);
	return [output];
}

/** Item numbers as ranges: "4–9, 12". */
function ranges(indexes: number[]): string {
	const parts: string[] = [];
	for (let start = 0; start < indexes.length;) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		parts.push(start === end ? `${indexes[start]}` : `${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return parts.join(', ');
}

const LISTED_AT_MOST = 100;

/**
 * The run stopped on a failure. A lone failure is thrown as it is; otherwise one error names every item that
 * completed (with what to look it up by), that failed, and that was never sent, so that only what did not happen is
 * run again. Its context carries the same lists as data.
 */
function partialFailure(ctx: IExecuteFunctions, outcomes: ItemOutcome[]): NodeError {
	const completed: IDataObject[] = [];
	const failed: Array<{ item: number; error: NodeError }> = [];
	const unsent: number[] = [];
	outcomes.forEach((outcome, item) => {
		if (outcome.kind === 'unsent') unsent.push(item);
		if (outcome.kind === 'failed') failed.push({ item, error: outcome.error });
		if (outcome.kind === 'completed') {
			const first = outcome.items[0] ?? {};
			completed.push({
				item,
				transactionId: (first.transactionId ??
					first.transaction_id ??
					first.subscriptionId ??
					outcome.request.transactionId ??
					null) as string | null,
				merchantTxnRef: (first.merchantTxnRef ?? outcome.request.merchantTxnRef ?? null) as string | null,
			});
		}
	});
	const first = failed[0];
	if (completed.length === 0 && unsent.length === 0 && failed.length === 1) return first.error;

	const describeCompleted = (entry: IDataObject) => {
		const handles = [
			entry.transactionId ? `id ${entry.transactionId}` : '',
			entry.merchantTxnRef ? `merchant_txn_ref ${entry.merchantTxnRef}` : '',
		].filter(Boolean);
		return `item ${entry.item}${handles.length ? ` (${handles.join(', ')})` : ''}`;
	};
	const listed = <T>(entries: T[], show: (entry: T) => string) =>
		entries.slice(0, LISTED_AT_MOST).map(show).join('; ') +
		(entries.length > LISTED_AT_MOST ? `; and ${entries.length - LISTED_AT_MOST} more` : '');
	const lines = [
		`Completed, do not send again (${completed.length}): ${completed.length ? listed(completed, describeCompleted) : 'none'}`,
		`Failed (${failed.length}): ${listed(failed, ({ item, error }) => `item ${item}: ${error.message}`)}`,
		`Not sent (${unsent.length}): ${unsent.length ? `items ${ranges(unsent)}` : 'none'}`,
		'Fix what failed, then run only the failed and unsent items. Retry On Fail (same execution) reuses the same merchant_txn_refs, so DasGateway recognizes payments it already took.',
	];
	const error = new NodeOperationError(
		ctx.getNode(),
		`Item ${first.item} failed, so the node stopped: ${completed.length} of ${outcomes.length} items completed, ${failed.length} failed, ${unsent.length} not sent. First failure: ${first.error.message}`,
		{ itemIndex: first.item, description: lines.join('\n') },
	);
	error.context.completedItems = completed;
	error.context.failedItems = failed.map(({ item, error: itemError }) => ({
		item,
		message: itemError.message,
		httpCode: itemError instanceof NodeApiError ? itemError.httpCode : null,
	}));
	error.context.unsentItems = unsent;
	return error;
}
