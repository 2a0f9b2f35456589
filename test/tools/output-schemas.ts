/**
 * Output schemas for n8n's Schema view, generated from the normalizer's TypeScript types (gateway/normalize.ts) with
 * the compiler, so they follow every change of the public output shape.
 *
 * Where n8n 2.8.4 looks: the editor asks `GET /schemas/<node type>/<version as x.y.z>/<resource>/<operation>.json`
 * (a version 1 becomes 1.0.0) and the server answers the file `__schema__/v<x.y.z>/<resource>/<operation>.json`
 * beside the node's .node.js (LoadNodesAndCredentials.resolveSchema). The editor shows it only when it is an object
 * schema with properties, descends only into `type: "object"` and `type: "array"`, and reads the first entry of a
 * type list: so a nullable primitive is `["string", "null"]` and an object that may be null is `type: "object"`
 * with `nullable: true`.
 *
 *   npx tsx test/tools/output-schemas.ts   (part of `npm run build`) writes them into dist/nodes/DasGateway/__schema__/
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = resolve(__dirname, '..', '..');
const NORMALIZE = join(REPO_ROOT, 'nodes', 'DasGateway', 'gateway', 'normalize.ts');

/**
 * What each operation outputs with Simplify on, as a type over the normalizer's exports. An operation missing here
 * fails the unit test that checks every operation of the node has a schema.
 */
export const OUTPUT_TYPES: Record<string, Record<string, string>> = {
	payment: {
		authorize: 'NormalizedTransaction',
		purchase: 'NormalizedTransaction',
		// The 3DS page to send the shopper to (a card that needs no 3DS answers as a purchase would).
		purchase3ds: 'NormalizedThreeDsRedirect',
	},
	transaction: {
		capture: 'NormalizedTransaction',
		refund: 'NormalizedTransaction',
		void: 'NormalizedTransaction',
		get: 'NormalizedTransaction',
		cancelOrRefund: "NormalizedTransaction & { cancelAction: 'void' | 'refund' | 'none' }",
	},
	subscription: {
		create: 'NormalizedTransaction',
		get: 'NormalizedSubscription',
		getMany: 'NormalizedSubscription',
		pause: 'NormalizedSubscription',
		resume: 'NormalizedSubscription',
		cancel: 'NormalizedSubscription',
		report: 'SubscriptionReport',
	},
	hostedPaymentPage: {
		createLink: 'NormalizedHostedPaymentLink',
	},
};

export interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
	enum?: unknown[];
	nullable?: boolean;
	/** Values under keys not listed (a record keyed by currency, say). n8n's Schema view shows only `properties`. */
	additionalProperties?: JsonSchema;
}

function toSchema(checker: ts.TypeChecker, type: ts.Type, where: string): JsonSchema {
	if (type.isUnion()) {
		const members = type.types;
		const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
		const rest = members.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
		if (rest.length > 0 && rest.every((member) => member.isStringLiteral())) {
			const values = rest.map((member) => (member as ts.StringLiteralType).value);
			return { type: nullable ? ['string', 'null'] : 'string', enum: nullable ? [...values, null] : values };
		}
		if (rest.length > 0 && rest.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) {
			return { type: nullable ? ['boolean', 'null'] : 'boolean' };
		}
		if (rest.length !== 1) throw new Error(`${where}: cannot express ${checker.typeToString(type)} as a JSON schema`);
		const inner = toSchema(checker, rest[0], where);
		if (!nullable) return inner;
		if (inner.type === 'object' || inner.type === 'array') return { ...inner, nullable: true };
		return { ...inner, type: [inner.type as string, 'null'], ...(inner.enum ? { enum: [...inner.enum, null] } : {}) };
	}
	if (type.flags & ts.TypeFlags.String) return { type: 'string' };
	if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
	if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) {
		if (type.flags & ts.TypeFlags.BooleanLiteral)
			return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
		return { type: 'boolean' };
	}
	if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
	if (type.isNumberLiteral()) return { type: 'number', enum: [type.value] };
	if (checker.isArrayType(type)) {
		const [element] = checker.getTypeArguments(type as ts.TypeReference);
		return { type: 'array', items: toSchema(checker, element, `${where}[]`) };
	}
	if (type.flags & ts.TypeFlags.Object || type.isIntersection()) {
		const properties: Record<string, JsonSchema> = {};
		for (const property of checker.getPropertiesOfType(type)) {
			const declaration = property.valueDeclaration ?? property.declarations?.[0];
			if (!declaration) throw new Error(`${where}.${property.name} has no declaration`);
			properties[property.name] = toSchema(
				checker,
				checker.getTypeOfSymbolAtLocation(property, declaration),
				`${where}.${property.name}`,
			);
		}
		const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
		if (index)
			return { type: 'object', properties, additionalProperties: toSchema(checker, index.type, `${where}[key]`) };
		return { type: 'object', properties };
	}
	throw new Error(`${where}: cannot express ${checker.typeToString(type)} as a JSON schema`);
}

