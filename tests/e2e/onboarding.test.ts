import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { fakeFile } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

const fixture = (name: string) => readFile(new URL(`../fixtures/diagnostics/${name}`, import.meta.url));

/** Funnel steps 1-3: join, welcome, diagnostic, recommendation. */
describe('onboarding', () => {
	const ctx = useBot();
	const count = async (table: string) => (await ctx.bot.db.query<{ n: number }>(`select count(*)::int as n from public.${table}`))[0]!.n;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('packages');
	});

	test('a member still in rules screening is welcomed only once they pass it, and only once', async () => {
		const hana = await ctx.fake.members.create({ username: 'hana', pending: true });
		await ctx.fake.join(hana);
		await ctx.fake.passScreening(hana);
		const welcome = await hana.nextDm();
		expect(welcome.text).toContain('Welcome to FPSOS');
		await ctx.fake.setRoles(hana, [ctx.fake.staffRoleId]);
		await ctx.fake.leave(hana);
		await ctx.fake.join(hana);
		await expect(hana.nextDm({ timeoutMs: 1500 })).rejects.toThrow();
	});

	test('See packages on the welcome shows the catalogue with prices in AED', async () => {
		const ines = await ctx.fake.members.create({ username: 'ines' });
		await ctx.fake.join(ines);
		const welcome = await ines.nextDm();
		const catalog = await (await ines.click(welcome, 'See packages')).message();
		expect(catalog.text).toContain('Quick Fix');
		expect(catalog.text).toContain('AED 199');
		expect(catalog.text).toContain('AED 699');
		expect(catalog.buttons.map((button) => button.label)).toEqual(['Find my package', 'Book directly']);
	});

	test('/packages offers Book directly with one button per package, and a Book button says how to book', async () => {
		const jad = await ctx.fake.members.create({ username: 'jad', joined: true });
		const catalog = await (await jad.slash('packages')).message();
		const choices = await (await jad.click(catalog, 'Book directly')).message();
		expect(choices.buttons.map((button) => button.label)).toEqual([
			'Book Quick Fix (AED 199)',
			'Book Full Tune-Up (AED 399)',
			'Book Extreme BIOSPRIME (AED 699)'
		]);
		const booking = await (await jad.click(choices, 'Book Full Tune-Up (AED 399)')).message();
		expect(booking.text).toContain("Online booking for **Full Tune-Up** isn't open yet");
	});

	test('the PowerShell tool button sends the script as a file with a three-line how-to', async () => {
		const kamal = await ctx.fake.members.create({ username: 'kamal', joined: true });
		const intro = await (await kamal.slash('diagnostic', { subcommand: 'start' })).message();
		const delivery = await (await kamal.click(intro, 'PowerShell tool')).message();
		expect(delivery.attachments.map((attachment) => attachment.filename)).toEqual(['fpsos-diagnostic.ps1']);
		expect(delivery.attachments[0]!.text()).toBe(await readFile(new URL('../../tools/fpsos-diagnostic.ps1', import.meta.url), 'utf8'));
		expect(delivery.text.split('\n').filter((line) => /^\d\. /.test(line))).toHaveLength(3);
	});

	test('a diagnostic file sent by DM is analysed and answered with findings, the package price and a Book button', async () => {
		const lina = await ctx.fake.members.create({ username: 'lina', joined: true });
		await lina.dm('', { files: [fakeFile('fpsos-diagnostic.json', await fixture('ps7-utf8.json'))] });
		const result = await lina.nextDm();
		expect(result.text).toMatch(/Your diagnostic: \d+ critical, \d+ to improve/);
		expect(result.text).toMatch(/Recommended: .+ · AED \d+/);
		expect(result.buttons).toHaveLength(1);
		const [row] = await ctx.bot.db.query<{ source: string }>(
			`select d.source from public.diagnostics d join public.members m on m.id = d.member_id where m.username = 'lina'`
		);
		expect(row?.source).toBe('dm_attachment');
	});

	test('a file that is not a diagnostic gets a friendly refusal that says how to get the right one, and nothing is stored', async () => {
		const majid = await ctx.fake.members.create({ username: 'majid', joined: true });
		const before = await count('diagnostics');
		const reply = await (
			await majid.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('notes.txt', 'my pc is slow') } })
		).message();
		expect(reply.text).toContain('fpsos-diagnostic.json');
		expect(reply.text).not.toMatch(/error|exception|stack/i);
		expect(await count('diagnostics')).toBe(before);
	});

	test('a file over 1 MiB is refused from its declared size', async () => {
		const nour = await ctx.fake.members.create({ username: 'nour', joined: true });
		const reply = await (
			await nour.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('fpsos-diagnostic.json', new Uint8Array(1_048_577)) } })
		).message();
		expect(reply.text).toContain('too big');
	});

	test('bad quick answers get a friendly list of what to fix and nothing is stored', async () => {
		const omar = await ctx.fake.members.create({ username: 'omar', joined: true });
		const before = await count('quick_assessments');
		const intro = await (await omar.slash('diagnostic', { subcommand: 'start' })).message();
		const modal = await (await omar.click(intro, 'Quick questions')).modal();
		// Each question is a Label (type 18) around its text input, not a deprecated action row.
		expect(modal.components.map((component) => component.type)).toEqual([18, 18, 18, 18]);
		expect(modal.fields.map((field) => field.label)).toEqual([
			'Your graphics card',
			'Your usual FPS in CS2',
			"Your monitor's refresh rate (Hz)",
			'What goes wrong? (optional)'
		]);
		const reply = await (await omar.submitModal(modal, { gpu: 'RTX 4070', fps: 'lots', refresh: '9999', problems: '' })).message();
		expect(reply.text).toContain('Your FPS should be a whole number, like 180.');
		expect(reply.text).toContain('The refresh rate should be between 24 and 1000 Hz.');
		expect(await count('quick_assessments')).toBe(before);
	});

	test('!fpsos shows the same welcome as /fpsos', async () => {
		const rami = await ctx.fake.members.create({ username: 'rami', joined: true });
		await rami.sendMessage(ctx.fake.channels.general, '!fpsos');
		const reply = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.general,
			predicate: (message) => message.text.includes('Welcome to FPSOS')
		});
		expect(reply.buttons.map((button) => button.label)).toEqual(['Start diagnostic', 'See packages']);
	});

	test('greetings get one reply per few minutes in the chat channel, and none in other channels', async () => {
		const sara = await ctx.fake.members.create({ username: 'sara', joined: true });
		await sara.sendMessage(ctx.fake.channels.support, 'hi');
		await sara.sendMessage(ctx.fake.channels.general, 'مرحبا');
		const reply = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.general,
			predicate: (message) => message.text.includes("I'm the FPSOS bot")
		});
		expect(reply.text).toContain('/diagnostic');
		await sara.sendMessage(ctx.fake.channels.general, 'what is the price?');
		await expect(ctx.fake.waitForMessage({ channelId: ctx.fake.channels.general }, { timeoutMs: 1500 })).rejects.toThrow();
		expect(ctx.fake.messages(ctx.fake.channels.support).filter((message) => message.authorId === ctx.fake.bot.id)).toEqual([]);
	});

	test('a price question gets the starting price from the catalogue', async () => {
		const tariq = await ctx.fake.members.create({ username: 'tariq', joined: true });
		await tariq.dm('how much does it cost?');
		expect((await tariq.nextDm()).text).toContain('Our packages start at AED 99');
	});
});
