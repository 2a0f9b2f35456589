/** Plumbing shared by every operation: strict parameter reading, merchant defaults, references, validation, output. */
import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

import { redactCardData } from '../gateway/normalize';
import { validateRequest } from '../gateway/schemas';
import type { GatewayAnswer, GatewayResult } from '../gateway/transport';
import { labelForParameter, labelForWirePath } from './wirePaths';
import type { PlanStep, RunContext } from './types';

const NOTHING_SENT = 'Nothing was sent to DasGateway: every item of a run is checked before any is sent.';

/**
 * A parameter, or `fallback` when the editor hides it (n8n drops hidden parameters). n8n's getNodeParameter
 * throws "Could not get parameter" for an absent parameter when the fallback is `undefined` (e.g. an empty
 * Shipping Address, stored as `{}`), so `undefined` is asked for as `null` and given back as `undefined`.
 */
export function parameter<T>(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: T): T {
	if (fallback !== undefined) return locatorValue(ctx.getNodeParameter(name, itemIndex, fallback)) as T;
	const value = locatorValue(ctx.getNodeParameter(name, itemIndex, null)) as T | null;
	return (value === null ? undefined : value) as T;
}

/**
 * A resource locator (Transaction ID "By ID", Subscription "From list") holds `{ __rl, mode, value }`; its value is
 * what the request needs. Unwrapped here rather than with n8n's `extractValue` option, which throws for a parameter
 * the form does not show (an absent field read with its fallback).
 */
function locatorValue(value: unknown): unknown {
	if (value && typeof value === 'object' && (value as IDataObject).__rl === true) return (value as IDataObject).value;
	return value;
}

export interface NumberRule {
	min?: number;
	max?: number;
	/** Strictly greater than this. */
	above?: number;
	integer?: boolean;
}

/**
 * Reads one item's parameters strictly, whatever an expression produced: a boolean is true or false (or the strings
 * "true"/"false"), never any other value; a number is finite and within its range; an option is one of the field's
 * options. A bad value is a NodeOperationError naming the field as the editor shows it, the item and the rule.
 */
export class ParameterReader {
	constructor(
		readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
		/** The operation's form in the running node version. */
		readonly properties: INodeProperties[],
	) {}

	/**
	 * Where this version's form keeps a field: its own name when the form has it on top, else inside the collection
	 * that offers it (version 2 moved optional fields into Additional Fields). Build code names fields, not places.
	 */
	locate(name: string): string {
		const [first] = name.split('.');
		if (this.properties.some((property) => property.name === first)) return name;
		const holder = this.properties.find(
			(property) =>
				property.type === 'collection' &&
				(property.options ?? []).some((option) => 'name' in option && option.name === first),
		);
		return holder ? `${holder.name}.${name}` : name;
	}

	/** Whether this version's form has the field (on top or inside a collection). */
	has(name: string): boolean {
		return findProperty(this.locate(name), this.properties) !== undefined;
	}

	/** The field's default in this version's form (undefined when the form lacks it). */
	defaultOf(name: string): unknown {
		return findProperty(this.locate(name), this.properties)?.default;
	}

	/** The value as n8n resolved it; `fallback` when the parameter is absent. */
	raw<T>(name: string, fallback: T): T {
		return parameter(this.ctx, this.locate(name), this.itemIndex, fallback);
	}

	/** A text value, trimmed of nothing ('' when absent); a number is taken as its digits. */
	string(name: string): string {
		const value = this.raw<unknown>(name, '');
		if (value === null || value === undefined) return '';
		if (typeof value === 'string') return value;
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		throw this.invalid(name, 'must be text', value);
	}

	boolean(name: string, fallback: boolean): boolean {
		const value = this.raw<unknown>(name, fallback);
		if (typeof value === 'boolean') return value;
		if (typeof value === 'string') {
			const text = value.trim().toLowerCase();
			if (text === 'true') return true;
			if (text === 'false') return false;
		}
		throw this.invalid(name, 'must be true or false', value);
	}

