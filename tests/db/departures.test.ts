import { describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { hasLeft, loadDepartureNotice, recordDeparture } from '../../src/lib/data/departures.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

let counter = 0;
const nextDiscordId = () => `7300000000000${String(++counter).padStart(5, '0')}`;

async function booking(db: Db, memberId: string, startsIn: string, status = 'scheduled'): Promise<string> {
	const row = await make.booking(db, { member_id: memberId, starts_at: make.fromNow(startsIn), timezone: 'Asia/Dubai', price_aed: 399, status });
	return row.id;
}

const notices = (db: Db, memberId: string) =>
	db.query<{ kind: string; status: string }>(`select kind, status from public.notifications where member_id = $1 and kind = 'member_left'`, [
		memberId
	]);

describe.each(databaseTargets())('members who left, on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('a departure is recorded once however many callers report it, with one staff notice when a session is ahead', async () => {
		const discordId = nextDiscordId();
		const member = await upsertMember(database.db, { discordUserId: discordId, username: 'lena' });
		await booking(database.db, member.id, '2 days');
		await booking(database.db, member.id, '-2 days', 'completed');
		const results = await Promise.all(Array.from({ length: 6 }, () => recordDeparture(database.db, discordId)));
		const recorded = results.filter((result) => result !== null);
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toMatchObject({ memberId: member.id, upcoming: 1, noticeId: expect.any(String) });
		expect(await notices(database.db, member.id)).toEqual([{ kind: 'member_left', status: 'pending' }]);
		expect(await hasLeft(database.db, discordId)).toBe(true);
		expect(await recordDeparture(database.db, discordId)).toBeNull();
	});

	test('coming back clears the departure; leaving again is a new departure with its own notice', async () => {
		const discordId = nextDiscordId();
		const member = await upsertMember(database.db, { discordUserId: discordId, username: 'omar' });
		await booking(database.db, member.id, '3 days');
		expect((await recordDeparture(database.db, discordId))?.noticeId).toEqual(expect.any(String));
		await upsertMember(database.db, { discordUserId: discordId, username: 'omar' });
		expect(await hasLeft(database.db, discordId)).toBe(false);
		expect((await recordDeparture(database.db, discordId))?.noticeId).toEqual(expect.any(String));
		expect(await notices(database.db, member.id)).toHaveLength(2);
	});

	test('without a session ahead nothing is planned; a member the bot never met is not recorded', async () => {
		const discordId = nextDiscordId();
		const member = await upsertMember(database.db, { discordUserId: discordId });
		await booking(database.db, member.id, '1 day', 'canceled');
		expect(await recordDeparture(database.db, discordId)).toMatchObject({ upcoming: 0, noticeId: null });
		expect(await notices(database.db, member.id)).toEqual([]);
		expect(await recordDeparture(database.db, nextDiscordId())).toBeNull();
		expect(await hasLeft(database.db, nextDiscordId())).toBe(false);
	});

	test('the notice lists the sessions still ahead, soonest first, with their package', async () => {
		const discordId = nextDiscordId();
		const member = await upsertMember(database.db, { discordUserId: discordId, username: 'rami' });
		await booking(database.db, member.id, '5 days');
		await booking(database.db, member.id, '1 day');
		await booking(database.db, member.id, '-1 day');
		await recordDeparture(database.db, discordId);
		const [planned] = await database.db.query<{ left_at: string }>(
			`select payload ->> 'left_at' as left_at from public.notifications where member_id = $1 and kind = 'member_left'`,
			[member.id]
		);
		const notice = await loadDepartureNotice(database.db, member.id, planned!.left_at);
		expect(notice).toMatchObject({ discord_user_id: discordId, username: 'rami', still_gone: true });
		expect(notice?.sessions.map((session) => session.package_name)).toEqual(['Full Tune-Up', 'Full Tune-Up']);
		const [first, second] = notice!.sessions;
		expect(first!.starts_at).toBeInstanceOf(Date);
		expect(first!.starts_at.getTime()).toBeLessThan(second!.starts_at.getTime());
		expect(first!.starts_at.getTime()).toBeGreaterThan(Date.now());
		await upsertMember(database.db, { discordUserId: discordId });
		expect((await loadDepartureNotice(database.db, member.id, planned!.left_at))?.still_gone).toBe(false);
		await recordDeparture(database.db, discordId);
		expect((await loadDepartureNotice(database.db, member.id, planned!.left_at))?.still_gone).toBe(false);
	});
});