/** `resource/operation` → its schema, for every operation in OUTPUT_TYPES. */
export function generateOutputSchemas(): Map<string, JsonSchema> {
	// A throwaway module beside the normalizer naming each operation's output type, checked by the compiler.
	const probe = join(dirname(NORMALIZE), '__output-types__.ts');
	const entries = Object.entries(OUTPUT_TYPES).flatMap(([resource, operations]) =>
		Object.entries(operations).map(([operation, expression]) => ({ key: `${resource}/${operation}`, expression })),
	);
	const source = [
		"import type * as N from './normalize';",
		'type NormalizedTransaction = N.NormalizedTransaction; type NormalizedSubscription = N.NormalizedSubscription;',
		'type NormalizedHostedPaymentLink = N.NormalizedHostedPaymentLink; type NormalizedThreeDsRedirect = N.NormalizedThreeDsRedirect;',
		"import type { SubscriptionReport } from './subscriptionReport';",
		...entries.map((entry, index) => `export type Output${index} = ${entry.expression};`),
	].join('\n');
	const options: ts.CompilerOptions = {
		strict: true,
		module: ts.ModuleKind.CommonJS,
		target: ts.ScriptTarget.ES2021,
		skipLibCheck: true,
		noEmit: true,
		types: [],
	};
	const host = ts.createCompilerHost(options);
	const readFile = host.readFile.bind(host);
	const fileExists = host.fileExists.bind(host);
	const getSourceFile = host.getSourceFile.bind(host);
	host.readFile = (file) => (resolve(file) === probe ? source : readFile(file));
	host.fileExists = (file) => resolve(file) === probe || fileExists(file);
	host.getSourceFile = (file, language, onError, create) =>
		resolve(file) === probe
			? ts.createSourceFile(file, source, language)
			: getSourceFile(file, language, onError, create);
	const program = ts.createProgram([probe], options, host);
	const problems = ts
		.getPreEmitDiagnostics(program)
		.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
	if (problems.length > 0) {
		throw new Error(
			`Output types do not compile:\n${ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => REPO_ROOT, getNewLine: () => '\n' })}`,
		);
	}
	const checker = program.getTypeChecker();
	const file = program.getSourceFile(probe) as ts.SourceFile;
	const aliases = file.statements
		.filter(ts.isTypeAliasDeclaration)
		.filter((statement) => statement.name.text.startsWith('Output'));
	const schemas = new Map<string, JsonSchema>();
	aliases.forEach((alias, index) => {
		const type = checker.getTypeAtLocation(alias.name);
		schemas.set(entries[index].key, toSchema(checker, type, entries[index].key));
	});
	return schemas;
}

/** The node's versions as n8n pads them in the schema URL (1 → 1.0.0, 2.1 → 2.1.0). */
export function paddedVersions(version: number | number[]): string[] {
	return (Array.isArray(version) ? version : [version]).map((v) =>
		String(v).split('.').concat(['0', '0']).slice(0, 3).join('.'),
	);
}

/** Writes every schema for every version of the built node into dist/nodes/DasGateway/__schema__/. */
export function writeOutputSchemas(): string[] {
	const nodeDir = join(REPO_ROOT, 'dist', 'nodes', 'DasGateway');
	const { DasGateway } = require(join(nodeDir, 'DasGateway.node.js')) as {
		DasGateway: new () => { description: { version: number | number[] }; nodeVersions?: Record<string, unknown> };
	};
	const node = new DasGateway();
	// A versioned node (n8n's VersionedNodeType) lists its versions in nodeVersions.
	const versions = node.nodeVersions ? Object.keys(node.nodeVersions).map(Number) : node.description.version;
	const schemas = generateOutputSchemas();
	const root = join(nodeDir, '__schema__');
	rmSync(root, { recursive: true, force: true });
	const written: string[] = [];
	for (const version of paddedVersions(versions)) {
		for (const [key, schema] of schemas) {
			const file = join(root, `v${version}`, `${key}.json`);
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, `${JSON.stringify(schema, null, '\t')}\n`);
			written.push(file);
		}
	}
	return written;
}

if (require.main === module) {
	const written = writeOutputSchemas();
	console.log(`output schemas: ${written.length} files in dist/nodes/DasGateway/__schema__/`);
}
