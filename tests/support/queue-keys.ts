import type { Redis } from 'ioredis';

/** Unlinks every key of BullMQ queue `queue` (`<prefix>:<queue>:*`) and returns the keys it removed. */
export async function unlinkQueueKeys(redis: Redis, queue: string, prefix = 'bull'): Promise<Set<string>> {
	const removed = new Set<string>();
	let cursor = '0';
	do {
		const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:${queue}:*`, 'COUNT', 1000);
		cursor = next;
		if (found.length > 0) await redis.unlink(...found);
		for (const key of found) removed.add(key);
	} while (cursor !== '0');
	return removed;
}
