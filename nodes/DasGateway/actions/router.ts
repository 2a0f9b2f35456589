/**
 * The item loop: for each item, the operation module for its resource and operation; every output paired to its
 * input; with Continue On Fail an error becomes an item of its own and the other items go on.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as hostedPaymentPage from './hostedPaymentPage';
import * as payment from './payment';
import * as subscription from './subscription';
import * as transaction from './transaction';
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

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await operationFor(this, itemIndex).execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(this.getNode(), caught as Error, { itemIndex });
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw error;
		}
	}
	return [output];
}
