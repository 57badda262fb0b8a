import { ChannelType, DiscordAPIError } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

async function refusal(send: Promise<unknown>): Promise<{ status: number; code: number | string; message: string }> {
	const error: unknown = await send.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(DiscordAPIError);
	const { status, code, message } = error as DiscordAPIError;
	return { status, code, message };
}

/** A user who shares no server with the bot cannot be reached: no DM (the channel still opens), no thread. */
describe('fake Discord: users who share no server with the bot', () => {
	const discord = useFakeDiscord();

	test('a member who left gets no DM: the DM channel opens, sending answers 403 50278 (no mutual guilds), not a violation; back in the server, the DM arrives', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await fake.leave(alice);
		const dm = await client.users.createDM(alice.id);
		expect(dm.id).toBe(fake.dmChannelOf(alice));
		expect(await refusal(dm.send('your session is tomorrow'))).toEqual({
			status: 403,
			code: 50278,
			message: 'Cannot send messages to this user due to having no mutual guilds'
		});
		expect(fake.violations).toEqual([]);
		expect(alice.dms()).toEqual([]);

		await fake.join(alice);
		await dm.send('welcome back');
		expect((await alice.nextDm()).content).toBe('welcome back');
	});

	test('a user who shares no server with the bot cannot DM it either: nothing reaches the bot; after joining, the DM does', async () => {
		const { fake, client } = await discord.connectClient();
		const seen: string[] = [];
		client.on('messageCreate', (message) => void seen.push(message.content));
		const stranger = await fake.members.create({ username: 'stranger' });
		await expect(stranger.dm('hello?')).rejects.toThrow('shares no server with the bot');
		await fake.join(stranger);
		await stranger.dm('hello!');
		await fake.waitFor('the DM to reach the bot', () => seen.includes('hello!'));
		expect(seen).toEqual(['hello!']);
	});

	test('a user who never joined gets no DM either', async () => {
		const { fake, client } = await discord.connectClient();
		const stranger = await fake.members.create({ username: 'stranger' });
		expect((await refusal(client.users.send(stranger.id, 'hello'))).code).toBe(50278);
		expect(stranger.dms()).toEqual([]);
	});

	test('another server the bot is in counts: a member who left this one but shares that one still gets DMs', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		fake.addGuild({ name: 'Elsewhere' }).join(alice);
		await fake.leave(alice);
		await client.users.send(alice.id, 'still reachable');
		expect((await alice.nextDm()).content).toBe('still reachable');
	});

	test('sending again and again after the refusal is a violation (each 403 counts toward the invalid-request ban)', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await fake.leave(alice);
		for (let attempt = 0; attempt < 3; attempt += 1) await client.users.send(alice.id, 'hello?').catch(() => undefined);
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('closed-dm-loop');
		expect(violation?.reason).toContain('3 DMs to alice (shares no server with the bot) within 10 s');
		expect(fake.invalidRequests).toBe(3);
	});

	test('adding a member who left to a private thread answers 404 10007 Unknown Member and adds nobody', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sessions = textChannel(client, fake.channels.sessions);
		const thread = await sessions.threads.create({ name: 'Session alice', type: ChannelType.PrivateThread, invitable: false });
		await fake.leave(alice);
		expect(await refusal(thread.members.add(alice.id))).toEqual({ status: 404, code: 10007, message: 'Unknown Member' });
		expect((await fake.waitForThread({ parentId: fake.channels.sessions })).memberIds).toEqual([fake.bot.id]);
		expect(fake.violations).toEqual([]);
	});

	test('a member who leaves is taken out of the threads they were in, and cannot open them', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sessions = textChannel(client, fake.channels.sessions);
		const thread = await sessions.threads.create({ name: 'Session alice', type: ChannelType.PrivateThread, invitable: false });
		await thread.members.add(alice.id);
		await fake.leave(alice);
		expect((await fake.waitForThread({ parentId: fake.channels.sessions })).memberIds).toEqual([fake.bot.id]);
		expect(fake.canOpen(alice, thread.id)).toBe(false);
	});
});

describe('fake Discord: the reported answer for users who share no server', () => {
	const discord = useFakeDiscord({ dmWithoutSharedServer: 50007 });

	test('with dmWithoutSharedServer: 50007, a DM to a member who left answers 403 50007 Cannot send messages to this user', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await fake.leave(alice);
		expect(await refusal(client.users.send(alice.id, 'hello'))).toEqual({
			status: 403,
			code: 50007,
			message: 'Cannot send messages to this user'
		});
	});
});
