import { AttachmentBuilder, ChannelType, EmbedBuilder, PermissionFlagsBits } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS } from './seed.ts';
import { textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const {
	ViewChannel,
	SendMessages,
	SendMessagesInThreads,
	AttachFiles,
	EmbedLinks,
	ReadMessageHistory,
	MentionEveryone,
	CreatePrivateThreads,
	Administrator
} = PermissionFlagsBits;

/** Permissions as Discord computes them (base, @everyone, role and member overwrites), and what they gate. */
describe('fake Discord permissions', () => {
	const discord = useFakeDiscord();

	test('computed like Discord: @everyone and roles, then @everyone overwrite, role overwrites together, member overwrite', async () => {
		const { fake } = discord;
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const helpers = fake.createRole({ name: 'Helpers', permissions: AttachFiles });
		const sam = await fake.members.create({ username: 'sam', roles: [fake.staffRoleId, helpers], joined: true });
		const general = fake.channels.general;
		expect(fake.permissionsIn(general, alice.id) & SendMessages).toBe(SendMessages);
		fake.setChannelOverwrite(general, { id: fake.everyoneRoleId, type: 0, deny: SendMessages | AttachFiles });
		expect(fake.permissionsIn(general, alice.id) & SendMessages).toBe(0n);
		// Without Send Messages, Attach Files, Embed Links and Mention Everyone go too (implicit permissions).
		expect(fake.permissionsIn(general, alice.id) & (AttachFiles | EmbedLinks)).toBe(0n);
		fake.setChannelOverwrite(general, { id: fake.staffRoleId, type: 0, allow: SendMessages });
		fake.setChannelOverwrite(general, { id: helpers, type: 0, deny: SendMessages, allow: AttachFiles });
		// Role overwrites are applied together: one role's allow beats another role's deny.
		expect(fake.permissionsIn(general, sam.id) & (SendMessages | AttachFiles)).toBe(SendMessages | AttachFiles);
		fake.setChannelOverwrite(general, { id: sam.id, type: 1, deny: AttachFiles });
		expect(fake.permissionsIn(general, sam.id) & (SendMessages | AttachFiles)).toBe(SendMessages);
		fake.setChannelOverwrite(general, { id: fake.everyoneRoleId, type: 0, deny: ViewChannel });
		expect(fake.permissionsIn(general, alice.id)).toBe(0n);
	});

	test('Administrator and the owner have every permission whatever the overwrites; someone outside the server has none', async () => {
		const { fake } = discord;
		const admins = fake.createRole({ name: 'Admins', permissions: Administrator });
		const ada = await fake.members.create({ username: 'ada', roles: [admins], joined: true });
		const outsider = await fake.members.create({ username: 'outsider' });
		fake.setChannelOverwrite(fake.channels.general, { id: fake.everyoneRoleId, type: 0, deny: ViewChannel });
		fake.setChannelOverwrite(fake.channels.general, { id: ada.id, type: 1, deny: ViewChannel });
		expect(fake.permissionsIn(fake.channels.general, ada.id) & ViewChannel).toBe(ViewChannel);
		expect(fake.permissionsIn(fake.channels.staff, fake.ownerId) & ViewChannel).toBe(ViewChannel);
		expect(fake.permissionsIn(fake.channels.welcome, outsider.id)).toBe(0n);
	});

	test('the seeded bot role has exactly the invite list: no Administrator, Manage Roles, Manage Channels or Mention Everyone', async () => {
		const { fake, client } = await discord.connectClient();
		expect(client.guilds.cache.get(fake.guildId)?.roles.cache.get(fake.botRoleId)?.permissions.bitfield).toBe(DEFAULT_BOT_PERMISSIONS);
		expect(fake.permissionsIn(fake.channels.staff, fake.bot.id) & MentionEveryone).toBe(0n);
		expect(
			DEFAULT_BOT_PERMISSIONS & (Administrator | PermissionFlagsBits.ManageRoles | PermissionFlagsBits.ManageChannels | MentionEveryone)
		).toBe(0n);
	});

	test('files need Attach Files and embeds Embed Links: 403 50013 and a violation', async () => {
		const { fake, client } = await discord.connectClient();
		const general = textChannel(client, fake.channels.general);
		fake.setChannelOverwrite(fake.channels.general, { id: fake.botRoleId, type: 0, deny: AttachFiles | EmbedLinks });
		await expect(general.send({ files: [new AttachmentBuilder(Buffer.from('x'), { name: 'x.txt' })] })).rejects.toMatchObject({
			status: 403,
			code: 50013
		});
		await expect(general.send({ embeds: [new EmbedBuilder().setDescription('hi')] })).rejects.toMatchObject({ status: 403, code: 50013 });
		const reasons = fake.takeViolations().map((violation) => violation.reason);
		expect(reasons).toEqual([
			expect.stringContaining('without AttachFiles in #general'),
			expect.stringContaining('without EmbedLinks in #general')
		]);
		await general.send('plain text still works');
	});

	test('a reply needs Read Message History (400 160002); without it the history reads empty', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const said = await alice.sendMessage(fake.channels.general, 'hello bot');
		const general = textChannel(client, fake.channels.general);
		fake.setChannelOverwrite(fake.channels.general, { id: fake.botRoleId, type: 0, deny: ReadMessageHistory });
		await expect(general.send({ content: 'hi', reply: { messageReference: said.id } })).rejects.toMatchObject({ status: 400, code: 160002 });
		expect(fake.takeViolations().map((violation) => violation.reason)).toEqual([
			expect.stringContaining('without ReadMessageHistory in #general (400 160002)')
		]);
		expect((await general.messages.fetch({ limit: 10, cache: false })).size).toBe(0);
	});

	test('threads: sending needs Send Messages in Threads, a private thread needs Create Private Threads', async () => {
		const { fake, client } = await discord.connectClient();
		const sessions = textChannel(client, fake.channels.sessions);
		const thread = await sessions.threads.create({ name: 'Session', type: ChannelType.PrivateThread });
		fake.setChannelOverwrite(fake.channels.sessions, { id: fake.botRoleId, type: 0, deny: SendMessagesInThreads | CreatePrivateThreads });
		await expect(thread.send('hello')).rejects.toMatchObject({ code: 50013 });
		await expect(sessions.threads.create({ name: 'Another', type: ChannelType.PrivateThread })).rejects.toMatchObject({ code: 50013 });
		expect(fake.takeViolations().map((violation) => violation.reason)).toEqual([
			expect.stringContaining('lacks SendMessagesInThreads'),
			expect.stringContaining('lacks CreatePrivateThreads')
		]);
		await sessions.send('the parent channel is still fine');
	});

	test('@everyone and an unmentionable role notify nobody without Mention Everyone, which the invite list does not grant', async () => {
		const { fake, client } = await discord.connectClient();
		const general = textChannel(client, fake.channels.general);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sam = await fake.members.create({ username: 'sam', roles: [fake.staffRoleId], joined: true });
		const content = `@everyone <@&${fake.staffRoleId}>`;
		const sent = await general.send({ content, allowedMentions: { parse: ['everyone', 'roles'] } });
		expect(fake.mentionsOf(sent.id)).toMatchObject({ notified: [], unreachedRoles: [fake.staffRoleId] });
		fake.setRolePermissions(fake.botRoleId, DEFAULT_BOT_PERMISSIONS | MentionEveryone);
		const again = await general.send({ content, allowedMentions: { parse: ['everyone', 'roles'] } });
		expect(fake.mentionsOf(again.id)?.notified).toEqual(expect.arrayContaining([alice.id, sam.id]));
	});
});
