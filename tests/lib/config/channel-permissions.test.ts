import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	CHANNEL_NEEDS,
	configuredChannels,
	describeChannelCheck,
	INVITE_PERMISSIONS,
	PERMISSION_LABELS
} from '../../../src/lib/config/channel-permissions.ts';

describe('the permissions the bot needs', () => {
	test("the README's invite list is exactly the union of what the configured channels need", () => {
		const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
		const step = /OAuth2 > URL Generator\*\*:[^]*?bot permissions ([^]*?), and nothing else/.exec(readme)?.[1] ?? '';
		const listed = [...step.matchAll(/\*([^*]+)\*/g)].map((match) => (match[1] ?? '').replace(/\s+/g, ' '));
		expect(listed.sort()).toEqual(INVITE_PERMISSIONS.map((name) => PERMISSION_LABELS[name]).sort());
		const used = new Set(Object.values(CHANNEL_NEEDS).flatMap((need) => need.needs));
		expect([...used].sort()).toEqual([...INVITE_PERMISSIONS].sort());
	});

	test('configured channels: one entry per id, list variables included, unset ones skipped', () => {
		expect(configuredChannels({ DISCORD_STAFF_CHANNEL_ID: '1', DISCORD_CHAT_CHANNEL_IDS: ['2', '3'] })).toEqual([
			{ variable: 'DISCORD_STAFF_CHANNEL_ID', channelId: '1' },
			{ variable: 'DISCORD_CHAT_CHANNEL_IDS', channelId: '2' },
			{ variable: 'DISCORD_CHAT_CHANNEL_IDS', channelId: '3' }
		]);
	});

	test('what is missing is said in plain words, with what it is for and where to fix it', () => {
		const text = describeChannelCheck({
			variable: 'DISCORD_SUPPORT_CHANNEL_ID',
			channelId: '5',
			state: 'missing',
			channelName: 'support',
			missing: ['CreatePrivateThreads', 'ManageThreads']
		});
		expect(text).toBe(
			"#support (DISCORD_SUPPORT_CHANNEL_ID): the bot lacks Create Private Threads, Manage Threads there, so it cannot do its job there (it opens tickets as private threads, posts the ticket panel, and closes tickets with a transcript). Grant them to the bot's role in the channel's permissions (Edit Channel > Permissions)."
		);
		expect(describeChannelCheck({ variable: 'DISCORD_STAFF_CHANNEL_ID', channelId: '5', state: 'ok' })).toBeNull();
		expect(describeChannelCheck({ variable: 'DISCORD_STAFF_CHANNEL_ID', channelId: '5', state: 'not-found' })).toContain(
			'cannot find this channel'
		);
	});
});
