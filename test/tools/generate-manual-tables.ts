/**
 * Reads the manuals' request tables (../shared/api, beside the repository) and writes them as data to
 * nodes/DasGateway/gateway/manualTables.ts. Re-run after a new manual arrives and read the diff:
 *
 *   npm run manual:tables            (or: npx tsx test/tools/generate-manual-tables.ts [--check])
 *
 * `--check` writes nothing and exits 1 when the committed file differs from what the manuals give.
 *
 * The manual's text was extracted from HTML and lost some structure. The reading rules below restore it; the script
 * stops on anything it cannot place (a section count, a row, an object left without members, a 3DS sample key the
 * Purchase table lacks) rather than guess.
 */
import * as fs from 'fs';
import * as path from 'path';

import { ENDPOINTS, type EndpointName } from '../../nodes/DasGateway/gateway/endpoints';
import type { ManualField, ManualRequestTable } from '../../nodes/DasGateway/gateway/manualTableTypes';

const root = path.resolve(__dirname, '../..');
export const MANUAL_DIR = path.resolve(root, process.env.DASGATEWAY_MANUAL_DIR ?? '../shared/api');
export const TABLES_FILE = path.join(root, 'nodes/DasGateway/gateway/manualTables.ts');

const API_MANUAL = 'dasgateway-api-manual.txt';
const THREE_DS_MANUAL = 'dasgateway-3ds-paymentv2.txt';
const BASE_PATH = '/api/v1/server-to-server-interface';

// ---------- reading rules ----------

/** Section titles in the order of the manual's table of contents that carry a "Method:" line. */
const SECTION_KEYS: Record<string, string> = {
	'Hosted Payment Page Link Creation': 'hostedPaymentLink',
	Authorisation: 'authorisation',
	Purchase: 'purchase',
	Capture: 'capture',
	Refund: 'refund',
	'Void Authorisation': 'void',
	'Transaction Status': 'transactionStatus',
	'Generate Card Token (Purchase/Authorisation)': 'generateCardToken',
	'Use of Card Token (Purchase/Authorisation)': 'useOfCardToken',
	'Create Subscription': 'createSubscription',
	'Subscription List': 'subscriptionList',
	'Subscription Details': 'subscriptionDetails',
	'Subscription Pause': 'subscriptionPause',
	'Subscription Resume': 'subscriptionResume',
	'Subscription Cancel': 'subscriptionCancel',
};

/** Which endpoint a section documents, where the URL alone does not say (three sections share /payment). */
const SECTION_ENDPOINTS: Record<string, EndpointName> = {
	authorisation: 'authorize',
	purchase: 'purchase',
	generateCardToken: 'purchase',
	useOfCardToken: 'purchase',
};

/**
 * The members of these objects are printed without the ∟ marker (the HTML's indentation was lost): the unmarked
 * rows named here that follow the object's row belong to it.
 */
const UNMARKED_MEMBERS: Record<string, string[]> = {
	card: ['cvc', 'expiry_month', 'expiry_year', 'name', 'number'],
	return_url: ['webhook_url', 'success_url', 'decline_url', 'cancel_url'],
	payment_method: ['type', 'store_payment_method', 'stored_payment_method_id'],
};

/** Rows printed with ∟ after the shipping address although every sample sends them at the top level. */
const TOP_LEVEL_DESPITE_MARKER = new Set(['time_zone', 'cardinal_session_id', 'subscription']);

const TYPES = ['float/string/int', 'int/string', 'int/float', 'string', 'object', 'boolean', 'int'];

// ---------- the API manual ----------

interface RawRow {
	marked: boolean;
	name: string;
	type: string;
	mandatory: boolean;
	rest: string;
}

function parseRow(line: string): RawRow | null {
	const marked = line.trimStart().startsWith('∟');
	const text = line.replace(/^\s*∟\s*/, '').trim();
	const typePattern = TYPES.map((type) => type.replace('/', '\\/')).join('|');
	const match = text.match(new RegExp(`^(.+?)\\s+(${typePattern})\\s+(yes|no)\\b\\s*(.*)$`, 'i'));
	if (!match) return null;
	return {
		marked,
		name: match[1].trim(),
		type: match[2].toLowerCase(),
		mandatory: match[3].toLowerCase() === 'yes',
		rest: match[4].trim(),
	};
}

function conditionOf(description: string): string | undefined {
	const match = description.match(/\((mandatory (?:if|for) [^)]*)\)/i);
	return match ? match[1].trim() : undefined;
}

