/**
 * "Seen" memory for exactly-once starts: the same (transaction id, transaction type, outcome) is started once
 * within a time window, whichever path (notification or shopper's return) brought it.
 *
 * Kept in memory, per workflow and node, in a module-level Map: that lives in n8n's main process, which runs
 * production webhooks in the default (regular) mode. It is bounded (oldest entries leave first) and is lost on
 * restart. In queue mode with several webhook processes, each process has its own memory, so a duplicate that
 * reaches another process is not recognised; and after a restart, a redelivery is not recognised either.
 * Workflows that must never act twice should still key their side effects on the transaction id.
 *
 * An event is recorded only once it has been accepted (verified, not filtered out), in the same synchronous
 * step that decides to start it, so two concurrent copies cannot both start and a rejected (forged or
 * mismatching) delivery never blocks the genuine one.
 */

export const DEFAULT_MAX_ENTRIES = 10_000;
/** Bound on the number of (workflow, node) memories, so deleted workflows do not accumulate forever. */
export const MAX_STORES = 1_000;

export class SeenEvents {
	/** key → time first accepted (ms). Map order = insertion order = oldest first. */
	private readonly entries = new Map<string, number>();

	constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

	get size(): number {
		return this.entries.size;
	}

	/** True when `key` was accepted less than `windowMs` ago. */
	has(key: string, now: number, windowMs: number): boolean {
		const at = this.entries.get(key);
		if (at === undefined) return false;
		if (now - at < windowMs) return true;
		this.entries.delete(key);
		return false;
	}

	/**
	 * Records `key` unless it is already remembered within the window. Returns true when it was recorded (the
	 * caller may start the event), false when it is a duplicate. Check and record happen in one synchronous
	 * step.
	 */
	claim(key: string, now: number, windowMs: number): boolean {
		if (windowMs <= 0) return true;
		if (this.has(key, now, windowMs)) return false;
		this.entries.set(key, now);
		this.prune(now, windowMs);
		return true;
	}

	private prune(now: number, windowMs: number): void {
		// Expired entries sit at the front (oldest first).
		for (const [key, at] of this.entries) {
			if (now - at < windowMs) break;
			this.entries.delete(key);
		}
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
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

/** For tests: forget everything. */
export function clearSeenEvents(): void {
	stores.clear();
}

export function eventKey(transactionId: string, transactionType: string | null, outcome: string): string {
	return `${transactionId.toLowerCase()}|${(transactionType ?? '').toUpperCase()}|${outcome}`;
}
