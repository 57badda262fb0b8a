import type { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// or rediss:// URL (BullMQ takes options, not a URL). */
export function redisOptionsFromUrl(url: string): RedisOptions {
	const parsed = new URL(url);
	const db = parsed.pathname.replace('/', '');
	return {
		host: parsed.hostname,
		port: parsed.port ? Number(parsed.port) : 6379,
		...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
		...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
		...(db ? { db: Number(db) } : {}),
		...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
		// BullMQ's workers block on Redis; it requires this to be null.
		maxRetriesPerRequest: null
	};
}
