import { describe, expect, test } from 'vitest';
import { setStaffMessage, staffMessageOf } from '../../src/lib/data/bookings.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

async function booking(db: Db): Promise<string> {
	return (await make.booking(db, { starts_at: make.fromNow('1 day'), ends_at: make.fromNow('25 hours'), timezone: 'Asia/Dubai', price_aed: 399 }))
		.id;
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
