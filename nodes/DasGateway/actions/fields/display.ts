import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Copies field blocks and shows them only for the given resource and operations (merged with any condition the
 * field already has), so one block definition serves every operation that needs it.
 */
export function showOnlyFor(resource: string, operations: string[], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = {
			...(property.displayOptions?.show ?? {}),
			resource: [resource],
			operation: operations,
		};
		return { ...property, displayOptions: { ...property.displayOptions, show } };
	});
}
