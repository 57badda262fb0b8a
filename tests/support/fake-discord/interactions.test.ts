import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, MessageFlags, type ChatInputCommandInteraction, type Client } from 'discord.js';
import { describe, expect, test } from 'vitest';
import type { FakeDiscord } from './fake-discord.ts';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const PING = { name: 'ping', description: 'Replies', type: 1 };

/**
 * A bot whose /ping handler is the test's; errors are kept for assertions instead of crashing. `refusal(what)` waits
 * for the handler's first error and checks that it is Discord refusing the call.
 */
async function botWith(
	fake: FakeDiscord,
	handler: (interaction: ChatInputCommandInteraction) => Promise<void>
): Promise<{ client: Client; errors: unknown[]; finished: () => number; refusal: (what: string) => Promise<DiscordAPIError> }> {
	const errors: unknown[] = [];
	let finished = 0;
	const client = await connectTestClient(fake, (bot) => {
		bot.on('interactionCreate', (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			handler(interaction)
				.catch((error: unknown) => errors.push(error))
				.finally(() => (finished += 1));
		});
	});
	await client.application?.commands.set([PING]);
	const refusal = async (what: string) => {
		await fake.waitFor(`${what} to be refused`, () => errors.length > 0);
		expect(errors[0]).toBeInstanceOf(DiscordAPIError);
		return errors[0] as DiscordAPIError;
	};
	return { client, errors, finished: () => finished, refusal };
}

async function alice(fake: FakeDiscord) {
	const member = await fake.members.create({ username: 'alice' });
	await fake.join(member);
	return member;
}

describe('fake Discord interactions', () => {
	const discord = useFakeDiscord();

	test('a deferred reply followed by editReply arrives as the reply', async () => {
		const { fake } = discord;
		await botWith(fake, async (interaction) => {
			await interaction.deferReply({ flags: MessageFlags.Ephemeral });
			await sleep(150);
			await interaction.editReply({ content: 'pong after work' });
		});
		const handle = await (await alice(fake)).slash('ping');
		const reply = await handle.reply();
		expect(reply.kind).toBe('message');
		if (reply.kind !== 'message') return;
		expect(reply.deferred).toBe(true);
		expect(reply.ephemeral).toBe(true);
		expect(reply.message.content).toBe('pong after work');
		expect(handle.acknowledgement?.type).toBe(5);
	});

	test('an interaction acknowledged at 3.1 s is a violation and the late callback gets 10062', async () => {
		const { fake } = discord;
		const { refusal } = await botWith(fake, async (interaction) => {
			await sleep(3100);
			await interaction.deferReply();
		});
		const handle = await (await alice(fake)).slash('ping');
		await expect(handle.reply({ timeoutMs: 10_000 })).rejects.toThrow(/not acknowledged within 3000 ms/);
		expect((await refusal('the late callback')).code).toBe(10062);
		const [violation, ...others] = fake.takeViolations();
		expect(others).toEqual([]);
		expect(violation?.kind).toBe('interaction-deadline');
		expect(violation?.reason).toMatch(/^interaction \d+ \(\/ping\) not acknowledged within 3000 ms \(took 3\d{3} ms/);
	});

	test('a second callback gets 400 40060 Interaction has already been acknowledged', async () => {
		const { fake } = discord;
		const { refusal } = await botWith(fake, async (interaction) => {
			await interaction.reply('first');
			interaction.replied = false;
			await interaction.reply('second');
		});
		const reply = await (await alice(fake)).slash('ping').then((handle) => handle.message());
		expect(reply.content).toBe('first');
		expect((await refusal('the second callback')).code).toBe(40060);
		const [violation] = fake.takeViolations();
		expect(violation?.reason).toContain('was already acknowledged with type 4 (reply); a second callback (type 4) gets 400 40060');
	});

	test('a follow-up after 15 minutes on the fake clock fails with 50027 Invalid Webhook Token', async () => {
		const { fake } = discord;
		let saved: ChatInputCommandInteraction | null = null;
		const { finished } = await botWith(fake, async (interaction) => {
			saved = interaction;
			await interaction.reply('working on it');
		});
		const handle = await (await alice(fake)).slash('ping');
		await handle.reply();
		await fake.waitFor('the handler to finish', () => finished() === 1);
		fake.clock.advance(15 * 60_000 + 1_000);
		const interaction = saved as ChatInputCommandInteraction | null;
		const error: unknown = await interaction?.followUp('too late').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(50027);
		expect((error as DiscordAPIError).status).toBe(401);
		const [violation] = fake.takeViolations();
		expect(violation?.kind).toBe('expired-token');
		expect(violation?.reason).toMatch(/follow-up for interaction \d+ \(\/ping\) 15 min 1 s after it was created/);
	});

	test('a modal with a 46-character title is rejected and the member gets no modal', async () => {
		const { fake } = discord;
		const { refusal } = await botWith(fake, async (interaction) => {
			await interaction.showModal({
				custom_id: 'booking',
				title: 'T'.repeat(46),
				components: [{ type: 1, components: [{ type: 4, custom_id: 'name', label: 'Name', style: 1 }] }]
			});
		});
		const handle = await (await alice(fake)).slash('ping');
		await expect(handle.reply()).rejects.toThrow(/title: Must be 45 or fewer in length\. \(46 characters, limit 45\)/);
		expect((await refusal('the modal')).code).toBe(50035);
		const [violation] = fake.takeViolations();
		expect(violation?.reason).toContain('data.title: Must be 45 or fewer in length. (46 characters, limit 45)');
	});

	test('the first follow-up after a deferral replaces the thinking message; later ones are new messages', async () => {
		const { fake } = discord;
		await botWith(fake, async (interaction) => {
			await interaction.deferReply();
			await interaction.followUp('first answer');
			await interaction.followUp('second answer');
		});
		const handle = await (await alice(fake)).slash('ping');
		const reply = await handle.message();
		expect(reply.content).toBe('first answer');
		const [second] = await handle.waitForFollowUps(1);
		expect(second?.content).toBe('second answer');
		const channelMessages = fake.messages(fake.channels.general).map((message) => message.content);
		expect(channelMessages).toEqual(['first answer', 'second answer']);
	});

	test('a slash command in DMs carries the user (no member, no guild) and the reply lands in the DM', async () => {
		const { fake } = discord;
		await botWith(fake, async (interaction) => {
			await interaction.reply(
				`hello ${interaction.user.username}, guild ${interaction.guildId ?? 'none'}, dm ${String(interaction.channel?.isDMBased())}`
			);
		});
		const member = await alice(fake);
		const handle = await member.slash('ping', { channel: 'dm' });
		expect(handle.payload).toMatchObject({ context: 1, user: { id: member.id } });
		expect(handle.payload.member).toBeUndefined();
		const reply = await handle.message();
		expect(reply.content).toBe('hello alice, guild none, dm true');
		expect(reply.channelId).toBe(fake.dmChannelOf(member));
	});

	test('a reply with a file (multipart callback) carries the attachment', async () => {
		const { fake } = discord;
		await botWith(fake, async (interaction) => {
			await interaction.reply({ content: 'your report', files: [{ attachment: Buffer.from('{"ok":true}'), name: 'report.json' }] });
		});
		const reply = await (await (await alice(fake)).slash('ping')).message();
		const [file] = reply.attachments;
		expect(file).toMatchObject({ filename: 'report.json', contentType: 'application/json; charset=utf-8', size: 11 });
		expect(await fetch(file?.url ?? '').then((response) => response.json())).toEqual({ ok: true });
	});
});
