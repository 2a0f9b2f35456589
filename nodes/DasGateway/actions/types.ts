import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation: its fields, and how it turns one input item into output items (plain JSON; the router adds
 * pairedItem and handles Continue On Fail).
 */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}

export type ResourceOperations = Record<string, OperationModule>;
