import type { IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { DasGatewayV1 } from './DasGatewayV1.node';
import { DasGatewayV2 } from './DasGatewayV2.node';

/**
 * n8n's versioned-node pattern: a saved workflow keeps the version it was made with. Version 1's form is frozen
 * (v1/properties.json) so its parameters never move under a saved workflow; new nodes get version 2.
 * The versions live beside this file: n8n resolves every version's icon relative to it.
 */
export class DasGateway extends VersionedNodeType {
	constructor() {
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new DasGatewayV1(), 2: new DasGatewayV2() };
		super(nodeVersions, {
			displayName: 'DasGateway',
			name: 'dasGateway',
			icon: { light: 'file:dasgateway.svg', dark: 'file:dasgateway.dark.svg' },
			group: ['transform'],
			subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
			description: 'Take card payments and manage transactions and subscriptions with DasGateway',
			defaultVersion: 2,
		});
	}
}
