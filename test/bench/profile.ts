/**
 * Where an n8n process's CPU time goes while one node runs: a V8 CPU profile of the whole `n8n execute` process
 * (`--cpu-prof`), cut into the windows n8n recorded for each node (startTime, executionTime), each sample put in a
 * category by its call stack. Samples of n8n's main thread only; idle time is not CPU time.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Categories, in the order the report lists them. */
export const CATEGORIES = [
	'ours',
	'n8n: parameters and expressions',
	'n8n: credential (read, decrypt, apply)',
	'n8n: request helper and HTTP client',
	'n8n: engine and other',
	'HTTP Request node',
	'garbage collection',
	'native (unattributed)',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface WindowCpu {
	/** Main-thread CPU time inside the window, in ms. */
	cpuMs: number;
	/** Wall time of the window, in ms. */
	wallMs: number;
	byCategory: Record<Category, number>;
}

const OURS = /\/n8n-nodes-dasgateway\//;
const EXPRESSIONS =
	/\/n8n-workflow\/dist\/.*(expression|workflow-data-proxy|node-parameters|extensions\/)|\/(luxon|@n8n\/tournament|esprima-next|recast|jmespath|ast-types)\//;
const CREDENTIALS = /\/n8n\/dist\/credentials|\/n8n-core\/dist\/.*credentials|\/(typeorm|sqlite3|@n8n\/db)\//;
const HTTP =
	/\/n8n-core\/dist\/.*request-helper|\/(axios|follow-redirects|form-data|proxy-from-env|http-proxy-agent|https-proxy-agent|agent-base|proxy-agent)\/|^node:(_http|http|https|net|tls|dns|stream|internal\/(streams|http|net|dns|url)|url|zlib|buffer)/;
const HTTP_NODE = /\/n8n-nodes-base\//;

/**
 * A sample's category from its stack (innermost frame first). Expression and credential work is n8n's even when our
 * code asked for it (every node reading `={{ $json.x }}` pays it); the request helper's work likewise. What runs in
 * our own files is ours.
 */
function categorize(stack: Array<{ functionName: string; url: string }>): Category {
	const self = stack[0];
	if (self.functionName === '(garbage collector)') return 'garbage collection';
	if (OURS.test(self.url)) return 'ours';
	if (stack.some((frame) => CREDENTIALS.test(frame.url))) return 'n8n: credential (read, decrypt, apply)';
	if (stack.some((frame) => EXPRESSIONS.test(frame.url))) return 'n8n: parameters and expressions';
	if (stack.some((frame) => HTTP.test(frame.url) || frame.functionName === 'httpRequestWithAuthentication'))
		return 'n8n: request helper and HTTP client';
	if (HTTP_NODE.test(self.url)) return 'HTTP Request node';
	if (!self.url) return 'native (unattributed)';
	return 'n8n: engine and other';
}

/** The profile file (of several the process tree wrote) that holds our node's code: the n8n main process. */
export function readMainProfile(dir: string): CpuProfile {
	const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
	for (const file of files) {
		const text = readFileSync(join(dir, file), 'utf8');
		if (text.includes('n8n-nodes-dasgateway')) return JSON.parse(text) as CpuProfile;
	}
	throw new Error(`No CPU profile in ${dir} holds the DasGateway node (files: ${files.join(', ') || 'none'})`);
}

/**
 * Offset from the monotonic clock V8 stamps samples with (CLOCK_MONOTONIC in µs, shared by every process of the
 * machine, as process.hrtime is) to the epoch in µs.
 */
export function monotonicToEpochUs(): number {
	return Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
}

/** CPU time and its categories inside each window (epoch ms, as n8n records startTime). */
export function cpuInWindows(
	profile: CpuProfile,
	windows: Record<string, { startMs: number; endMs: number }>,
	offsetUs: number,
): Record<string, WindowCpu> {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const categoryOf = new Map<number, Category | null>();
	const categoryForNode = (id: number): Category | null => {
		const known = categoryOf.get(id);
		if (known !== undefined) return known;
		const stack: Array<{ functionName: string; url: string }> = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
			stack.push((byId.get(at) as CpuProfile['nodes'][number]).callFrame);
		const name = stack[0].functionName;
		const category = name === '(idle)' || name === '(root)' ? null : categorize(stack);
		categoryOf.set(id, category);
		return category;
	};
	const result: Record<string, WindowCpu> = {};
	const entries = Object.entries(windows).map(([name, window]) => {
		const cpu: WindowCpu = {
			cpuMs: 0,
			wallMs: window.endMs - window.startMs,
			byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>,
		};
		result[name] = cpu;
		return { startUs: window.startMs * 1000, endUs: window.endMs * 1000, cpu };
	});
	let at = profile.startTime + offsetUs;
	for (let index = 0; index < profile.samples.length; index++) {
		// A sample stands for the interval up to it.
		const delta = profile.timeDeltas[index];
		at += delta;
		const category = categoryForNode(profile.samples[index]);
		if (!category) continue;
		for (const entry of entries) {
			if (at <= entry.startUs || at > entry.endUs) continue;
			entry.cpu.cpuMs += delta / 1000;
			entry.cpu.byCategory[category] += delta / 1000;
		}
	}
	return result;
}
