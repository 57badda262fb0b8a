import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * The BullMQ queue a bot uses, derived from its database: bots on the same database share one queue (their jobs
 * name rows of that database), bots on different databases sharing a Redis (tests, staging) never take each other's
 * jobs. The password and query string are left out, so rotating a password keeps the queue; a bot on an in-memory
 * database gets a queue of its own.
 */
export function outboxQueueName(databaseUrl: string | undefined, dataDir: string): string {
	let identity: string;
	if (databaseUrl) {
		const url = new URL(databaseUrl);
		identity = `postgres ${decodeURIComponent(url.username)}@${url.hostname}:${url.port || '5432'}${url.pathname}`;
	} else if (dataDir.startsWith('memory://')) {
		identity = `memory ${hostname()} ${process.pid} ${randomBytes(8).toString('hex')}`;
	} else {
		identity = `pglite ${hostname()} ${resolve(dataDir)}`;
	}
	return `fpsos-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}
