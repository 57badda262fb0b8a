import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { openPglite } from '../../src/lib/data/pglite.ts';
import { openPostgres } from '../../src/lib/data/postgres.ts';
import { outboxQueueName } from '../../src/lib/outbox/queue-name.ts';
import { redisOptionsFromUrl } from '../../src/lib/redis.ts';
import { unlinkQueueKeys } from './queue-keys.ts';
import { createScratchDatabase as createEmptyDatabase } from './scratch-database.ts';
import { postgresUrl } from './services.ts';

/**
 * Removes what bots on this database left in Redis (every key of the BullMQ queue named after the database), so
 * runs on a long-lived Redis do not pile up keys. Best effort: a Redis that is down (a drill) has nothing to clean.
 * It cleans the Redis tests share (REDIS_URL); a test that gives its bot another Redis cleans that itself.
 */
async function dropQueueOf(databaseUrl: string): Promise<void> {
	const redisUrl = process.env.REDIS_URL?.trim();
	if (!redisUrl) return;
	const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
	redis.on('error', () => undefined);
	try {
		await redis.connect();
		await unlinkQueueKeys(redis, outboxQueueName(databaseUrl, 'memory://'));
	} catch {
		// Redis is unreachable: nothing to clean.
	} finally {
		redis.disconnect();
	}
}

/** A database a test can own: an in-memory PGlite, or a fresh database on the real PostgreSQL, dropped afterwards. */
export interface TestDatabase {
	db: Db;
	/** The URL of the fresh PostgreSQL database (undefined for PGlite). */
	url: string | undefined;
	dispose(): Promise<void>;
}

export interface DatabaseTarget {
	name: 'pglite' | 'postgres';
	create(): Promise<TestDatabase>;
}

/** Creates an empty database on the real server and returns its URL and a dropper (which also drops its queue). */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const scratch = await createEmptyDatabase(baseUrl, `fpsos_test_${process.pid}_${randomBytes(4).toString('hex')}`);
	return {
		url: scratch.url,
		drop: async () => {
			await dropQueueOf(scratch.url);
			await scratch.drop();
		}
	};
}

const pglite: DatabaseTarget = {
	name: 'pglite',
	create: async () => {
		const db = await openPglite('memory://');
		return { db, url: undefined, dispose: () => db.close() };
	}
};

function realPostgres(baseUrl: string): DatabaseTarget {
	return {
		name: 'postgres',
		create: async () => {
			const scratch = await createScratchDatabase(baseUrl);
			const db = openPostgres(scratch.url, { max: 4 });
			return {
				db,
				url: scratch.url,
				dispose: async () => {
					await db.close();
					await scratch.drop();
				}
			};
		}
	};
}

/** PGlite always; the real PostgreSQL when DATABASE_URL is set (always in CI). */
export function databaseTargets(): DatabaseTarget[] {
	const url = postgresUrl();
	return url ? [pglite, realPostgres(url)] : [pglite];
}

/** A fresh, migrated database of `target` for the tests of the enclosing describe, disposed after them. */
export function useMigratedDatabase(target: DatabaseTarget): { readonly db: Db; readonly url: string | undefined } {
	let database: TestDatabase | undefined;
	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
	});
	afterAll(async () => {
		await database?.dispose();
	});
	return {
		get db() {
			if (!database) throw new Error('useMigratedDatabase(): the database only exists inside tests and hooks');
			return database.db;
		},
		get url() {
			return database?.url;
		}
	};
}
