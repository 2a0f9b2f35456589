/**
 * The item loop: for each item, the operation module for its resource and operation; every output paired to its
 * input; with Continue On Fail an error becomes an item of its own and the other items go on.
 *
 * Every item is built and validated before any is sent. Otherwise an invalid item in the middle of a batch
 * would stop the node after the items before it were charged, and re-running the fixed workflow (a new execution,
 * so new merchant references) would charge those items a second time.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as hostedPaymentPage from './hostedPaymentPage';
import * as payment from './payment';
import * as subscription from './subscription';
import * as transaction from './transaction';
import { checkWithoutSending } from '../gateway/transport';
import type { OperationModule, ResourceOperations } from './types';

export const RESOURCES: Record<string, ResourceOperations> = {
	hostedPaymentPage: hostedPaymentPage.operations,
	payment: payment.operations,
	transaction: transaction.operations,
	subscription: subscription.operations,
};

function operationFor(ctx: IExecuteFunctions, itemIndex: number): OperationModule {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const module = Object.prototype.hasOwnProperty.call(RESOURCES, resource) ? RESOURCES[resource][operation] : undefined;
	if (!module || !Object.prototype.hasOwnProperty.call(RESOURCES[resource], operation)) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`, { itemIndex });
	}
	return module;
}

/** What an error item carries: the message, the explanation and the HTTP code; never request data. */
function errorJson(error: Error & { description?: string | null; httpCode?: string | null }): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return json;
}

function asNodeError(ctx: IExecuteFunctions, caught: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	return caught instanceof NodeApiError || caught instanceof NodeOperationError
		? caught
		: new NodeOperationError(ctx.getNode(), caught as Error, { itemIndex });
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];

	// Pass 1: build and validate every item; nothing is sent.
	const invalid = new Map<number, NodeApiError | NodeOperationError>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const module = operationFor(this, itemIndex);
			await checkWithoutSending(this, async () => await module.execute.call(this, itemIndex));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			invalid.set(itemIndex, error);
		}
	}

	// Pass 2: send the valid items, in order.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const invalidError = invalid.get(itemIndex);
		if (invalidError) {
			output.push({ json: errorJson(invalidError), pairedItem: { item: itemIndex } });
			continue;
		}
		try {
			const results = await operationFor(this, itemIndex).execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw error;
		}
	}
	return [output];
}
