import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

const languagesDir = join(import.meta.dirname, '../../src/languages');
/** Locale namespaces whose texts reach members in DMs (replies, DMs, the welcome); staff and ticket-thread texts are read in the server. */
const DM_NAMESPACES = [
	'chat',
	'language',
	'referrals',
	'followups',
	'packages',
	'diagnostic',
	'diagnostics',
	'booking',
	'welcome',
	'assessment',
	'mydata',
	'testimonials',
	'session',
	'common',
	'errors'
];

function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}

/** Every `/command` a text names (the command name only). */
function namedCommands(text: string): string[] {
	return [...text.matchAll(/`\/([a-z][a-z-]*)/g)].map((match) => match[1] ?? '');
}

/**
 * Every command the bot names to a member works where the member reads it, DMs included: member-facing commands are
 * global and usable in DMs with the bot even with DISCORD_GUILD_ID set (guild commands never reach DMs); staff
 * commands exist only in the server.
 */
describe('where commands work', () => {
	const ctx = useBot();
	let amy: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('stats');
		await ctx.fake.waitForCommand('support');
		amy = await ctx.fake.members.create({ username: 'amy', joined: true });
	});

	test('member-facing commands are global with contexts Guild and BotDM; staff commands are guild commands of the one server', () => {
		const commands = ctx.fake.commands();
		const memberFacing = commands.filter((command) => command.default_member_permissions === null);
		const staff = commands.filter((command) => command.default_member_permissions !== null);
		expect(memberFacing.map((command) => command.name).sort()).toEqual([
			'book',
			'credits',
			'diagnostic',
			'fpsos',
			'language',
			'mydata',
			'packages',
			'ping',
			'referral',
			'support'
		]);
		for (const command of memberFacing) {
			expect(command, `/${command.name}`).toMatchObject({ contexts: [0, 1], integration_types: [0] });
			expect(command.guild_id, `/${command.name}`).toBeUndefined();
			expect(amy.canUse(command.name, { channel: 'dm' }), `/${command.name} in DMs`).toMatchObject({ ok: true });
			expect(amy.canUse(command.name), `/${command.name} in the server`).toMatchObject({ ok: true });
		}
		expect(staff.map((command) => command.name).sort()).toEqual(['booking', 'member', 'session', 'stats', 'support-panel']);
		for (const command of staff) {
			expect(command.guild_id, `/${command.name}`).toBe(ctx.fake.guildId);
			expect(amy.canUse(command.name, { channel: 'dm' }).ok, `/${command.name} in DMs`).toBe(false);
		}
	});

	test.each(['en-US', 'ar'])('every command named in a %s text a member reads in DMs can be run in DMs', (locale) => {
		const dir = join(languagesDir, locale);
		const files = readdirSync(dir).filter((file) => DM_NAMESPACES.includes(file.replace(/\.json$/, '')));
		expect(files.length).toBe(DM_NAMESPACES.length);
		const named = new Set(files.flatMap((file) => strings(JSON.parse(readFileSync(join(dir, file), 'utf8'))).flatMap(namedCommands)));
		expect(named.size).toBeGreaterThan(5);
		for (const name of named) expect(amy.canUse(name, { channel: 'dm' }), `/${name} in DMs`).toMatchObject({ ok: true });
	});

	test.each([
		{ locale: 'en-US', username: 'bilal', says: 'hi', expects: /Try `\/diagnostic`/ },
		{ locale: 'en-US', username: 'cara', says: 'how much is it?', expects: /Type `\/packages`/ },
		{ locale: 'ar', username: 'dima', says: 'مرحبا', expects: /\/diagnostic/ },
		{ locale: 'ar', username: 'eyad', says: 'بكم', expects: /\/packages/ }
	])('a $locale DM "$says" names commands that then work in that DM', async ({ locale, username, says, expects }) => {
		const member = await ctx.fake.members.create({ username, locale, joined: true });
		if (locale === 'ar') await (await member.slash('language', { channel: 'dm', options: { language: 'ar' } })).message();
		await member.dm(says);
		const answer = await member.nextDm({ predicate: (message) => expects.test(message.text) });
		const named = namedCommands(answer.text);
		expect(named.length).toBeGreaterThan(0);
		for (const name of named) {
			const run = await member.slash(name, { channel: 'dm', ...(name === 'diagnostic' ? { subcommand: 'start' } : {}) });
			const reply = await run.message();
			expect(reply.text.length, `/${name} answered in the DM`).toBeGreaterThan(0);
			expect(reply.text).not.toMatch(/Something went wrong/);
		}
	});

	test('/support from a DM opens the ticket in the server: the topic menu, then a private thread with the member', async () => {
		const fay = await ctx.fake.members.create({ username: 'fay', joined: true });
		const menu = await (await fay.slash('support', { channel: 'dm' })).message();
		const modal = await (await fay.select(menu, 'support-topic', ['other'])).modal();
		const opened = await (await fay.submitModal(modal, { description: 'My game stutters every few seconds since the update.' })).message();
		const thread = await ctx.fake.waitForThread({
			parentId: ctx.fake.channels.support,
			predicate: (candidate) => candidate.memberIds.includes(fay.id)
		});
		expect(opened.text).toContain(`<#${thread.id}>`);
	});
});
