import { describe, expect, test } from 'vitest';
import {
	claimChatReply,
	claimWelcome,
	findMemberByDiscordId,
	memberLocale,
	releaseWelcome,
	setDmStatus,
	setMemberLocale,
	upsertMember
} from '../../src/lib/data/members.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

describe.each(databaseTargets())('members on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('upserting twice keeps one row and refreshes the names', async () => {
		const first = await upsertMember(database.db, { discordUserId: '200000000000000001', username: 'alice' });
		const second = await upsertMember(database.db, { discordUserId: '200000000000000001', username: 'alice2', displayName: 'Alice' });
		expect(second.id).toBe(first.id);
		expect(second).toMatchObject({ username: 'alice2', display_name: 'Alice', dm_status: 'unknown' });
	});

	test('concurrent upserts of a new member create exactly one row', async () => {
		const results = await Promise.all(Array.from({ length: 8 }, () => upsertMember(database.db, { discordUserId: '200000000000000002' })));
		expect(new Set(results.map((member) => member.id)).size).toBe(1);
	});

	test('the welcome is claimed by exactly one of many concurrent callers, and can be released', async () => {
		const member = await upsertMember(database.db, { discordUserId: '200000000000000003' });
		const claims = await Promise.all(Array.from({ length: 8 }, () => claimWelcome(database.db, member.id)));
		expect(claims.filter(Boolean)).toHaveLength(1);
		await releaseWelcome(database.db, member.id);
		expect(await claimWelcome(database.db, member.id)).toBe(true);
	});

	test('a chat reply is claimed once per cooldown', async () => {
		const member = await upsertMember(database.db, { discordUserId: '200000000000000004' });
		const claims = await Promise.all(Array.from({ length: 5 }, () => claimChatReply(database.db, member.id, 300)));
		expect(claims.filter(Boolean)).toHaveLength(1);
		expect(await claimChatReply(database.db, member.id, 0)).toBe(true);
	});

	test('closed DMs are remembered', async () => {
		const member = await upsertMember(database.db, { discordUserId: '200000000000000005' });
		await setDmStatus(database.db, member.id, 'closed');
		expect((await findMemberByDiscordId(database.db, '200000000000000005'))?.dm_status).toBe('closed');
	});

	test('a chosen language is stored and read back; no choice and no member read as null', async () => {
		const member = await upsertMember(database.db, { discordUserId: '200000000000000006' });
		expect(await memberLocale(database.db, '200000000000000006')).toBeNull();
		await setMemberLocale(database.db, member.id, 'ar');
		expect(await memberLocale(database.db, '200000000000000006')).toBe('ar');
		expect(await memberLocale(database.db, '200000000000000099')).toBeNull();
	});

	test('a chosen language survives the member being upserted again with their Discord locale', async () => {
		const member = await upsertMember(database.db, { discordUserId: '200000000000000007' });
		await setMemberLocale(database.db, member.id, 'ar');
		await upsertMember(database.db, { discordUserId: '200000000000000007', locale: 'en-US' });
		expect(await memberLocale(database.db, '200000000000000007')).toBe('ar');
	});
});