	/** A number, or undefined when the parameter is absent or empty and `required` is not set. */
	number(name: string, rule: NumberRule & { required: true; fallback?: number }): number;
	number(name: string, rule?: NumberRule & { required?: false; fallback?: number }): number | undefined;
	number(name: string, rule: NumberRule & { required?: boolean; fallback?: number } = {}): number | undefined {
		const value = this.raw<unknown>(name, rule.fallback);
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
			if (rule.required) throw this.invalid(name, 'is required', value);
			return undefined;
		}
		const parsed =
			typeof value === 'number'
				? value
				: typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
					? Number(value)
					: NaN;
		if (!Number.isFinite(parsed)) throw this.invalid(name, 'must be a number', value);
		if (rule.integer && !Number.isInteger(parsed)) throw this.invalid(name, 'must be a whole number', value);
		if (rule.min !== undefined && parsed < rule.min) throw this.invalid(name, `must be at least ${rule.min}`, value);
		if (rule.above !== undefined && parsed <= rule.above)
			throw this.invalid(name, `must be greater than ${rule.above}`, value);
		if (rule.max !== undefined && parsed > rule.max) throw this.invalid(name, `must be at most ${rule.max}`, value);
		return parsed;
	}

	/** One of the field's options. */
	option(name: string, fallback: string): string {
		const value = this.raw<unknown>(name, fallback);
		const allowed = this.optionValues(name);
		if (typeof value === 'string' && allowed.includes(value)) return value;
		throw this.invalid(name, `must be one of ${allowed.join(', ')}`, value);
	}

	/** Options of a multi-select: each one of the field's options. */
	options(name: string): string[] {
		const value = this.raw<unknown>(name, []);
		const list =
			typeof value === 'string' ? (value.trim() === '' ? [] : value.split(',').map((entry) => entry.trim())) : value;
		const allowed = this.optionValues(name);
		if (!Array.isArray(list)) throw this.invalid(name, `must be a list of ${allowed.join(', ')}`, value);
		for (const entry of list) {
			if (typeof entry !== 'string' || !allowed.includes(entry))
				throw this.invalid(name, `must be among ${allowed.join(', ')}`, entry);
		}
		return list as string[];
	}

	/** A collection or fixed-collection group as the editor holds it ({} when absent). */
	object(name: string): IDataObject {
		const value = this.raw<unknown>(name, {});
		if (value === null || value === undefined) return {};
		if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
		throw this.invalid(name, 'must be an object', value);
	}

	invalid(name: string, rule: string, value: unknown): NodeOperationError {
		const path = this.locate(name);
		const label = labelForParameter(path, this.properties) ?? name;
		const problem = `${rule}${describeValue(value)}`;
		return new NodeOperationError(this.ctx.getNode(), personMessage(label, problem, this.itemIndex), {
			itemIndex: this.itemIndex,
			description: personDescription(this.itemIndex, [{ label, detail: path, problem }]),
		});
	}

	private optionValues(name: string): string[] {
		const leaf = findProperty(this.locate(name), this.properties);
		return (leaf?.options ?? [])
			.filter((option): option is INodePropertyOptions => 'value' in option)
			.map((option) => String(option.value));
	}
}

/** Never echo long or secret-looking values: the field's value is shown only when short and plain. */
function describeValue(value: unknown): string {
	if (value === undefined || value === null) return '';
	const text =
		typeof value === 'string'
			? JSON.stringify(value)
			: typeof value === 'number' || typeof value === 'boolean'
				? String(value)
				: '';
	return text && text.length <= 40 && !/\d{7,}/.test(text) ? ` (got ${text})` : '';
}

/** A rule that reads on from the field's name ("must be …", "is required") makes one sentence with it. */
const PREDICATE = /^(is|are|must|cannot|can|has|needs|should|was)\b/;

/** "Card Number must be 13 to 19 digits", or "Card Expiry Year: the card expired (03/24)" for a rule that is no predicate. */
function sentence(subject: string, problem: string): string {
	return PREDICATE.test(problem) ? `${subject} ${problem}` : `${subject}: ${problem}`;
}

/**
 * An error title for a person: the field as the editor names it, the rule, and the item as n8n counts and words it
 * ("[item 0]", the same 0-based index n8n shows as the error's Item Index; its editor adds no second suffix then).
 * No wire names: they go in the details.
 */
function personMessage(label: string, problem: string, itemIndex: number, more = 0): string {
	const others = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
	return `${sentence(label, problem)}${others} [item ${itemIndex}]`;
}

/**
 * The details: what to do, that nothing was sent, and every problem with the field's technical name (the wire path,
 * or the parameter's) for support. Each line is a sentence, so the text reads the same in the editor (which shows it
 * as HTML: line breaks fold, `…` becomes code) as in an error item's `description`.
 */
function personDescription(
	itemIndex: number,
	problems: Array<{ label: string; detail: string; problem: string }>,
): string {
	const fix =
		problems.length === 1
			? `Fix ${problems[0].label} (or the expression that feeds it), then run the node again.`
			: `Fix these ${problems.length} fields (or the expressions that feed them), then run the node again.`;
	const lines = problems.map(({ label, detail, problem }) =>
		sentence(`${label} (\`${detail}\`)`, problem).replace(/\.?$/, '.'),
	);
	return [
		`${fix} ${NOTHING_SENT}`,
		`On item ${itemIndex} (in brackets, each field's technical name, for support):`,
		...lines,
	].join('\n');
}

function findProperty(path: string, properties: INodeProperties[]): INodeProperties | undefined {
	let candidates: unknown[] = properties;
	let found: INodeProperties | undefined;
	for (const segment of path.split('.')) {
		found = candidates.find((entry) => (entry as INodeProperties).name === segment) as INodeProperties | undefined;
		if (!found) return undefined;
		candidates = (found.options ?? []).flatMap((entry) =>
			'values' in entry ? [entry, ...(entry.values as unknown[])] : [entry],
		);
	}
	return found;
}

