/**
 * The limiter on its own, with a fake clock: at most `limit` calls in flight; starts spread at least
 * 0.9 × (average call time / limit) apart once a call time is known; a pipeline that slots already space out is never
 * held back; a 429 halves the limit (and so widens the spread).
 */
import { AdaptiveLimiter } from '../../../nodes/DasGateway/actions/limiter';

function fakeTime() {
	let now = 0;
	const waits: number[] = [];
	return {
		now: () => now,
		wait: async (ms: number) => {
			waits.push(Number(ms.toFixed(3)));
		},
		advance: (ms: number) => {
			now += ms;
		},
		waits,
	};
}

describe('AdaptiveLimiter', () => {
	it('keeps at most `limit` calls in flight', async () => {
		const limiter = new AdaptiveLimiter(3);
		let inFlight = 0;
		let most = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () =>
				limiter.run(async () => {
					inFlight++;
					most = Math.max(most, inFlight);
					await new Promise((resolve) => setImmediate(resolve));
					inFlight--;
				}),
			),
		);
		expect(most).toBe(3);
	});

	it('starts the first calls at once: no call time is known yet', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveLimiter(20, time.now, time.wait);
		for (let call = 0; call < 20; call++) await limiter.spreadStart();
		expect(time.waits).toEqual([]);
	});

	it('spreads a burst of starts 0.9 × average call time / limit apart', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveLimiter(20, time.now, time.wait);
		limiter.succeeded(50);
		for (let call = 0; call < 5; call++) await limiter.spreadStart();
		// 0.9 × 50 ms / 20 = 2.25 ms: the first at once, then one every 2.25 ms.
		expect(time.waits).toEqual([2.25, 4.5, 6.75, 9]);
	});

	it('never holds back calls that the slots already space out', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveLimiter(1, time.now, time.wait);
		limiter.succeeded(50);
		for (let call = 0; call < 5; call++) {
			await limiter.spreadStart();
			time.advance(50); // one call at a time, each taking the gateway's 50 ms
		}
		expect(time.waits).toEqual([]);
	});

	it('follows the call time, and ignores calls that waited out a 429', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveLimiter(10, time.now, time.wait);
		limiter.succeeded(50);
		limiter.succeeded(150); // average 50 + 0.1 × (150 − 50) = 60 ms
		limiter.succeeded(undefined); // went through after a 429: says nothing about the gateway's answer time
		await limiter.spreadStart();
		await limiter.spreadStart();
		expect(time.waits).toEqual([5.4]); // 0.9 × 60 / 10
	});

	it('halves the limit at a 429, which widens the spread, and climbs back one by one', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveLimiter(20, time.now, time.wait);
		limiter.succeeded(50);
		limiter.throttled();
		expect(limiter.limit).toBe(10);
		await limiter.spreadStart();
		await limiter.spreadStart();
		expect(time.waits).toEqual([4.5]); // 0.9 × 50 / 10
		for (let call = 0; call < 10; call++) limiter.succeeded();
		expect(limiter.limit).toBe(11);
	});
});
