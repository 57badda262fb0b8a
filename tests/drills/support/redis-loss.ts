import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../../../src/lib/redis.ts';
import { unlinkQueueKeys } from '../../support/queue-keys.ts';

/**
 * What a Redis restart without persistence does to one bot, on a Redis other tests may share: every key of the bot's
 * BullMQ queue is gone (FLUSHDB, as far as this bot can tell: it keeps nothing else there) and its workers' connections
 * are dropped (CLIENT KILL of the connections BullMQ names after the queue), so they reconnect to the empty queue.
 * `removed` names the keys it removed: a test asks it whether a job was lost, since the bot may plan the job again at
 * any moment after the loss (that is what it is for), so asking the queue afterwards would race with the recovery.
 */
export async function loseQueueData(redisUrl: string, queue: string, prefix = 'bull'): Promise<{ removed: Set<string>; connections: number }> {
	const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), lazyConnect: true });
	await redis.connect();
	try {
		const removed = await unlinkQueueKeys(redis, queue, prefix);
		const name = `${prefix}:${Buffer.from(queue).toString('base64')}`;
		const clients = String(await redis.client('LIST'))
			.split('\n')
			.map((line) =>
				Object.fromEntries(line.split(' ').map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)]))
			)
			.filter((client) => client.name === name || client.name?.startsWith(`${name}:`));
		let connections = 0;
		for (const client of clients) connections += Number(await redis.client('KILL', 'ID', client.id!));
		return { removed, connections };
	} finally {
		redis.disconnect();
	}
}