/** Drops empty strings, undefined and empty objects, recursively: what the user left blank is not sent. */
export function withoutBlanks(value: IDataObject): IDataObject | undefined {
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry === undefined || entry === null) continue;
		if (typeof entry === 'string' && entry.trim() === '') continue;
		if (typeof entry === 'object' && !Array.isArray(entry)) {
			const nested = withoutBlanks(entry as IDataObject);
			if (nested !== undefined) result[key] = nested;
			continue;
		}
		result[key] = entry;
	}
	return Object.keys(result).length > 0 ? result : undefined;
}

/** The Merchant ID parameter, else the credential's; an error naming both when neither is set. */
export function resolveMerchantId(read: ParameterReader, run: RunContext): string {
	const fromParameter = read.string('merchantId').trim();
	if (fromParameter) return fromParameter;
	const fromCredential = String(run.credentials.merchantId ?? '').trim();
	if (fromCredential) return fromCredential;
	throw new NodeOperationError(
		read.ctx.getNode(),
		personMessage('Merchant ID', 'is required: set it on the node or in the DasGateway credential', read.itemIndex),
		{
			itemIndex: read.itemIndex,
			description: `DasGateway needs your merchant ID (DASMID, sent as merchant_id) on this call. Set Merchant ID on the node or in the DasGateway credential, then run the node again. ${NOTHING_SENT}`,
		},
	);
}

/**
 * The merchant_txn_ref for a call that moves money. Left empty, it is derived from the execution, the node and the
 * item: `n8n-` + the first 32 hex characters of sha256("executionId:nodeId:itemIndex"). n8n's Retry On Fail re-runs
 * the node inside the same execution, so the retry sends the same reference and DasGateway replays the first
 * answer instead of charging the item a second time. A new execution gets new references.
 */
export function resolveMerchantTxnRef(read: ParameterReader): string {
	const given = read.string('merchantTxnRef').trim();
	if (given) return given;
	return deterministicMerchantTxnRef(read.ctx.getExecutionId(), read.ctx.getNode().id, read.itemIndex);
}

export function deterministicMerchantTxnRef(executionId: string, nodeId: string, itemIndex: number): string {
	const digest = createHash('sha256').update(`${executionId}:${nodeId}:${itemIndex}`).digest('hex');
	return `n8n-${digest.slice(0, 32)}`;
}

/** A checked request body, or the NodeOperationError that names what is wrong with it. */
export type CheckedRequest<T> = { ok: true; data: T } | { ok: false; error: NodeOperationError };

/**
 * Runs a request schema. A failure names the field as the editor shows it, the item and the rule; its details list
 * every problem of the item with the wire name (for support) and say that nothing was sent.
 */
export function checkRequest<S extends z.ZodTypeAny>(
	read: ParameterReader,
	schema: S,
	body: unknown,
	properties: INodeProperties[],
	labelOverrides: Record<string, string> = {},
): CheckedRequest<z.output<S>> {
	const result = validateRequest(schema, body);
	if (result.ok) return { ok: true, data: result.data };
	const problems = result.issues.map((issue) => ({
		label: labelForWirePath(issue.path, properties, labelOverrides),
		detail: issue.path,
		problem: issue.message,
	}));
	const [first] = problems;
	const error = new NodeOperationError(
		read.ctx.getNode(),
		personMessage(first.label, first.problem, read.itemIndex, problems.length - 1),
		{
			itemIndex: read.itemIndex,
			description: personDescription(read.itemIndex, problems),
		},
	);
	return { ok: false, error };
}

/** `checkRequest` for build(): an invalid request stops the item (and, without Continue On Fail, the run) unsent. */
export function validateOrThrow<S extends z.ZodTypeAny>(
	read: ParameterReader,
	schema: S,
	body: unknown,
	properties: INodeProperties[],
	labelOverrides: Record<string, string> = {},
): z.output<S> {
	const checked = checkRequest(read, schema, body, properties, labelOverrides);
	if (!checked.ok) throw checked.error;
	return checked.data;
}

/** A failed call fails the item; an answer becomes its output items. */
export function outputFrom(result: GatewayResult, shape: (answer: GatewayAnswer) => IDataObject[]): PlanStep {
	return result.ok ? { kind: 'output', items: shape(result.answer) } : { kind: 'fail', error: result.error };
}

/** Simplify on → the normalized item; off → the gateway's body with card data masked. */
export function shapeAnswer<T>(
	simplify: boolean,
	answer: GatewayAnswer,
	normalize: (body: IDataObject) => T,
): IDataObject {
	return simplify ? (normalize(answer.body) as unknown as IDataObject) : redactCardData(answer.body);
}
