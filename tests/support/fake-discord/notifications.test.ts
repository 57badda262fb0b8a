import { ChannelType, MessageFlags } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord: who sees a private thread, and who a message notifies', () => {
	const discord = useFakeDiscord();

	test('a private thread opens only for its members and for Manage Threads, and never without View Channel on the parent', async () => {
		const { fake, client } = await discord.connectClient();
		const member = await fake.members.create({ username: 'member', joined: true });
		const moderator = await fake.members.create({ username: 'moderator', roles: [fake.staffRoleId], joined: true });
		const outsider = await fake.members.create({ username: 'outsider', joined: true });
		const staffRoom = textChannel(client, fake.channels.staff);
		const support = textChannel(client, fake.channels.support);
		const thread = await support.threads.create({ name: 'Ticket', type: ChannelType.PrivateThread, invitable: false });
		await thread.members.add(member.id);
		expect(fake.canOpen(member, thread.id)).toBe(true);
		expect(fake.canOpen(moderator, thread.id)).toBe(true); // the seeded Staff role has Manage Threads
		expect(fake.canOpen(outsider, thread.id)).toBe(false);
		// A thread under a channel the member cannot see stays closed to them, membership or not.
		const hidden = await staffRoom.threads.create({ name: 'Staff only', type: ChannelType.PrivateThread });
		await hidden.members.add(member.id);
		expect(fake.canOpen(member, hidden.id)).toBe(false);
	});

	/** A private ticket thread under #support with `member` in it, and a mentionable Coach role whose member `coach` is not. */
	async function ticketWithCoach(options: { invitable?: boolean } = {}) {
		const { fake, client } = await discord.connectClient();
		const coachRole = fake.createRole({ name: 'Coach', mentionable: true });
		const coach = await fake.members.create({ username: 'coach', roles: [coachRole], joined: true });
		const member = await fake.members.create({ username: 'member', joined: true });
		const thread = await textChannel(client, fake.channels.support).threads.create({
			name: 'Ticket',
			type: ChannelType.PrivateThread,
			...options
		});
		await thread.members.add(member.id);
		return { fake, coachRole, coach, member, thread };
	}

	test("a bot's role mention in a private thread adds and notifies nobody; a user mention adds and notifies that user", async () => {
		const { fake, coachRole, coach, member, thread } = await ticketWithCoach({ invitable: false });

		const byRole = await thread.send({
			content: `New ticket for ${member.mention} <@&${coachRole}>`,
			allowedMentions: { users: [member.id], roles: [coachRole] }
		});
		expect(fake.notifiedBy(byRole.id)).toEqual([member.id]);
		expect(fake.mentionsOf(byRole.id)?.unreachedRoles).toEqual([coachRole]);
		expect(fake.canOpen(coach, thread.id)).toBe(false);

		const byUser = await thread.send({ content: `<@${coach.id}> please have a look`, allowedMentions: { users: [coach.id] } });
		expect(fake.mentionsOf(byUser.id)?.addedToThread).toEqual([coach.id]);
		expect(fake.notifiedBy(byUser.id)).toEqual([coach.id]);
		expect(fake.threads({ parentId: fake.channels.support })[0]?.memberIds).toContain(coach.id);
		expect(fake.canOpen(coach, thread.id)).toBe(true);
	});

	test('a user mention adds nobody who cannot see the parent channel', async () => {
		const { fake, client } = await discord.connectClient();
		const member = await fake.members.create({ username: 'member', joined: true });
		const staffRoom = textChannel(client, fake.channels.staff);
		const thread = await staffRoom.threads.create({ name: 'Staff only', type: ChannelType.PrivateThread });
		const sent = await thread.send({ content: `<@${member.id}>`, allowedMentions: { users: [member.id] } });
		expect(fake.mentionsOf(sent.id)).toMatchObject({ notified: [], addedToThread: [] });
	});

	test("a human's role mention in a private thread adds the role's members (reported behaviour)", async () => {
		const { fake, coachRole, coach, member, thread } = await ticketWithCoach();
		const sent = await member.sendMessage(thread.id, `help please <@&${coachRole}>`);
		expect(fake.mentionsOf(sent.id)).toMatchObject({ notified: [coach.id], addedToThread: [coach.id] });
	});

	test('a role mention in a channel reaches the members who can see it, only if the role is mentionable or the sender may mention any role', async () => {
		const { fake, client } = await discord.connectClient();
		const open = fake.createRole({ name: 'Open', mentionable: true });
		const closed = fake.createRole({ name: 'Closed' });
		const reader = await fake.members.create({ username: 'reader', roles: [open, closed], joined: true });
		const hiddenReader = await fake.members.create({ username: 'hidden', roles: [open], joined: true });
		const general = textChannel(client, fake.channels.general);
		const staffRoom = textChannel(client, fake.channels.staff);

		const toOpen = await general.send({ content: `<@&${open}>`, allowedMentions: { roles: [open] } });
		expect(fake.notifiedBy(toOpen.id).sort()).toEqual([reader.id, hiddenReader.id].sort());
		const toClosed = await general.send({ content: `<@&${closed}>`, allowedMentions: { roles: [closed] } });
		expect(fake.notifiedBy(toClosed.id)).toEqual([]); // not mentionable, and the bot lacks Mention Everyone
		const inStaffRoom = await staffRoom.send({ content: `<@&${open}>`, allowedMentions: { roles: [open] } });
		expect(fake.notifiedBy(inStaffRoom.id)).toEqual([]); // neither can see #staff
		const everyone = await general.send({ content: '@everyone hello' }); // no allowed_mentions: parses all, but no Mention Everyone
		expect(fake.notifiedBy(everyone.id)).toEqual([]);
	});

	test('allowed_mentions is honoured exactly: parse [] pings nobody, lists ping only what they name, parse + list is refused', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const bob = await fake.members.create({ username: 'bob', joined: true });
		const general = textChannel(client, fake.channels.general);
		const both = `${alice.mention} ${bob.mention}`;

		expect(fake.notifiedBy((await general.send({ content: both })).id).sort()).toEqual([alice.id, bob.id].sort());
		expect(fake.notifiedBy((await general.send({ content: both, allowedMentions: { parse: [] } })).id)).toEqual([]);
		expect(fake.notifiedBy((await general.send({ content: both, allowedMentions: { users: [bob.id, '123456789012345678'] } })).id)).toEqual([
			bob.id
		]);
		const silent = await general.send({ content: both, allowedMentions: { users: [alice.id] }, flags: MessageFlags.SuppressNotifications });
		expect(fake.mentionsOf(silent.id)).toMatchObject({ notified: [], mentioned: [alice.id] });
		// A mention added by an edit notifies nobody.
		const edited = await general.send({ content: 'soon', allowedMentions: { parse: [] } });
		await edited.edit({ content: both, allowedMentions: { parse: ['users'] } });
		expect(fake.notifiedBy(edited.id)).toEqual([]);

		await expect(general.send({ content: both, allowedMentions: { parse: ['users'], users: [alice.id] } })).rejects.toMatchObject({
			code: 50035
		});
		expect(fake.takeViolations().map((violation) => violation.reason)).toEqual([expect.stringContaining('allowed_mentions.users')]);
	});

	test('a DM notifies its recipient; a member with Manage Threads can open a private thread but is not notified unless mentioned', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const moderator = await fake.members.create({ username: 'moderator', roles: [fake.staffRoleId], joined: true });
		const dm = await (await client.users.fetch(alice.id)).send('hello');
		expect(fake.notifiedBy(dm.id)).toEqual([alice.id]);
		const support = textChannel(client, fake.channels.support);
		const thread = await support.threads.create({ name: 'Ticket', type: ChannelType.PrivateThread });
		await thread.members.add(alice.id);
		const sent = await thread.send({ content: `${alice.mention} hi`, allowedMentions: { users: [alice.id] } });
		expect(fake.notifiedBy(sent.id)).toEqual([alice.id]);
		expect(fake.canOpen(moderator, thread.id)).toBe(true);
	});
});
