import { describe, expect, test } from 'vitest';
import { applyPackageLinks, listActivePackages } from '../../src/lib/data/packages.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import { testEnv } from '../support/env.ts';

describe.each(databaseTargets())('packages on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('Calendly links from the environment are copied onto their packages, once', async () => {
		const env = testEnv({ CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' });
		expect(await applyPackageLinks(database.db, env)).toBe(1);
		expect(await applyPackageLinks(database.db, env)).toBe(0);
		const packages = await listActivePackages(database.db);
		expect(packages.map((pkg) => [pkg.code, pkg.calendly_url])).toEqual([
			['quick', null],
			['full', 'https://calendly.com/fpsos/full-tune-up'],
			['extreme', null],
			['reoptimize', null]
		]);
	});
});
