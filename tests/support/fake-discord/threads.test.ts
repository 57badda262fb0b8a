import { ChannelType, type Message, type TextChannel, type ThreadChannel } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord threads', () => {
	const discord = useFakeDiscord();

	test('the bot opens a private thread for a member, who can write there while others cannot see it', async () => {
		const { fake } = discord;
		const seen: Message[] = [];
		const client = await connectTestClient(fake, (bot) => bot.on('messageCreate', (message) => void seen.push(message)));
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const bob = await fake.members.create({ username: 'bob', joined: true });
		const sessions = client.channels.cache.get(fake.channels.sessions) as TextChannel;
		const thread = await sessions.threads.create({ name: 'Session alice', type: ChannelType.PrivateThread, invitable: false });
		await thread.members.add(alice.id);
		await thread.send(`Welcome ${alice.mention}`);

		const view = await fake.waitForThread({ parentId: fake.channels.sessions });
		expect(view).toMatchObject({ name: 'Session alice', private: true, invitable: false, ownerId: fake.bot.id });
		expect(view.memberIds).toEqual([fake.bot.id, alice.id]);
		expect((await fake.waitForMessage({ threadOf: fake.channels.sessions })).content).toBe(`Welcome <@${alice.id}>`);
		await alice.sendMessage(thread.id, 'thanks!');
		expect((await fake.waitFor('the bot to see alice in the thread', () => seen.find((message) => message.author.id === alice.id))).channelId).toBe(thread.id);
		await expect(bob.sendMessage(thread.id, 'can I join?')).rejects.toThrow(/cannot see thread "Session alice"/);
	});

	test('archiving and locking a thread, then adding a member, gets 50083 and a violation', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sessions = client.channels.cache.get(fake.channels.sessions) as TextChannel;
		const thread: ThreadChannel = await sessions.threads.create({ name: 'Session done', type: ChannelType.PrivateThread });
		await thread.setLocked(true);
		await thread.setArchived(true);
		expect(fake.threads()[0]).toMatchObject({ archived: true, locked: true });
		await expect(thread.members.add(alice.id)).rejects.toMatchObject({ code: 50083 });
		const [violation] = fake.takeViolations();
		expect(violation?.reason).toContain('which is archived (400 50083)');
		await expect(alice.sendMessage(thread.id, 'hello?')).rejects.toThrow(/cannot see/);
	});

	test('a thread started from a message has the message id and is public', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake);
		const general = client.channels.cache.get(fake.channels.general) as TextChannel;
		const message = await general.send('Announcement');
		const thread = await message.startThread({ name: 'Discussion' });
		expect(thread.id).toBe(message.id);
		expect(fake.threads({ parentId: fake.channels.general })[0]).toMatchObject({ id: message.id, private: false });
		expect(fake.message(message.id)?.threadId).toBe(message.id);
	});
});