function fieldFromRow(row: RawRow, fieldPath: string): ManualField {
	const field: ManualField = { path: fieldPath, type: row.type, mandatory: row.mandatory, description: row.rest };
	if (row.type !== 'object') {
		const limit = row.rest.match(/^(\d+%?|as per Bank|Constant)\s*(.*)$/i);
		if (!limit) throw new Error(`No Max Length column in the row of ${fieldPath}: "${row.rest}"`);
		field.description = limit[2];
		const numeric = limit[1].match(/^(\d+)(%?)$/);
		// A boolean's "5" is the length of the word "false", not a limit on a JSON boolean.
		if (numeric && row.type !== 'boolean') field.max = Number(numeric[1]);
		if (!numeric || numeric[2]) field.limitText = limit[1];
		if (/^constant$/i.test(limit[1])) {
			const values = [...new Set(limit[2].match(/\b[A-Z]{3,}\b/g) ?? [])];
			if (values.length === 0) throw new Error(`The Constant field ${fieldPath} names no values: "${limit[2]}"`);
			field.values = values;
		}
	}
	const condition = conditionOf(field.description);
	if (condition) field.condition = condition;
	return field;
}

/** Keys written in a section's request sample ("name": ...), to spell names as the samples do. */
function sampleKeys(lines: string[]): Set<string> {
	const keys = new Set<string>();
	for (const line of lines) for (const match of line.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)) keys.add(match[1]);
	return keys;
}

function readApiManual(): Record<string, ManualRequestTable> {
	const lines = fs.readFileSync(path.join(MANUAL_DIR, API_MANUAL), 'utf8').split('\n');
	const methodLines = lines.flatMap((line, index) => (/^\s*Method:\s*(GET|POST)\s*$/.test(line) ? [index] : []));
	const titles = Object.keys(SECTION_KEYS);
	if (methodLines.length !== titles.length) {
		throw new Error(
			`Expected ${titles.length} sections with a Method line, found ${methodLines.length}: the manual's sections changed`,
		);
	}
	const tables: Record<string, ManualRequestTable> = {};
	methodLines.forEach((start, sectionIndex) => {
		const end = methodLines[sectionIndex + 1] ?? lines.length;
		const section = titles[sectionIndex];
		const key = SECTION_KEYS[section];
		const body = lines.slice(start, end);
		const method = body[0].trim().replace(/^Method:\s*/, '') as 'GET' | 'POST';
		const urlLine = body.find((line) => /^\s*URL\s*:/.test(line));
		if (!urlLine) throw new Error(`${section}: no URL line`);
		const url = urlLine
			.replace(/^\s*URL\s*:\s*/, '')
			.trim()
			.replace(BASE_PATH, '');
		const endpoint = SECTION_ENDPOINTS[key] ?? endpointFor(method, url, section);

		const requestStart = body.findIndex((line) => /^\s*Request Attributes\s*$/.test(line));
		const responseStart = body.findIndex((line) => /^\s*Response Attributes\s*$/.test(line));
		const requestLines =
			requestStart < 0 ? [] : body.slice(requestStart, responseStart < 0 ? undefined : responseStart);
		const headerIndex = requestLines.findIndex((line) => /Attributes\s+Type\s+Mandatory\s+Max Length/.test(line));
		const rows: RawRow[] = [];
		if (headerIndex >= 0) {
			for (const line of requestLines.slice(headerIndex + 1)) {
				if (line.trim() === '') break;
				const row = parseRow(line);
				if (!row) throw new Error(`${section}: cannot read the table row "${line.trim()}"`);
				rows.push(row);
			}
		}
		const location = method === 'GET' ? 'path' : 'body';
		tables[key] = {
			section,
			manual: API_MANUAL,
			method,
			url,
			endpoint,
			location,
			fields: nestRows(section, rows, sampleKeys(requestLines), location, endpoint),
		};
	});
	return tables;
}

function endpointFor(method: string, url: string, section: string): EndpointName {
	const pattern = url.replace(/<[^>]+>/g, '{}');
	const found = (Object.keys(ENDPOINTS) as EndpointName[]).filter(
		(name) => ENDPOINTS[name].method === method && ENDPOINTS[name].path.replace(/\{\w+\}/g, '{}') === pattern,
	);
	if (found.length !== 1) throw new Error(`${section}: ${method} ${url} matches ${found.length} endpoints`);
	return found[0];
}

