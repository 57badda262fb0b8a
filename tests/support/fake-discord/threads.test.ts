import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	ChannelType,
	ThreadAutoArchiveDuration,
	type ButtonInteraction,
	type Message,
	type ThreadChannel
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord threads', () => {
	const discord = useFakeDiscord();

	test('the bot opens a private thread for a member, who can write there while others cannot see it', async () => {
		const { fake } = discord;
		const seen: Message[] = [];
		const client = await connectTestClient(fake, (bot) => bot.on('messageCreate', (message) => void seen.push(message)));
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const bob = await fake.members.create({ username: 'bob', joined: true });
		const sessions = textChannel(client, fake.channels.sessions);
		const thread = await sessions.threads.create({ name: 'Session alice', type: ChannelType.PrivateThread, invitable: false });
		await thread.members.add(alice.id);
		await thread.send(`Welcome ${alice.mention}`);

		const view = await fake.waitForThread({ parentId: fake.channels.sessions });
		expect(view).toMatchObject({ name: 'Session alice', private: true, invitable: false, ownerId: fake.bot.id });
		expect(view.memberIds).toEqual([fake.bot.id, alice.id]);
		expect((await fake.waitForMessage({ threadOf: fake.channels.sessions })).content).toBe(`Welcome <@${alice.id}>`);
		await alice.sendMessage(thread.id, 'thanks!');
		expect(
			(await fake.waitFor('the bot to see alice in the thread', () => seen.find((message) => message.author.id === alice.id))).channelId
		).toBe(thread.id);
		await expect(bob.sendMessage(thread.id, 'can I join?')).rejects.toThrow(/cannot see thread "Session alice"/);
	});

	test('archiving and locking a thread, then adding a member, gets 50083 and a violation', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sessions = textChannel(client, fake.channels.sessions);
		const thread: ThreadChannel = await sessions.threads.create({ name: 'Session done', type: ChannelType.PrivateThread });
		await thread.setLocked(true);
		await thread.setArchived(true);
		expect(fake.threads()[0]).toMatchObject({ archived: true, locked: true });
		await expect(thread.members.add(alice.id)).rejects.toMatchObject({ code: 50083 });
		const [violation] = fake.takeViolations();
		expect(violation?.reason).toContain('which is archived (400 50083)');
		await expect(alice.sendMessage(thread.id, 'hello?')).rejects.toThrow(/cannot see/);
	});

	test('an archived thread is read-only: editing a message or the thread without unarchiving gets 50083; lock-and-archive in one edit works', async () => {
		const { fake, client } = await discord.connectClient();
		const support = textChannel(client, fake.channels.support);
		const thread: ThreadChannel = await support.threads.create({ name: 'Ticket 1', type: ChannelType.PrivateThread });
		const card = await thread.send('Ticket card');
		await thread.edit({ archived: true, locked: true });
		expect(fake.threads({ parentId: fake.channels.support })[0]).toMatchObject({ archived: true, locked: true });
		await expect(card.edit('Closed card')).rejects.toMatchObject({ code: 50083 });
		await expect(card.react('👍')).rejects.toMatchObject({ code: 50083 });
		await expect(thread.setName('Ticket 1 (closed)')).rejects.toMatchObject({ code: 50083 });
		const violations = fake.takeViolations();
		expect(violations.map((violation) => violation.reason)).toEqual([
			expect.stringContaining('edited a message in thread "Ticket 1" in #support, which is archived (400 50083)'),
			expect.stringContaining('added a reaction in thread "Ticket 1" in #support, which is archived (400 50083)'),
			expect.stringContaining('edited thread "Ticket 1" in #support, which is archived (400 50083); set archived to false in the same request')
		]);
		expect(fake.message(card.id)?.content).toBe('Ticket card');
		// Unarchiving in the same request is allowed (the bot has Manage Threads), and then the card can change.
		await thread.edit({ archived: false, name: 'Ticket 1 (reopened)' });
		await card.edit('Reopened card');
		expect(fake.message(card.id)?.content).toBe('Reopened card');
	});

	test('a thread started from a message has the message id and is public', async () => {
		const { fake, client } = await discord.connectClient();
		const general = textChannel(client, fake.channels.general);
		const message = await general.send('Announcement');
		const thread = await message.startThread({ name: 'Discussion' });
		expect(thread.id).toBe(message.id);
		expect(fake.threads({ parentId: fake.channels.general })[0]).toMatchObject({ id: message.id, private: false });
		expect(fake.message(message.id)?.threadId).toBe(message.id);
	});
	test('a thread archives itself after auto_archive_duration without activity on the fake clock; a message starts the clock over', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const support = textChannel(client, fake.channels.support);
		const thread: ThreadChannel = await support.threads.create({
			name: 'Ticket 2',
			type: ChannelType.PrivateThread,
			autoArchiveDuration: ThreadAutoArchiveDuration.OneHour
		});
		await thread.members.add(alice.id);
		fake.clock.advance(50 * 60_000);
		await alice.sendMessage(thread.id, 'still here');
		fake.clock.advance(50 * 60_000);
		expect(fake.threads()[0]?.archived).toBe(false); // 50 min since the last message
		fake.clock.advance(10 * 60_000);
		expect(fake.threads()[0]?.archived).toBe(true);
		await fake.waitFor('discord.js to see THREAD_UPDATE', () => thread.archived === true);
		// Sending unarchives an unlocked thread, and counts as activity.
		await thread.send('Anything else?');
		expect(fake.threads()[0]?.archived).toBe(false);
		fake.clock.advance(59 * 60_000);
		expect(fake.threads()[0]?.archived).toBe(false);
	});

	test('in an archived thread, a button answer that edits its message gets 50083 (deferUpdate + editReply, or update); a reply does not', async () => {
		const { fake } = discord;
		const outcomes: unknown[] = [];
		const client = await connectTestClient(fake, (bot) =>
			bot.on('interactionCreate', (interaction) => {
				if (!interaction.isButton()) return;
				const run = async (button: ButtonInteraction) => {
					if (button.customId === 'deferred') {
						await button.deferUpdate();
						await button.editReply({ content: 'Claimed' });
					} else if (button.customId === 'update') {
						await button.update({ content: 'Claimed' });
					} else {
						await button.reply({ content: 'Only for you', flags: 64 });
					}
				};
				run(interaction).then(
					() => outcomes.push('ok'),
					(error: unknown) => outcomes.push((error as { code?: number }).code)
				);
			})
		);
		const staff = await fake.members.create({ username: 'staff', roles: [fake.staffRoleId], joined: true });
		const support = textChannel(client, fake.channels.support);
		const thread: ThreadChannel = await support.threads.create({ name: 'Ticket 3', type: ChannelType.PrivateThread });
		const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
			new ButtonBuilder().setCustomId('deferred').setLabel('Deferred').setStyle(ButtonStyle.Primary),
			new ButtonBuilder().setCustomId('update').setLabel('Update').setStyle(ButtonStyle.Primary),
			new ButtonBuilder().setCustomId('ephemeral').setLabel('Ephemeral').setStyle(ButtonStyle.Secondary)
		);
		const card = await thread.send({ content: 'Card', components: [row] });
		await thread.setArchived(true);
		await staff.click(card.id, 'deferred').catch(() => undefined);
		await fake.waitFor('the deferred edit to fail', () => outcomes.length === 1);
		await expect((await staff.click(card.id, 'update')).reply()).rejects.toThrow(/archived \(400 50083\)/);
		await fake.waitFor('the update to fail', () => outcomes.length === 2);
		expect((await (await staff.click(card.id, 'ephemeral')).reply()).kind).toBe('message');
		await fake.waitFor('the reply', () => outcomes.length === 3);
		expect(outcomes).toEqual([50083, 50083, 'ok']);
		expect(fake.takeViolations().map((violation) => violation.reason)).toEqual([
			expect.stringContaining('edited a message in thread "Ticket 3" in #support, which is archived (400 50083)'),
			expect.stringContaining('edited a message in thread "Ticket 3" in #support, which is archived (400 50083)')
		]);
		expect(fake.message(card.id)?.content).toBe('Card');
	});
});
