/**
 * "Seen" memory for exactly-once starts: the same event (transaction id, transaction type, outcome — its
 * `eventId`) is started once within a time window, whichever path (notification or shopper's return) brought it.
 *
 * Two layers:
 * - **Process memory** (a module-level Map per workflow and node): the atomic gate. Check and record happen in
 *   one synchronous step, so two concurrent copies reaching the same process cannot both start.
 * - **Durable record** in the workflow's static data (node scope): the one store n8n gives a trigger that every
 *   process reads and that survives restarts. n8n loads it fresh from the database for every production request
 *   and saves it whole after the node returned (before the answer is sent). Concurrent saves from two processes
 *   overwrite each other, so the record is a grow-only set whose entries expire by age: each request merges the
 *   record into its process memory, and each accepted event writes back every entry this process knows to be
 *   held. An entry lost to a concurrent overwrite is restored at that process's next save.
 *
 * An entry is "pending" from its claim until n8n has answered the delivery: n8n answers 2xx only once the
 * execution is stored (and queued); a 5xx answer (n8n could not hold it) releases the claim, so the redelivery
 * starts. Pending entries block copies in this process but are written to the durable record only by their own
 * request (saved by n8n only when the run was registered).
 */
import type { IDataObject } from 'n8n-workflow';

export const DEFAULT_MAX_ENTRIES = 10_000;
/** The durable record is saved whole on every accepted event: kept smaller than the process memory. */
export const MAX_DURABLE_ENTRIES = 2_000;
/** Bound on the number of (workflow, node) memories, so deleted workflows do not accumulate forever. */
export const MAX_STORES = 1_000;
/** Where the durable record lives in the node's static data. */
export const DURABLE_KEY = 'seenEvents';

interface Entry {
	at: number;
	pending: boolean;
}

/**
 * The durable record as stored: `{ v: 1, events: "<eventId> <time first accepted, ms, base 36>\n…" }`. One string
 * rather than an object of 2,000 keys: n8n wraps every object in static data in change-tracking proxies and saves it
 * whole on every started event, and a string is the cheapest thing to read, track and save.
 */
export interface DurableRecord {
	v: 1;
	events: string;
}

export class SeenEvents {
	/** key → entry. Map order = insertion order ≈ oldest first. */
	private readonly entries = new Map<string, Entry>();
	/** The record this process last wrote or merged: reading it again adds nothing (the usual case in one process). */
	private lastRecord = '';

	constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

	get size(): number {
		return this.entries.size;
	}

	/** True when `key` was accepted (or is being accepted) less than `windowMs` ago. */
	has(key: string, now: number, windowMs: number): boolean {
		const entry = this.entries.get(key);
		if (entry === undefined) return false;
		if (now - entry.at < windowMs) return true;
		this.entries.delete(key);
		return false;
	}

	/**
	 * Records `key` unless it is already remembered within the window. Returns true when it was recorded (the
	 * caller may start the event), false when it is a duplicate. Check and record happen in one synchronous
	 * step. The entry is pending until confirm() (or release()).
	 */
	claim(key: string, now: number, windowMs: number): boolean {
		if (windowMs <= 0) return true;
		if (this.has(key, now, windowMs)) return false;
		this.entries.set(key, { at: now, pending: true });
		this.prune(now, windowMs);
		return true;
	}

	/** n8n holds the event's execution: the entry may be written to the durable record by any request. */
	confirm(key: string): void {
		const entry = this.entries.get(key);
		if (entry) entry.pending = false;
	}

	/** n8n could not hold the execution: forget the claim so that the redelivery starts. */
	release(key: string, at: number): void {
		const entry = this.entries.get(key);
		if (entry && entry.pending && entry.at === at) this.entries.delete(key);
	}

	/**
	 * Merges a durable record read from static data (held by n8n, so confirmed). Entries already known keep
	 * their time; expired and malformed ones are skipped. Bounded: at most MAX_DURABLE_ENTRIES lines are read.
	 */
	merge(record: unknown, now: number, windowMs: number): void {
		const events = durableEvents(record);
		if (events === null || windowMs <= 0 || events === this.lastRecord) return;
		this.lastRecord = events;
		for (const line of events.split('\n', MAX_DURABLE_ENTRIES)) {
			const match = DURABLE_LINE.exec(line);
			if (match === null) continue;
			const key = match[1];
			const at = parseInt(match[2], 36);
			if (now - at >= windowMs || at > now + windowMs) continue;
			const known = this.entries.get(key);
			if (known === undefined) this.entries.set(key, { at, pending: false });
			else if (known.pending) known.pending = false;
		}
		this.prune(now, windowMs);
	}

	/**
	 * The durable record to save: every confirmed entry within the window plus `own` (the event this request is
	 * about to claim, at `now`), newest MAX_DURABLE_ENTRIES. Computed before the claim, so the claim itself cannot fail.
	 */
	toDurable(now: number, windowMs: number, own: string): DurableRecord {
		let keep: Array<[string, number]> = [];
		for (const [key, entry] of this.entries) {
			if (now - entry.at >= windowMs || entry.pending || key === own) continue;
			keep.push([key, entry.at]);
		}
		keep.push([own, now]);
		if (keep.length > MAX_DURABLE_ENTRIES) keep = keep.sort((a, b) => a[1] - b[1]).slice(-MAX_DURABLE_ENTRIES);
		this.lastRecord = keep.map(([key, at]) => `${key} ${at.toString(36)}`).join('\n');
		return { v: 1, events: this.lastRecord };
	}

	private prune(now: number, windowMs: number): void {
		// Expired entries sit mostly at the front; stop at the first live one (the rest expire in has()).
		for (const [key, entry] of this.entries) {
			if (now - entry.at < windowMs) break;
			this.entries.delete(key);
		}
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
}

const DURABLE_LINE = /^([^\s]+) ([0-9a-z]{1,11})$/;

function durableEvents(record: unknown): string | null {
	if (record === null || typeof record !== 'object') return null;
	const events = (record as IDataObject).events;
	return typeof events === 'string' ? events : null;
}

const stores = new Map<string, SeenEvents>();

/** The memory of one trigger node of one workflow. */
export function seenEventsFor(workflowId: string, nodeId: string): SeenEvents {
	const id = `${workflowId}\u0000${nodeId}`;
	let store = stores.get(id);
	if (store) {
		// Most recently used last.
		stores.delete(id);
		stores.set(id, store);
		return store;
	}
	store = new SeenEvents();
	stores.set(id, store);
	while (stores.size > MAX_STORES) stores.delete(stores.keys().next().value as string);
	return store;
}

/** For tests: forget everything (a process restart). */
export function clearSeenEvents(): void {
	stores.clear();
}

/** The event's identity, also output as `eventId`: `<transaction id, lower case>|<TYPE>|<outcome>`. */
export function eventKey(transactionId: string, transactionType: string | null, outcome: string): string {
	// Only letters, digits and _ from the type (PRE_AUTH, CAPTURE, …): the key is also a line of the durable record.
	const type = (transactionType ?? '').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
	return `${transactionId.toLowerCase()}|${type}|${outcome.replace(/[^a-z]/g, '_')}`;
}
