import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { migrate } from '../../src/lib/data/migrations.ts';
import { migrationsDir } from '../../src/lib/paths.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

/**
 * 20261207120000_unproven_bookings_to_claims.sql: bookings linked before claims existed by a typed Discord answer or an
 * e-mail, still ahead, are unlinked and become claims the member is asked about; proven and past ones stay.
 */
const MIGRATION = '20261207120000';

describe.each(databaseTargets())('unproven bookings become claims, on $name', (target) => {
	const opened: TestDatabase[] = [];
	afterAll(async () => {
		for (const database of opened) await database.dispose();
	});

	test('a future booking matched by a Discord answer or an e-mail is unlinked and claimed; a link-token one and a past one stay', async () => {
		const database = await target.create();
		opened.push(database);
		const { db } = database;
		const before = await mkdtemp(join(tmpdir(), 'fpsos-migrations-'));
		try {
			for (const file of await readdir(migrationsDir)) if (file < MIGRATION) await cp(join(migrationsDir, file), join(before, file));
			await migrate(db, before);
		} finally {
			await rm(before, { recursive: true, force: true });
		}
		const member = await make.member(db, { discord_user_id: '720000000000000001', username: 'legacy' });
		const insert = async (method: string, startsIn: string) =>
			(
				await make.booking(db, {
					calendly_invitee_uri: make.sql`gen_random_uuid()::text`,
					member_id: member.id,
					starts_at: make.fromNow(startsIn),
					match_method: method
				})
			).id;
		const typed = await insert('discord_answer', '2 days');
		const emailed = await insert('email', '3 days');
		const proven = await insert('link_token', '2 days');
		const past = await insert('discord_answer', '-2 days');

		await migrate(db);

		const rows = await db.query<{ id: string; member_id: string | null; needs_staff_review: boolean; claim: string | null; asked: boolean }>(
			`select b.id, b.member_id, b.needs_staff_review, c.basis as claim,
				exists (select 1 from public.notifications n where n.booking_id = b.id and n.kind = 'booking_claim' and n.member_id = $1 and n.payload ->> 'claim_id' = c.id::text) as asked
			 from public.bookings b left join public.booking_claims c on c.booking_id = b.id and c.status = 'pending'`,
			[member.id]
		);
		const byId = Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]));
		expect(byId[typed]).toEqual({ member_id: null, needs_staff_review: true, claim: 'discord_answer', asked: true });
		expect(byId[emailed]).toEqual({ member_id: null, needs_staff_review: true, claim: 'email', asked: true });
		expect(byId[proven]).toMatchObject({ member_id: member.id, claim: null });
		expect(byId[past]).toMatchObject({ member_id: member.id, claim: null });
	}, 120_000);
});
