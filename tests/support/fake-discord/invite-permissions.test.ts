import { readFileSync } from 'node:fs';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS } from './seed.ts';

/** Discord's names in the developer portal's permission picker, as the README writes them. */
const PORTAL_NAMES: Readonly<Record<string, bigint>> = {
	'View Channels': PermissionFlagsBits.ViewChannel,
	'Send Messages': PermissionFlagsBits.SendMessages,
	'Send Messages in Threads': PermissionFlagsBits.SendMessagesInThreads,
	'Create Public Threads': PermissionFlagsBits.CreatePublicThreads,
	'Create Private Threads': PermissionFlagsBits.CreatePrivateThreads,
	'Manage Threads': PermissionFlagsBits.ManageThreads,
	'Manage Channels': PermissionFlagsBits.ManageChannels,
	'Manage Roles': PermissionFlagsBits.ManageRoles,
	'Manage Messages': PermissionFlagsBits.ManageMessages,
	'Embed Links': PermissionFlagsBits.EmbedLinks,
	'Attach Files': PermissionFlagsBits.AttachFiles,
	'Read Message History': PermissionFlagsBits.ReadMessageHistory,
	'Mention Everyone': PermissionFlagsBits.MentionEveryone,
	'Add Reactions': PermissionFlagsBits.AddReactions
};

describe("the seeded bot role and the README's invite list", () => {
	test('grant exactly the same permissions', () => {
		const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
		const step = /OAuth2 > URL Generator\*\*:[^]*?bot permissions ([^]*?), and nothing else/.exec(readme)?.[1];
		expect(step, 'README: the invite step lists "bot permissions ..., and nothing else"').toBeDefined();
		const names = [...(step ?? '').matchAll(/\*([^*]+)\*/g)].map((match) => (match[1] ?? '').replace(/\s+/g, ' '));
		const unknown = names.filter((name) => PORTAL_NAMES[name] === undefined);
		expect(unknown).toEqual([]);
		expect(names.reduce((bits, name) => bits | (PORTAL_NAMES[name] ?? 0n), 0n)).toBe(DEFAULT_BOT_PERMISSIONS);
	});
});
