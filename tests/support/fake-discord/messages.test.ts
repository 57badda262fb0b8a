import type { GuildMember, Message } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord messages, reactions and reconnects', () => {
	const discord = useFakeDiscord();

	test('the bot edits, reacts to, fetches and deletes messages, and the fake keeps up', async () => {
		const { fake, client } = await discord.connectClient();
		const channel = textChannel(client, fake.channels.general);
		const first = await channel.send('first');
		const second = await channel.send('second');
		await first.edit({ content: 'first (edited)', embeds: [{ title: 'now with an embed' }] });
		await second.react('✅');
		const history = await channel.messages.fetch({ limit: 10 });
		expect([...history.values()].map((message) => message.content)).toEqual(['second', 'first (edited)']);
		expect(fake.message(first.id)).toMatchObject({ content: 'first (edited)', edited: true });
		expect(fake.message(second.id)?.reactions).toEqual({ '✅': [fake.bot.id] });
		await second.delete();
		expect(fake.messages(fake.channels.general).map((message) => message.id)).toEqual([first.id]);
	});

	test('a channel whose overwrites deny the bot Send Messages answers its sends with 403 50013 and records a violation', async () => {
		const { fake } = discord;
		const locked = fake.createChannel('locked-staff', { staffOnly: true, botCanSend: false });
		const open = fake.createChannel('open-staff', { staffOnly: true });
		const client = await connectTestClient(fake);
		await fake.waitFor('both channels in the cache', () => (client.channels.cache.has(locked) && client.channels.cache.has(open)) || undefined);
		await expect(textChannel(client, locked).send('hello')).rejects.toMatchObject({ status: 403, code: 50013 });
		const [violation] = fake.takeViolations();
		expect(violation).toMatchObject({ kind: 'missing-permission' });
		expect(violation?.reason).toContain('lacks SendMessages');
		await textChannel(client, open).send('hello');
		expect(fake.messages(open).map((message) => message.content)).toEqual(['hello']);
		expect(fake.messages(locked)).toEqual([]);
	});

	test('a resend with the same nonce and enforce_nonce returns the first message, as Discord does', async () => {
		const { fake, client } = await discord.connectClient();
		const channel = textChannel(client, fake.channels.general);
		const first = await channel.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
		const again = await channel.send({ content: 'once (resent)', nonce: 'n-1', enforceNonce: true });
		const loose = await channel.send({ content: 'no enforcement', nonce: 'n-1' });
		expect(again.id).toBe(first.id);
		expect(loose.id).not.toBe(first.id);
		expect(fake.messages(fake.channels.general).map((message) => message.content)).toEqual(['once', 'no enforcement']);
		expect(fake.nonceReplays).toBe(1);
	});

	test('a member reply reaches the bot; a reaction is not delivered without the GuildMessageReactions intent', async () => {
		const { fake } = discord;
		const seen: Message[] = [];
		const reactions: string[] = [];
		const client = await connectTestClient(fake, (bot) => {
			bot.on('messageCreate', (message) => void seen.push(message));
			bot.on('messageReactionAdd', (reaction, user) => void reactions.push(`${reaction.emoji.name ?? ''} by ${user.id}`));
		});
		const channel = textChannel(client, fake.channels.general);
		const question = await channel.send('Ready?');
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await alice.sendMessage(fake.channels.general, 'yes', { replyTo: question.id });
		const reply = await fake.waitFor('the reply', () => seen.find((message) => message.author.id === alice.id));
		expect(reply.reference?.messageId).toBe(question.id);
		await alice.react(question.id, '👍');
		expect(fake.transcript()).toContain(`MESSAGE_REACTION_ADD 👍 on ${question.id} by alice (not delivered: the bot lacks the intent)`);
		expect(reactions).toEqual([]);
	});

	test('after a dropped gateway connection discord.js resumes and receives the events it missed', async () => {
		const { fake } = discord;
		const joined: GuildMember[] = [];
		await connectTestClient(fake, (bot) => bot.on('guildMemberAdd', (member) => void joined.push(member)));
		fake.dropGatewayConnection();
		const alice = await fake.members.create({ username: 'alice' });
		await fake.join(alice);
		const member = await fake.waitFor('the replayed GUILD_MEMBER_ADD', () => joined[0], { timeoutMs: 15_000 });
		expect(member.id).toBe(alice.id);
		expect(fake.transcript()).toMatch(/bot RESUME \(replayed \d+ events\)/);
		expect(fake.connectedBots).toBe(1);
	});
});
