/**
 * The built package as n8n sees it: the files listed in package.json's n8n block exist in dist/, load, and
 * n8n-workflow can resolve every node's parameters with their defaults. Needs `npm run build` first (npm test does it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { NodeHelpers, type ICredentialType, type INodeType, type IVersionedNodeType } from 'n8n-workflow';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function loadClass<T>(relativeFile: string): T {
	const exported = require(path.join(root, relativeFile));
	const [name] = Object.keys(exported);
	return new exported[name]() as T;
}

describe('built package', () => {
	it('lists exactly the credential and the three nodes, all built', () => {
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/DasGatewayApi.credentials.js'],
			nodes: [
				'dist/nodes/DasGateway/DasGateway.node.js',
				'dist/nodes/DasGateway/DasGatewayTrigger.node.js',
				'dist/nodes/DasGateway/DasGatewaySubscriptionTrigger.node.js',
			],
		});
		for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes])
			expect(fs.existsSync(path.join(root, file))).toBe(true);
	});

	it('has no runtime dependencies and only n8n-workflow as peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
	});

	it('loads the credential', () => {
		const credential = loadClass<ICredentialType>(pkg.n8n.credentials[0]);
		expect(credential.name).toBe('dasGatewayApi');
		const values = NodeHelpers.getNodeParameters(credential.properties, {}, true, false, null, null);
		expect(values).toMatchObject({ apiKeyEncoding: 'raw', environment: 'sandbox' });
	});

	it.each([
		['dist/nodes/DasGateway/DasGateway.node.js', 'dasGateway'],
		['dist/nodes/DasGateway/DasGatewayTrigger.node.js', 'dasGatewayTrigger'],
		['dist/nodes/DasGateway/DasGatewaySubscriptionTrigger.node.js', 'dasGatewaySubscriptionTrigger'],
	])('loads %s and resolves its default parameters in every version', (file, name) => {
		const loaded = loadClass<INodeType | IVersionedNodeType>(file);
		// A versioned node (n8n's VersionedNodeType) is checked version by version, as n8n loads each.
		const versions = 'nodeVersions' in loaded ? Object.values(loaded.nodeVersions) : [loaded];
		for (const node of versions) {
			expect(node.description.name).toBe(name);
			expect(node.description.credentials).toEqual([
				expect.objectContaining({ name: 'dasGatewayApi', required: true }),
			]);
			const values = NodeHelpers.getNodeParameters(
				node.description.properties,
				{},
				true,
				false,
				null,
				node.description,
			);
			expect(values).not.toBeNull();
			// n8n resolves every version's icon relative to the file the package lists.
			const icon = node.description.icon as { light: string; dark: string };
			for (const variant of [icon.light, icon.dark]) {
				expect(fs.existsSync(path.join(root, path.dirname(file), variant.replace('file:', '')))).toBe(true);
			}
			expect(icon.light).not.toEqual(icon.dark);
		}
	});

	it('ships differing light and dark icons', () => {
		const light = fs.readFileSync(path.join(root, 'dist/nodes/DasGateway/dasgateway.svg'), 'utf8');
		const dark = fs.readFileSync(path.join(root, 'dist/nodes/DasGateway/dasgateway.dark.svg'), 'utf8');
		expect(light).not.toEqual(dark);
	});
});
