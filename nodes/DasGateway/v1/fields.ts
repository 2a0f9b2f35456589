import type { INodeProperties } from 'n8n-workflow';

import frozenProperties from './properties.json';

/**
 * Version 1's form exactly as released (0.1.0), frozen as data: saved workflows depend on its parameter names,
 * defaults and options, so it never changes. Its operations run through the same build code as later versions,
 * which read each field where the running version's form puts it (see ParameterReader).
 */
export const v1Properties = frozenProperties as INodeProperties[];

/** The fields version 1's form shows for one operation (those whose display options name it). */
export function v1FieldsFor(resource: string, operation: string): INodeProperties[] {
	return v1Properties.filter((property) => {
		const show = property.displayOptions?.show;
		return Boolean(show?.resource?.includes(resource) && show?.operation?.includes(operation));
	});
}
