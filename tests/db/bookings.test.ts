import { describe, expect, test } from 'vitest';
import { setStaffMessage, staffMessageOf } from '../../src/lib/data/bookings.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

let counter = 0;
async function booking(db: Db): Promise<string> {
	counter += 1;
	const [row] = await db.query<{ id: string }>(
		`insert into public.bookings (calendly_invitee_uri, package_code, starts_at, ends_at, timezone, price_aed)
		 values ($1, 'full', now() + interval '1 day', now() + interval '25 hours', 'Asia/Dubai', 399) returning id`,
		[`https://api.calendly.com/scheduled_events/B${counter}/invitees/I${counter}`]
	);
	return row!.id;
}

describe.each(databaseTargets())('bookings on $name', (target) => {
	const database = useMigratedDatabase(target);

	test("the staff card's message is recorded and read back", async () => {
		const id = await booking(database.db);
		expect(await staffMessageOf(database.db, id)).toBeNull();
		await setStaffMessage(database.db, id, '900000000000000001');
		expect(await staffMessageOf(database.db, id)).toBe('900000000000000001');
	});

	test('an unknown booking has no staff card', async () => {
		expect(await staffMessageOf(database.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
	});
});
