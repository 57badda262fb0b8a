import { readFile } from 'node:fs/promises';
import { DiscordAPIError } from 'discord.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { fakeFile } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

/** The production bot on the local Discord: the first proofs that every kind of member action reaches it. */
describe('the bot on the local Discord', () => {
	const ctx = useBot();

	beforeAll(async () => {
		await ctx.fake.waitForCommand('diagnostic');
	});

	test('a slash command gets its answer: /ping reports gateway and database latency', async () => {
		const alice = await ctx.fake.members.create({ username: 'alice', joined: true });
		const reply = await (await alice.slash('ping')).message();
		expect(reply.text).toMatch(/Pong! Gateway \d+ ms, database \d+ ms\./);
		expect(reply.ephemeral).toBe(true);
	});

	test("a button click is handled: the welcome's Start diagnostic opens the two ways to diagnose", async () => {
		const bob = await ctx.fake.members.create({ username: 'bob', joined: true });
		const welcome = await (await bob.slash('fpsos')).message();
		expect(welcome.text).toContain('Welcome to FPSOS');
		const intro = await (await bob.click(welcome, 'Start diagnostic')).message();
		expect(intro.buttons.map((button) => button.label)).toEqual(['PowerShell tool', 'Quick questions']);
	});

	test('a modal is shown and its submission answered: quick questions give a recommendation with a Book button', async () => {
		const carol = await ctx.fake.members.create({ username: 'carol', joined: true });
		const intro = await (await carol.slash('diagnostic', { subcommand: 'start' })).message();
		const modal = await (await carol.click(intro, 'Quick questions')).modal();
		expect(modal.title).toBe('Quick PC check');
		const result = await (
			await carol.submitModal(modal, { gpu: 'RTX 3060', fps: '90', refresh: '144', problems: 'stutter in smokes' })
		).message();
		expect(result.text).toContain('full tune-up');
		expect(result.buttons.map((button) => button.label)).toEqual(['Book Full Tune-Up']);
		const [row] = await ctx.bot.db.query<{ current_fps: number; recommendation: string }>(
			`select q.current_fps, q.recommendation from public.quick_assessments q join public.members m on m.id = q.member_id where m.username = 'carol'`
		);
		expect(row).toEqual({ current_fps: 90, recommendation: 'full' });
	});

	test('a DM reaches the bot and is answered: "salam" gets a greeting', async () => {
		const dina = await ctx.fake.members.create({ username: 'dina', joined: true });
		await dina.dm('salam');
		expect((await dina.nextDm()).text).toContain("I'm the FPSOS bot");
	});

	test('an attachment upload is downloaded and analysed: /diagnostic upload gives findings and a Book button', async () => {
		const emad = await ctx.fake.members.create({ username: 'emad', joined: true });
		const file = await readFile(new URL('../fixtures/diagnostics/ps51-out-file-utf16le.json', import.meta.url));
		const result = await (
			await emad.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('fpsos-diagnostic.json', file) } })
		).message();
		expect(result.text).toContain('critical');
		expect(result.buttons.map((button) => button.label)).toEqual(['Book Extreme BIOSPRIME']);
	});

	test('a member join is seen: the welcome arrives by DM with its two buttons', async () => {
		const farah = await ctx.fake.members.create({ username: 'farah' });
		await ctx.fake.join(farah);
		const welcome = await farah.nextDm();
		expect(welcome.text).toContain('Welcome to FPSOS');
		// The third button offers the other language (Discord has no Arabic client locale to follow).
		expect(welcome.buttons.map((button) => button.label)).toEqual(['Start diagnostic', 'See packages', 'العربية']);
	});

	test('a member whose DMs are closed is welcomed in the welcome channel instead, and remembered', async () => {
		const ghazi = await ctx.fake.members.create({ username: 'ghazi', dmsClosed: true });
		await ctx.fake.join(ghazi);
		const fallback = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.welcome });
		expect(fallback.text).toContain(ghazi.mention);
		expect(fallback.text).toContain('your DMs are closed');
		const [row] = await ctx.bot.db.query<{ dm_status: string }>(`select dm_status from public.members where username = 'ghazi'`);
		expect(row?.dm_status).toBe('closed');
	});

	test('a payload over a Discord limit is refused with a readable reason, as Discord would', async () => {
		const channel = await ctx.bot.client.channels.fetch(ctx.fake.channels.general);
		if (!channel?.isSendable()) throw new Error('general is not sendable');
		const error = await channel.send({ content: 'x'.repeat(2001) }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(50035);
		const violations = ctx.fake.takeViolations();
		expect(violations).toHaveLength(1);
		expect(violations[0]?.reason).toContain('content: Must be 2000 or fewer in length. (2001 characters, limit 2000)');
	});
});
