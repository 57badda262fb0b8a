import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis database of one's own (so FLUSHDB harms no one else): the first of `candidates` (never REDIS_URL's own)
 * whose lock key, kept in REDIS_URL's database, can be taken. Used by the outbox queue tests and bench:scheduler.
 */
export async function lockRedisDb(
	base: RedisOptions,
	candidates: readonly number[] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
): Promise<{ db: number; release: () => Promise<void> }> {
	const redis = new Redis({ ...base, lazyConnect: true });
	await redis.connect();
	const token = randomBytes(8).toString('hex');
	for (const db of candidates) {
		if (db === (base.db ?? 0)) continue;
		const key = `fpsos-test-redis-db-${db}`;
		if ((await redis.set(key, token, 'PX', 600_000, 'NX')) === 'OK') {
			return {
				db,
				release: async () => {
					if ((await redis.get(key)) === token) await redis.del(key);
					redis.disconnect();
				}
			};
		}
	}
	redis.disconnect();
	throw new Error(`no free Redis database among ${candidates.join(', ')}`);
}
