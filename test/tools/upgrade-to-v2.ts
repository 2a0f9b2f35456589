/**
 * Moves a version 1 DasGateway node's parameters to where version 2's form keeps them: fields that moved into a
 * collection (Additional Fields) go there, ids become resource-locator values ("By ID"), and fields version 2 no
 * longer has (Capture's Currency, never sent) are dropped and named. Used to turn the examples into version 2 and
 * by the test that proves the saved-as-v1 copies and the examples are the same workflows.
 *
 *   npx tsx test/tools/upgrade-to-v2.ts examples/*.json    rewrites the files' DasGateway nodes to version 2
 */
import { readFileSync, writeFileSync } from 'node:fs';

import type { IDataObject, INodeProperties } from 'n8n-workflow';

// Not DasGateway.node: tsx would resolve that name to the codex file DasGateway.node.json.
import { DasGatewayV2 } from '../../nodes/DasGateway/DasGatewayV2.node';

const NODE_TYPE = 'n8n-nodes-dasgateway.dasGateway';

export interface Upgraded {
	parameters: IDataObject;
	/** Parameters version 2 has no place for (dot paths). */
	dropped: string[];
}

function v2FieldsFor(resource: string, operation: string): INodeProperties[] {
	return new DasGatewayV2().description.properties.filter((property) => {
		const show = property.displayOptions?.show;
		return Boolean(show?.resource?.includes(resource) && show?.operation?.includes(operation));
	});
}

function isLocatorValue(value: unknown): boolean {
	return Boolean(value && typeof value === 'object' && (value as IDataObject).__rl === true);
}

/** Puts one v1 parameter where the v2 form keeps it; false when the form has no place for it. */
function place(fields: INodeProperties[], target: IDataObject, name: string, value: unknown): boolean {
	const field = fields.find((candidate) => candidate.name === name);
	if (field) {
		target[name] =
			field.type === 'resourceLocator' && !isLocatorValue(value)
				? { __rl: true, mode: 'id', value }
				: (value as IDataObject[string]);
		return true;
	}
	const holder = fields.find(
		(candidate) =>
			candidate.type === 'collection' &&
			(candidate.options ?? []).some((option) => 'name' in option && option.name === name),
	);
	if (!holder) return false;
	target[holder.name] = {
		...((target[holder.name] as IDataObject | undefined) ?? {}),
		[name]: value as IDataObject[string],
	};
	return true;
}

export function upgradeParameters(v1: IDataObject): Upgraded {
	const resource = String(v1.resource ?? 'payment');
	const operation = String(v1.operation ?? 'purchase');
	const fields = v2FieldsFor(resource, operation);
	const parameters: IDataObject = { resource, operation };
	const dropped: string[] = [];
	for (const [name, value] of Object.entries(v1)) {
		if (name === 'resource' || name === 'operation') continue;
		if (name === 'options') {
			parameters.options = value;
			continue;
		}
		if (name !== 'additionalFields' && place(fields, parameters, name, value)) continue;
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			// A v1 collection (Additional Fields, Return URLs) whose entries v2 keeps elsewhere: on top, in v2's
			// Additional Fields, or nowhere.
			for (const [inner, innerValue] of Object.entries(value as IDataObject)) {
				if (!place(fields, parameters, inner, innerValue)) dropped.push(`${name}.${inner}`);
			}
			continue;
		}
		dropped.push(name);
	}
	return { parameters, dropped };
}

interface WorkflowFile {
	nodes: Array<{ name: string; type: string; typeVersion: number; parameters: IDataObject }>;
}

export function upgradeWorkflow(workflow: WorkflowFile): string[] {
	const dropped: string[] = [];
	for (const node of workflow.nodes) {
		if (node.type !== NODE_TYPE || node.typeVersion !== 1) continue;
		const upgraded = upgradeParameters(node.parameters);
		node.parameters = upgraded.parameters;
		node.typeVersion = 2;
		dropped.push(...upgraded.dropped.map((path) => `${node.name}: ${path}`));
	}
	return dropped;
}

if (require.main === module) {
	for (const file of process.argv.slice(2)) {
		const text = readFileSync(file, 'utf8');
		const workflow = JSON.parse(text) as WorkflowFile;
		const dropped = upgradeWorkflow(workflow);
		const indent = text.startsWith('{\n\t') ? '\t' : 2;
		writeFileSync(file, `${JSON.stringify(workflow, null, indent)}\n`);
		console.log(`${file}: upgraded${dropped.length ? `; dropped ${dropped.join(', ')}` : ''}`);
	}
}
