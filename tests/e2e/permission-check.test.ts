import { PermissionFlagsBits } from 'discord.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../src/lib/log.ts';
import { useBot } from './support/bot.ts';

/** At start the bot checks its effective permissions in every configured channel and names what is missing. */
describe('permission check at start', () => {
	const lines: string[] = [];
	const ctx = useBot({
		logger: createLogger('info', (line) => lines.push(line)),
		beforeStart: (fake) => {
			// An admin took two permissions from the bot's role in #support, and one in #staff.
			fake.setChannelOverwrite(fake.channels.support, {
				id: fake.botRoleId,
				type: 0,
				deny: PermissionFlagsBits.CreatePrivateThreads | PermissionFlagsBits.ManageThreads
			});
			fake.setChannelOverwrite(fake.channels.staff, {
				id: fake.botRoleId,
				type: 0,
				allow: PermissionFlagsBits.ViewChannel,
				deny: PermissionFlagsBits.AttachFiles
			});
		}
	});
	const messages = () => lines.map((line) => JSON.parse(line) as { level: string; msg: string });

	beforeAll(async () => {
		await ctx.fake.waitFor('the permission check', () => messages().some((entry) => entry.msg.startsWith('Missing Discord permissions')));
	});

	test('each channel the bot cannot fully use is named in plain words, with what is missing and where to fix it', () => {
		const warnings = messages().filter((entry) => entry.msg.startsWith('Missing Discord permissions'));
		expect(warnings.map((entry) => entry.level)).toEqual(['warn', 'warn']);
		expect(warnings.map((entry) => entry.msg)).toEqual([
			expect.stringContaining('#staff (DISCORD_STAFF_CHANNEL_ID): the bot lacks Attach Files there'),
			expect.stringContaining('#support (DISCORD_SUPPORT_CHANNEL_ID): the bot lacks Create Private Threads, Manage Threads there')
		]);
		expect(warnings[1]?.msg).toContain('Edit Channel > Permissions');
		expect(messages().some((entry) => entry.msg.includes('#welcome') || entry.msg.includes('#general'))).toBe(false);
	});
});
