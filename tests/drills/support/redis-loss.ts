import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../../../src/lib/redis.ts';

/**
 * What a Redis restart without persistence does to one bot, on a Redis other tests may share: every key of the bot's
 * BullMQ queue is gone (FLUSHDB, as far as this bot can tell: it keeps nothing else there) and its workers' connections
 * are dropped (CLIENT KILL of the connections BullMQ names after the queue), so they reconnect to the empty queue.
 */
export async function loseQueueData(redisUrl: string, queue: string, prefix = 'bull'): Promise<{ keys: number; connections: number }> {
	const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), lazyConnect: true });
	await redis.connect();
	try {
		let keys = 0;
		let cursor = '0';
		do {
			const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:${queue}:*`, 'COUNT', 1000);
			cursor = next;
			if (found.length > 0) keys += await redis.unlink(...found);
		} while (cursor !== '0');
		const name = `${prefix}:${Buffer.from(queue).toString('base64')}`;
		const clients = String(await redis.client('LIST'))
			.split('\n')
			.map((line) => Object.fromEntries(line.split(' ').map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)])))
			.filter((client) => client.name === name || client.name?.startsWith(`${name}:`));
		let connections = 0;
		for (const client of clients) connections += Number(await redis.client('KILL', 'ID', client.id!));
		return { keys, connections };
	} finally {
		redis.disconnect();
	}
}
