import type { RateLimitData } from 'discord.js';
import { describe, expect, test } from 'vitest';
import type { FakeDiscord } from './fake-discord.ts';
import { DISCORD_RATE_LIMITS } from './rate-limits.ts';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord rate limits and failures on demand', () => {
	const discord = useFakeDiscord();

	test('a 429 on demand makes discord.js wait and retry, and the message still arrives', async () => {
		const { fake, client } = await discord.connectClient();
		const limits: RateLimitData[] = [];
		client.rest.on('rateLimited', (info) => limits.push(info));
		fake.rateLimitNext('POST /channels/:channel/messages', { retryAfterMs: 400 });
		const channel = textChannel(client, fake.channels.general);
		const started = Date.now();
		await channel.send('after the limit');
		expect(Date.now() - started).toBeGreaterThanOrEqual(380);
		expect(limits).toHaveLength(1);
		expect(limits[0]?.global).toBe(false);
		expect((await fake.waitForMessage({ channelId: fake.channels.general })).content).toBe('after the limit');
		expect(fake.transcript()).toContain('429 (injected rate limit, retry after 0.4s)');
	});

	test('a global 429 is retried too', async () => {
		const { fake, client } = await discord.connectClient();
		fake.rateLimitNext(/\/messages$/, { retryAfterMs: 250, global: true });
		const channel = textChannel(client, fake.channels.general);
		await channel.send('after the global limit');
		expect((await fake.waitForMessage({ channelId: fake.channels.general })).content).toBe('after the global limit');
		expect(fake.transcript()).toContain('injected global rate limit');
	});

	test('a 500 on demand is retried by discord.js and the request then succeeds', async () => {
		const { fake, client } = await discord.connectClient();
		fake.failNext('POST /channels/*/messages', 500, { times: 2 });
		const channel = textChannel(client, fake.channels.general);
		await channel.send('survived two 500s');
		expect((await fake.waitForMessage({ channelId: fake.channels.general })).content).toBe('survived two 500s');
	});

	test('an unknown route answers 404 and records an unsupported-route violation', async () => {
		const { fake, client } = await discord.connectClient();
		await expect(client.rest.get('/stage-instances/123')).rejects.toMatchObject({ status: 404, code: 0 });
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('unsupported-route');
		expect(violation?.reason).toBe('unsupported route GET /stage-instances/123');
	});
});

