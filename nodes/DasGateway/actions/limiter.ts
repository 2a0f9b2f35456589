/**
 * At most `limit` calls in flight, across items. The gateway's pushback (HTTP 429) halves the limit; it climbs back
 * by one after as many successful calls as the limit allows. A small hand-written pool: n8n's host does not
 * guarantee p-limit, and runtime dependencies are not allowed.
 */
export class AdaptiveLimiter {
	private inFlight = 0;
	private current: number;
	private successesSinceChange = 0;
	/** Callers waiting for a slot; a released slot is handed to the first of them already counted as in flight. */
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly max: number) {
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

	/** A call went through: after a run of them, allow one more in flight, up to the configured maximum. */
	succeeded(): void {
		if (this.current >= this.max) return;
		if (++this.successesSinceChange >= this.current) {
			this.current++;
			this.successesSinceChange = 0;
			this.handOverSlots();
		}
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
