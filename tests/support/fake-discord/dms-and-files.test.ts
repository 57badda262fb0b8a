import { DiscordAPIError, type Message } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { fakeFile } from './files.ts';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord DMs and files', () => {
	const discord = useFakeDiscord();

	test('a DM to a member whose DMs are closed throws DiscordAPIError 50007 and is not a violation', async () => {
		const { fake, client } = await discord.connectClient();
		const bob = await fake.members.create({ username: 'bob', dmsClosed: true, joined: true });
		const user = await client.users.fetch(bob.id);
		const dmChannel = await user.createDM();
		expect(dmChannel.id).toBe(fake.dmChannelOf(bob));
		const error: unknown = await user.send('welcome!').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(50007);
		expect((error as DiscordAPIError).status).toBe(403);
		expect(fake.violations).toEqual([]);
		expect(bob.dms()).toEqual([]);
	});

	test('retrying a DM to a closed-DM member in a loop is a violation', async () => {
		const { fake, client } = await discord.connectClient();
		const bob = await fake.members.create({ username: 'bob', dmsClosed: true, joined: true });
		const user = await client.users.fetch(bob.id);
		for (let attempt = 0; attempt < 3; attempt += 1) await user.send('hello?').catch(() => undefined);
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('closed-dm-loop');
		expect(violation?.reason).toContain('3 DMs to bob (DMs closed) within 10 s');
	});

	test('a DM to an open member arrives and nextDm returns it', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await client.users.send(alice.id, { content: 'Hi alice', embeds: [{ title: 'Your booking' }] });
		const dm = await alice.nextDm();
		expect(dm.content).toBe('Hi alice');
		expect(dm.text).toContain('Your booking');
		expect(dm.guildId).toBeNull();
	});

	test('a multipart message with a file is stored and its attachment url serves the bytes', async () => {
		const { fake, client } = await discord.connectClient();
		const channel = textChannel(client, fake.channels.general);
		const bytes = Buffer.from('line 1\nline 2\n');
		const sent = await channel.send({
			content: 'report attached',
			files: [{ attachment: bytes, name: 'report.txt', description: 'the report' }]
		});
		const stored = await fake.waitForMessage({ channelId: fake.channels.general });
		expect(stored.id).toBe(sent.id);
		const [attachment] = stored.attachments;
		expect(attachment).toMatchObject({
			filename: 'report.txt',
			size: bytes.byteLength,
			contentType: 'text/plain; charset=utf-8',
			description: 'the report'
		});
		expect(attachment?.text()).toBe('line 1\nline 2\n');
		const discordJsAttachment = sent.attachments.first();
		expect(discordJsAttachment?.url.split('?')[0]).toBe(attachment?.url.split('?')[0]);
		expect(discordJsAttachment?.url.startsWith(`${fake.httpBase}/attachments/`)).toBe(true);
		const response = await fetch(discordJsAttachment?.url ?? '');
		expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
	});

	test('a member DM with an attachment reaches the bot (Partials.Channel) with a loopback url', async () => {
		const { fake } = discord;
		const received: Message[] = [];
		await connectTestClient(fake, (client) => client.on('messageCreate', (message) => void received.push(message)));
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await alice.dm('here is my log', { files: [fakeFile('dxdiag.txt', 'System Information')] });
		const message = await fake.waitFor('the bot to see the DM', () => received[0]);
		expect(message.channel.isDMBased()).toBe(true);
		expect(message.author.id).toBe(alice.id);
		expect(message.content).toBe('here is my log');
		const attachment = message.attachments.first();
		expect(attachment?.name).toBe('dxdiag.txt');
		expect(attachment?.size).toBe(18);
		expect(await fetch(attachment?.url ?? '').then((response) => response.text())).toBe('System Information');
	});

	test('guild messages from members arrive with content only because the bot has MessageContent', async () => {
		const { fake } = discord;
		const received: Message[] = [];
		await connectTestClient(fake, (client) => client.on('messageCreate', (message) => void received.push(message)));
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await alice.sendMessage(fake.channels.general, 'hello everyone');
		const message = await fake.waitFor('the bot to see the message', () => received[0]);
		expect(message.content).toBe('hello everyone');
		expect(message.member?.id).toBe(alice.id);
	});
});

describe('fake Discord upload limit', () => {
	const discord = useFakeDiscord({ maxFileBytes: 1024 });

	test('a file over the upload limit is refused with 413 40005 and recorded', async () => {
		const { fake, client } = await discord.connectClient();
		const channel = textChannel(client, fake.channels.general);
		const error: unknown = await channel
			.send({ files: [{ attachment: Buffer.alloc(2048), name: 'big.bin' }] })
			.catch((caught: unknown) => caught);
		expect((error as DiscordAPIError).code).toBe(40005);
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('file-too-large');
		expect(violation?.reason).toContain('file "big.bin" is 2048 bytes');
	});
});