/** A raw request as the bot would make it (so a test can look at one answer's headers). */
async function call(fake: FakeDiscord, method: string, path: string, body?: unknown, token = fake.bot.token): Promise<Response> {
	return fetch(`${fake.apiBase}/v10${path}`, {
		method,
		headers: { authorization: `Bot ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		...(body === undefined ? {} : { body: JSON.stringify(body) })
	});
}

describe('fake Discord rate limits, as Discord applies them by default', () => {
	const discord = useFakeDiscord();

	test('a channel sends 5 messages per 5 s: the 6th gets a 429 with retry_after and the headers; another channel has its own bucket', async () => {
		const { fake } = discord;
		const answers: Response[] = [];
		for (let index = 0; index < 6; index += 1)
			answers.push(await call(fake, 'POST', `/channels/${fake.channels.general}/messages`, { content: `m${index}` }));
		expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(answers.slice(0, 5).map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
		const first = answers[0]!;
		expect(first.headers.get('x-ratelimit-limit')).toBe('5');
		expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeCloseTo(5, 0);
		expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
		expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);

		const limited = answers[5]!;
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
		expect(limited.headers.get('x-ratelimit-global')).toBeNull();
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(4);
		const body = (await limited.json()) as { retry_after: number; global: boolean; message: string };
		expect(body).toMatchObject({ message: 'You are being rate limited.', global: false });
		expect(body.retry_after).toBeGreaterThan(4);
		expect(fake.messages(fake.channels.general)).toHaveLength(5);
		expect(fake.rateLimited).toBe(1);
		expect(fake.invalidRequests).toBe(1);

		const elsewhere = await call(fake, 'POST', `/channels/${fake.channels.support}/messages`, { content: 'other bucket' });
		expect(elsewhere.status).toBe(200);
		expect(elsewhere.headers.get('x-ratelimit-bucket')).toBe(first.headers.get('x-ratelimit-bucket'));
		expect(elsewhere.headers.get('x-ratelimit-remaining')).toBe('4');
	});

	test('401, 403 and 429 answers are counted as invalid requests (Discord bans past 10,000 in 10 minutes)', async () => {
		const { fake } = discord;
		expect((await call(fake, 'GET', '/users/@me', undefined, 'not-the-token')).status).toBe(401);
		fake.takeViolations();
		const client = await connectTestClient(fake);
		const bob = await fake.members.create({ username: 'bob', dmsClosed: true, joined: true });
		const user = await client.users.fetch(bob.id);
		await expect(user.send('hello')).rejects.toMatchObject({ status: 403, code: 50007 });
		fake.rateLimitNext('GET /users/:user', { retryAfterMs: 50 });
		await client.users.fetch(bob.id, { force: true });
		expect(fake.invalidRequests).toBe(3);
	});
});

describe('fake Discord global rate limit (made small so a burst reaches it)', () => {
	const discord = useFakeDiscord({ rateLimits: { globalPerSecond: 3 } });

	test('Discord allows 50 requests per second per bot; past the global limit a 429 carries X-RateLimit-Global', async () => {
		expect(DISCORD_RATE_LIMITS.globalPerSecond).toBe(50);
		const { fake } = discord;
		const channels = [
			fake.channels.general,
			fake.channels.support,
			fake.channels.welcome,
			fake.channels.rules,
			fake.channels.sessions,
			fake.channels.staff
		];
		const answers = await Promise.all(channels.map((id) => call(fake, 'GET', `/channels/${id}`)));
		const global = answers.find((answer) => answer.status === 429);
		expect(global?.headers.get('x-ratelimit-global')).toBe('true');
		expect(global?.headers.get('x-ratelimit-scope')).toBe('global');
		expect(Number(global?.headers.get('retry-after'))).toBeLessThanOrEqual(1);
		expect(((await global!.json()) as { global: boolean; retry_after: number }).global).toBe(true);
		expect(fake.rateLimited).toBeGreaterThanOrEqual(1);
	});

	test('interaction callbacks are not bound by the global limit', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, (bot) => {
			bot.on('interactionCreate', (interaction) => {
				if (interaction.isChatInputCommand()) void interaction.reply('pong');
			});
		});
		await client.application?.commands.set([{ name: 'ping', description: 'Replies', type: 1 }]);
		const members = await Promise.all(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((username) => fake.members.create({ username, joined: true })));
		const before = fake.rateLimited;
		const replies = await Promise.all(members.map(async (member) => (await member.slash('ping')).reply()));
		expect(replies.map((reply) => reply.kind)).toEqual(['message', 'message', 'message', 'message', 'message', 'message']);
		expect(fake.rateLimited).toBe(before);
	});
});

describe('fake Discord rate limits seen through discord.js', () => {
	const discord = useFakeDiscord({ rateLimits: { messageCreate: { limit: 2, windowMs: 300 } } });

	test('discord.js reads the bucket headers and waits: 7 messages to one channel all arrive, in order, with no 429', async () => {
		const { fake, client } = await discord.connectClient();
		const channel = textChannel(client, fake.channels.general);
		const started = Date.now();
		await Promise.all(Array.from({ length: 7 }, (_, index) => channel.send(`n${index}`)));
		expect(Date.now() - started).toBeGreaterThanOrEqual(850);
		expect(fake.messages(fake.channels.general).map((message) => message.content)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
		expect(fake.rateLimited).toBe(0);
		expect(fake.invalidRequests).toBe(0);
	});
});
