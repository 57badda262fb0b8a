import { describe, expect, test } from 'vitest';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const DELAY_MS = 60;

describe('fake Discord network delay', () => {
	const discord = useFakeDiscord({ networkDelayMs: DELAY_MS });

	test('a REST answer takes the delay each way', async () => {
		const { fake } = discord;
		const started = performance.now();
		const answer = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.bot.token}` } });
		expect(answer.status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(2 * DELAY_MS - 5);
	});

	test('a gateway dispatch reaches the bot after the delay, in order', async () => {
		const { fake } = discord;
		const seen: { content: string; at: number }[] = [];
		await connectTestClient(fake, (client) => {
			client.on('messageCreate', (message) => seen.push({ content: message.content, at: performance.now() }));
		});
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sent = performance.now();
		await alice.sendMessage(fake.channels.general, 'one');
		await alice.sendMessage(fake.channels.general, 'two');
		await fake.waitFor('both messages reached the bot', () => seen.length === 2);
		expect(seen.map((event) => event.content)).toEqual(['one', 'two']);
		expect(seen[0]!.at - sent).toBeGreaterThanOrEqual(DELAY_MS - 5);
	});
});

describe('fake Discord network delay inside the interaction deadline', () => {
	// A deadline shorter than the round trip: a bot that answers at once still misses it, as on a slow link to Discord.
	const discord = useFakeDiscord({ networkDelayMs: DELAY_MS, interactionDeadlineMs: 2 * DELAY_MS - 20 });

	test('the 3-second deadline counts from the interaction’s creation, so the dispatch and the callback’s trip are inside it', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, (bot) => {
			bot.on('interactionCreate', (interaction) => {
				if (interaction.isChatInputCommand()) void interaction.reply('pong').catch(() => undefined);
			});
		});
		await client.application?.commands.set([{ name: 'ping', description: 'Replies', type: 1 }]);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await expect((await alice.slash('ping')).reply()).rejects.toThrow();
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('interaction-deadline');
	});
});

describe('fake Discord answers lost on the way back', () => {
	const discord = useFakeDiscord();

	test('the message is posted, the bot gets a 502 and discord.js sends again: twice without a nonce, once with enforce_nonce', async () => {
		const { fake, client } = await discord.connectClient();
		const channel = textChannel(client, fake.channels.general);
		fake.loseAnswerNext('POST /channels/:channel/messages');
		await channel.send('no nonce');
		fake.loseAnswerNext('POST /channels/:channel/messages');
		await channel.send({ content: 'with a nonce', nonce: 'welcome-1', enforceNonce: true });
		expect(fake.messages(fake.channels.general).map((message) => message.content)).toEqual(['no nonce', 'no nonce', 'with a nonce']);
		expect(fake.nonceReplays).toBe(1);
		expect(fake.transcript()).toContain('the answer was lost on the way back');
	});
});
