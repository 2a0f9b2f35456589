/**
 * Shared secret carried in the webhook URL (`?secret=<value>`): DasGateway signs nothing, so a secret only the
 * merchant and the gateway know (it is part of the webhook_url sent with the payment) keeps strangers who
 * guessed the URL out. Compared in constant time over SHA-256 digests, so neither the content nor the length
 * of the expected value leaks through timing.
 */
import { createHash, timingSafeEqual } from 'crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function secretsMatch(provided: unknown, expected: string): boolean {
	if (typeof provided !== 'string') return false;
	return timingSafeEqual(digest(provided), digest(expected));
}

/** `?secret=` may arrive once or (maliciously) repeated; only a single value can match. */
export function secretFromQuery(query: unknown): unknown {
	if (query === null || typeof query !== 'object') return undefined;
	return (query as Record<string, unknown>).secret;
}
