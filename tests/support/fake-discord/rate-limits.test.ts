import type { RateLimitData, TextChannel } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord rate limits and failures on demand', () => {
	const discord = useFakeDiscord();

	test('a 429 on demand makes discord.js wait and retry, and the message still arrives', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake);
		const limits: RateLimitData[] = [];
		client.rest.on('rateLimited', (info) => limits.push(info));
		fake.rateLimitNext('POST /channels/:channel/messages', { retryAfterMs: 400 });
		const channel = client.channels.cache.get(fake.channels.general) as TextChannel;
		const started = Date.now();
		await channel.send('after the limit');
		expect(Date.now() - started).toBeGreaterThanOrEqual(380);
		expect(limits).toHaveLength(1);
		expect(limits[0]?.global).toBe(false);
		expect((await fake.waitForMessage({ channelId: fake.channels.general })).content).toBe('after the limit');
		expect(fake.transcript()).toContain('429 (injected rate limit, retry after 0.4s)');
	});

	test('a global 429 is retried too', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake);
		fake.rateLimitNext(/\/messages$/, { retryAfterMs: 250, global: true });
		const channel = client.channels.cache.get(fake.channels.general) as TextChannel;
		await channel.send('after the global limit');
		expect((await fake.waitForMessage({ channelId: fake.channels.general })).content).toBe('after the global limit');
		expect(fake.transcript()).toContain('injected global rate limit');
	});

	test('a 500 on demand is retried by discord.js and the request then succeeds', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake);
		fake.failNext('POST /channels/*/messages', 500, { times: 2 });
		const channel = client.channels.cache.get(fake.channels.general) as TextChannel;
		await channel.send('survived two 500s');
		expect((await fake.waitForMessage({ channelId: fake.channels.general })).content).toBe('survived two 500s');
	});

	test('an unknown route answers 404 and records an unsupported-route violation', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake);
		await expect(client.rest.get('/stage-instances/123')).rejects.toMatchObject({ status: 404, code: 0 });
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('unsupported-route');
		expect(violation?.reason).toBe('unsupported route GET /stage-instances/123');
	});
});
