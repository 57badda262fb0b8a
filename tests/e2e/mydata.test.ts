import { beforeAll, describe, expect, test } from 'vitest';
import * as make from '../support/rows.ts';
import { useBot } from './support/bot.ts';

/** Members control their data: a file of everything, and erasure after a confirmation. */
describe('/mydata', () => {
	const ctx = useBot();

	beforeAll(async () => {
		await ctx.fake.waitForCommand('mydata');
		await ctx.fake.waitForCommand('referral');
	});

	test('export sends a JSON file of what is stored, privately', async () => {
		const nadia = await ctx.fake.members.create({ username: 'nadia', joined: true });
		await (await nadia.slash('referral', { subcommand: 'show' })).message();
		const reply = await (await nadia.slash('mydata', { subcommand: 'export' })).message();
		expect(reply.ephemeral).toBe(true);
		expect(reply.attachments.map((file) => file.filename)).toEqual(['fpsos-my-data.json']);
		const data = JSON.parse(reply.attachments[0]!.text()) as { profile: { discord_user_id: string }; referral_code: { code: string } };
		expect(data.profile.discord_user_id).toBe(nadia.user.id);
		expect(data.referral_code.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	});

	test('delete asks first; confirming erases, and a new export finds nothing', async () => {
		const faris = await ctx.fake.members.create({ username: 'faris', joined: true });
		await (await faris.slash('referral', { subcommand: 'show' })).message();
		await make.credit(ctx.bot.db, {
			member_id: make.sql`(select id from public.members where discord_user_id = ${faris.user.id})`,
			amount_aed: 50
		});
		const prompt = await (await faris.slash('mydata', { subcommand: 'delete' })).message();
		expect(prompt.text).toContain('Delete your data?');
		expect(prompt.text).toContain('AED 50');
		// Nothing is erased until the member confirms.
		expect(await ctx.bot.db.query('select 1 from public.members where discord_user_id = $1', [faris.user.id])).toHaveLength(1);
		const done = await (await faris.click(prompt, 'Yes, delete my data')).message();
		expect(done.text).toContain('your data is deleted');
		expect(done.buttons).toEqual([]);
		expect(await ctx.bot.db.query('select 1 from public.members where discord_user_id = $1', [faris.user.id])).toHaveLength(0);
		const after = await (await faris.slash('mydata', { subcommand: 'export' })).message();
		expect(after.text).toContain('no data about you');
	});
});