/** Rows → fields with wire paths, applying the reading rules above. */
function nestRows(
	section: string,
	rows: RawRow[],
	keys: Set<string>,
	location: 'body' | 'path',
	endpoint: EndpointName,
): ManualField[] {
	if (location === 'path') {
		const params = [...ENDPOINTS[endpoint].path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
		if (rows.length !== params.length)
			throw new Error(`${section}: ${rows.length} rows for ${params.length} path parameters`);
		return rows.map((row, index) => fieldFromRow(row, params[index]));
	}
	const fields: ManualField[] = [];
	let currentObject: string | null = null;
	let unmarkedObject: string | null = null;
	for (const row of rows) {
		const spelt = keys.has(row.name) || !keys.has(row.name.toLowerCase()) ? row.name : row.name.toLowerCase();
		let parent: string | null = null;
		if (row.marked && !TOP_LEVEL_DESPITE_MARKER.has(spelt)) {
			if (!currentObject) throw new Error(`${section}: ${spelt} is marked ∟ but follows no object`);
			parent = currentObject;
		} else if (!row.marked && unmarkedObject && UNMARKED_MEMBERS[unmarkedObject].includes(spelt)) {
			parent = unmarkedObject;
		} else {
			unmarkedObject = null;
		}
		if (row.marked && !parent && !TOP_LEVEL_DESPITE_MARKER.has(spelt))
			throw new Error(`${section}: no parent for ${spelt}`);
		const fieldPath = parent ? `${parent}.${spelt}` : spelt;
		fields.push(fieldFromRow({ ...row, name: spelt }, fieldPath));
		if (!parent && row.type === 'object') {
			currentObject = spelt;
			if (UNMARKED_MEMBERS[spelt]) unmarkedObject = spelt;
		}
	}
	for (const [object, members] of Object.entries(UNMARKED_MEMBERS)) {
		const objectField = fields.find((field) => field.path === object);
		if (objectField && !fields.some((field) => field.path.startsWith(`${object}.`))) {
			throw new Error(
				`${section}: ${object} has no members (${members.join(', ')}): the reading rule no longer applies`,
			);
		}
	}
	return fields;
}

// ---------- the 3DS manual ----------

/**
 * The 3DS manual lists the body's top-level fields (name, type, "required", "Maximum length") but not the members of
 * its objects. Its curl sample sends the card, addresses and return URLs with the Purchase table's members, so that
 * table gives them; browser_info's members come from the sample alone (optional, no limits printed).
 */
function readThreeDsManual(purchase: ManualRequestTable): ManualRequestTable {
	const text = fs.readFileSync(path.join(MANUAL_DIR, THREE_DS_MANUAL), 'utf8');
	const lines = text.split('\n').map((line) => line.trim());
	const bodyStart = lines.findIndex((line) =>
		/^The request payload to process a 3D Secure payment transaction\.?$/.test(line),
	);
	const bodyEnd = lines.findIndex((line, index) => index > bodyStart && line === 'Response');
	if (bodyStart < 0 || bodyEnd < 0) throw new Error('3DS manual: body description not found');
	const body = lines.slice(bodyStart + 1, bodyEnd);
	const topLevel: ManualField[] = [];
	for (let i = 0; i < body.length; i++) {
		if (!/^[a-z_]+$/.test(body[i]) || !/^(string|object|integer|boolean|number)$/.test(body[i + 1] ?? '')) continue;
		const name = body[i];
		const type = body[i + 1];
		let j = i + 2;
		const mandatoryFlag = body[j] === 'required';
		if (mandatoryFlag) j++;
		const description: string[] = [];
		let max: number | undefined;
		for (; j < body.length; j++) {
			if (/^[a-z_]+$/.test(body[j]) && /^(string|object|integer|boolean|number)$/.test(body[j + 1] ?? '')) break;
			const maxMatch = body[j].match(/^Maximum length:\s*(\d+)$/);
			if (maxMatch) max = Number(maxMatch[1]);
			else if (body[j] === 'Example:') {
				// The example value follows, after a blank line: not part of the description.
				do j++;
				while (j < body.length && body[j] === '');
			} else if (body[j]) description.push(body[j]);
		}
		const words = description.join(' ');
		// return_url: "(This field is mandatory for 3DS transactions.)" on the 3DS endpoint itself.
		const mandatory = mandatoryFlag || /this field is mandatory for 3DS transactions/i.test(words);
		const field: ManualField = { path: name, type, mandatory, description: words };
		if (max !== undefined) field.max = max;
		topLevel.push(field);
		i = j - 1;
	}
	const curl = text.match(/--data '(\{[\s\S]*?\})'/);
	if (!curl) throw new Error('3DS manual: curl sample not found');
	const sample = JSON.parse(curl[1]) as Record<string, unknown>;
	const fields: ManualField[] = [];
	for (const field of topLevel) {
		fields.push(field);
		if (field.type !== 'object') continue;
		const sent = sample[field.path];
		if (field.path === 'browser_info') {
			for (const [member, value] of Object.entries(sent as Record<string, unknown>)) {
				fields.push({
					path: `browser_info.${member}`,
					type: typeof value,
					mandatory: false,
					description: "Named by the 3DS manual's curl sample only",
				});
			}
			continue;
		}
		const members = purchase.fields.filter((candidate) => candidate.path.startsWith(`${field.path}.`));
		if (members.length === 0) throw new Error(`3DS manual: the Purchase table has no members for ${field.path}`);
		const memberNames = new Set(members.map((member) => member.path.slice(field.path.length + 1)));
		const unknown = Object.keys((sent ?? {}) as object).filter((name) => !memberNames.has(name));
		if (unknown.length > 0)
			throw new Error(`3DS manual: ${field.path}.${unknown.join(', ')} is not in the Purchase table`);
		fields.push(...members.map((member) => ({ ...member, description: `${member.description} (Purchase table)` })));
	}
	return {
		section: '3D Secure payment (paymentv2)',
		manual: THREE_DS_MANUAL,
		method: 'POST',
		url: '/paymentv2',
		endpoint: 'purchase3ds',
		location: 'body',
		fields,
	};
}

// ---------- output ----------

function literal(value: unknown): string {
	if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
	return String(value);
}

const FIELD_KEYS: (keyof ManualField)[] = [
	'path',
	'type',
	'mandatory',
	'condition',
	'max',
	'limitText',
	'values',
	'description',
];

function fieldLiteral(field: ManualField): string {
	const parts = FIELD_KEYS.filter((key) => field[key] !== undefined).map((key) => `${key}: ${literal(field[key])}`);
	return `\t\t\t{ ${parts.join(', ')} },`;
}

export function renderTables(): string {
	const tables = readApiManual();
	tables.paymentV2 = readThreeDsManual(tables.purchase);
	const out: string[] = [
		'/**',
		' * GENERATED by test/tools/generate-manual-tables.ts from the manuals in ../shared/api: do not edit by hand,',
		' * re-run `npm run manual:tables`. Every request table of the manuals as data: per section, each field with its',
		' * wire path, type, mandatory flag and limit as printed. Our deliberate differences are in manualExceptions.ts.',
		' */',
		"import type { ManualRequestTable } from './manualTableTypes';",
		'',
		"export type { ManualField, ManualRequestTable } from './manualTableTypes';",
		'',
		'const tables = {',
	];
	for (const [key, table] of Object.entries(tables)) {
		out.push(`\t${key}: {`);
		for (const name of ['section', 'manual', 'method', 'url', 'endpoint', 'location'] as const)
			out.push(`\t\t${name}: ${literal(table[name])},`);
		if (table.fields.length === 0) out.push('\t\tfields: [],');
		else out.push('\t\tfields: [', ...table.fields.map(fieldLiteral), '\t\t],');
		out.push('\t},');
	}
	out.push(
		'} satisfies Record<string, ManualRequestTable>;',
		'',
		'export type ManualSection = keyof typeof tables;',
		'',
		'export const MANUAL_REQUEST_TABLES: Record<ManualSection, ManualRequestTable> = tables;',
		'',
	);
	return out.join('\n');
}

if (require.main === module) {
	const rendered = renderTables();
	const current = fs.existsSync(TABLES_FILE) ? fs.readFileSync(TABLES_FILE, 'utf8') : '';
	if (process.argv.includes('--check')) {
		if (rendered !== current) {
			process.stderr.write(
				`${path.relative(root, TABLES_FILE)} is not what the manuals give: run npm run manual:tables\n`,
			);
			process.exit(1);
		}
		process.stdout.write('manual tables up to date\n');
	} else {
		fs.writeFileSync(TABLES_FILE, rendered);
		process.stdout.write(`${rendered === current ? 'unchanged' : 'wrote'} ${path.relative(root, TABLES_FILE)}\n`);
	}
}
