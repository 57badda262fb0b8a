import { describe, expect, test } from 'vitest';
import { pingDatabase } from '../../src/lib/data/db.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

describe.each(databaseTargets())('the database interface on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('a ping resolves while the database answers', async () => {
		await expect(pingDatabase(database.db)).resolves.toBeUndefined();
	});
});
