import { sleep } from 'n8n-workflow';

/** Starts are spread at least this share of (average call time / limit) apart: never the binding limit, only bursts. */
const SPREAD = 0.9;
/** Weight of the newest call in the average call time. */
const SMOOTHING = 0.1;
/** Waits shorter than this are not worth a timer. */
const MIN_WAIT_MS = 0.5;

/**
 * At most `limit` calls in flight, across items, their starts spread over the gateway's answer time. The gateway's
 * pushback (HTTP 429) halves the limit; it climbs back by one after as many successful calls as the limit allows. A
 * small hand-written pool: n8n's host does not guarantee p-limit, and runtime dependencies are not allowed.
 *
 * Why spread: calls that start together come back together, and n8n handles each answer and opens the next call's
 * connection on one thread, so a burst of answers makes every call of the burst wait for the others (at Concurrency
 * 20, 4–6 ms per call in n8n 2.8.4). Starting calls at least 0.9 × (average call time / limit) apart breaks the
 * bursts up and keeps them from forming again; calls that slots already space out are never held back. See
 * BENCHMARKS.md.
 */
export class AdaptiveLimiter {
	private inFlight = 0;
	private current: number;
	private successesSinceChange = 0;
	/** Callers waiting for a slot; a released slot is handed to the first of them already counted as in flight. */
	private readonly waiting: Array<() => void> = [];
	/** Average time of a call that went through at once (no 429, no retry); unknown before the first. */
	private averageCallMs: number | undefined;
	/** The earliest moment the next call may start. */
	private nextStartAt = 0;

	constructor(
		private readonly max: number,
		private readonly now: () => number = () => performance.now(),
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {
		this.current = max;
	}

	get limit(): number {
		return this.current;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await task();
		} finally {
			this.inFlight--;
			this.handOverSlots();
		}
	}

	/** The gateway answered 429: send fewer at once. */
	throttled(): void {
		this.current = Math.max(1, Math.floor(this.current / 2));
		this.successesSinceChange = 0;
	}

	/**
	 * A call went through: after a run of them, allow one more in flight, up to the configured maximum. `callMs` is
	 * how long it took, when it went through at once (no 429 waited out, no retry): the pace starts are spread at.
	 */
	succeeded(callMs?: number): void {
		if (callMs !== undefined && Number.isFinite(callMs) && callMs >= 0)
			this.averageCallMs =
				this.averageCallMs === undefined ? callMs : this.averageCallMs + SMOOTHING * (callMs - this.averageCallMs);
		if (this.current >= this.max) return;
		if (++this.successesSinceChange >= this.current) {
			this.current++;
			this.successesSinceChange = 0;
			this.handOverSlots();
		}
	}

	/**
	 * Called by a task holding a slot, right before it sends: holds a call that would start in a burst until its turn.
	 * The first calls (no average yet) start at once.
	 */
	async spreadStart(): Promise<void> {
		if (this.averageCallMs === undefined) return;
		const now = this.now();
		const startAt = Math.max(now, this.nextStartAt);
		this.nextStartAt = startAt + (SPREAD * this.averageCallMs) / this.current;
		if (startAt - now >= MIN_WAIT_MS) await this.wait(startAt - now);
	}

	private async acquire(): Promise<void> {
		if (this.inFlight < this.current) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private handOverSlots(): void {
		while (this.inFlight < this.current && this.waiting.length > 0) {
			this.inFlight++;
			(this.waiting.shift() as () => void)();
		}
	}
}
