import { describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { lintSchema, type LintFinding } from '../../src/lib/data/schema-lint.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * The schema lint passes on the schema our migrations build, and fails on each kind of object it exists to catch.
 * Every bad object is created inside a transaction that is rolled back, so the migrated schema stays clean.
 */
describe.each(databaseTargets())('schema lint on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function findingsWith(sql: string): Promise<LintFinding[]> {
		const rollback = new Error('rollback');
		let findings: LintFinding[] = [];
		await database.db
			.transaction(async (tx: Queryable) => {
				await tx.exec(sql);
				findings = await lintSchema(tx);
				throw rollback;
			})
			.catch((error: unknown) => {
				if (error !== rollback) throw error;
			});
		return findings;
	}

	const summary = (findings: LintFinding[]) => findings.map((f) => `${f.lint} ${f.object}`).sort();

	test('the migrated schema has no findings', async () => {
		expect(await lintSchema(database.db)).toEqual([]);
	});

	test('a table without row-level security is found (and the API roles it was granted to)', async () => {
		const findings = await findingsWith('create table public.lint_open (id int primary key)');
		expect(summary(findings)).toEqual([
			'api_role_table_grant public.lint_open',
			'api_role_table_grant public.lint_open',
			'rls_disabled public.lint_open'
		]);
	});

	test('a table done the house way (RLS on, revoked from the API roles) passes', async () => {
		const findings = await findingsWith(`
			create table public.lint_closed (id int primary key);
			alter table public.lint_closed enable row level security;
			revoke all on table public.lint_closed from anon, authenticated;`);
		expect(findings).toEqual([]);
	});

	test('a policy on a table whose row-level security is off is found', async () => {
		const findings = await findingsWith(`
			create table public.lint_policy (id int primary key);
			revoke all on table public.lint_policy from anon, authenticated;
			create policy lint_policy_read on public.lint_policy for select using (true);`);
		expect(summary(findings)).toEqual(['policy_exists_rls_disabled public.lint_policy', 'rls_disabled public.lint_policy']);
		expect(findings.find((f) => f.lint === 'policy_exists_rls_disabled')?.detail).toContain('lint_policy_read');
	});

	test("a view that reads with its owner's rights is found; a security_invoker view is not", async () => {
		const findings = await findingsWith(`
			create view public.lint_definer_view as select id from public.members;
			create view public.lint_invoker_view with (security_invoker = true) as select id from public.members;
			revoke all on public.lint_definer_view, public.lint_invoker_view from anon, authenticated;`);
		expect(summary(findings)).toEqual(['security_definer_view public.lint_definer_view']);
	});

	test('a materialized view the API roles can read is found', async () => {
		const findings = await findingsWith(`
			create materialized view public.lint_matview as select count(*) as n from public.members;
			revoke all on public.lint_matview from authenticated;
			revoke insert, update, delete, truncate, references, trigger on public.lint_matview from anon;`);
		expect(summary(findings)).toEqual(['api_role_table_grant public.lint_matview', 'materialized_view_in_api public.lint_matview']);
		expect(findings.find((f) => f.lint === 'materialized_view_in_api')?.detail).toBe('materialized view is readable by anon');
	});

	test('a SECURITY DEFINER function anon and authenticated can execute is found until execute is revoked', async () => {
		const create = `create function public.lint_definer() returns int language sql security definer set search_path = '' as 'select 1';`;
		const open = await findingsWith(create);
		expect(summary(open)).toEqual(['security_definer_function_executable public.lint_definer()']);
		expect(open[0]?.detail).toBe('SECURITY DEFINER function is executable by anon, authenticated');
		const closed = await findingsWith(`${create} revoke all on function public.lint_definer() from public, anon, authenticated;`);
		expect(closed).toEqual([]);
	});

	test('a function without a fixed search_path, or with one that follows the calling role, is found', async () => {
		const findings = await findingsWith(`
			create function public.lint_unset(a int) returns int language sql as 'select a';
			create function public.lint_user_path() returns int language sql set search_path = "$user", public as 'select 1';
			create function public.lint_fixed() returns int language sql set search_path = pg_catalog, public as 'select 1';`);
		expect(findings.map((f) => [f.lint, f.object, f.detail])).toEqual([
			['function_search_path_mutable', 'public.lint_unset(a integer)', 'search_path is not set'],
			['function_search_path_mutable', 'public.lint_user_path()', 'search_path "$user", public depends on the calling role']
		]);
	});

	test('a table granted to anon by mistake is found even with row-level security on', async () => {
		const findings = await findingsWith('grant select on public.members to anon');
		expect(findings).toEqual([{ lint: 'api_role_table_grant', level: 'ERROR', object: 'public.members', detail: 'anon may SELECT' }]);
	});

	test('the hardening migration left no function in public executable by the API roles', async () => {
		const rows = await database.db.query<{ fn: string }>(`
			select p.oid::regprocedure::text as fn from pg_proc p
			where p.pronamespace = 'public'::regnamespace
				and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))`);
		expect(rows).toEqual([]);
	});

	test('a function added after the migrations gets no EXECUTE for anon from Supabase\'s default privileges (only through PUBLIC)', async () => {
		const rollback = new Error('rollback');
		let grants: unknown;
		await database.db
			.transaction(async (tx) => {
				await tx.exec(`create function public.lint_later() returns int language sql set search_path = '' as 'select 1';
					revoke execute on function public.lint_later() from public;`);
				grants = await tx.query(`select has_function_privilege('anon', 'public.lint_later()', 'EXECUTE') as anon,
					has_function_privilege('authenticated', 'public.lint_later()', 'EXECUTE') as authenticated,
					has_function_privilege('service_role', 'public.lint_later()', 'EXECUTE') as service_role`);
				throw rollback;
			})
			.catch((error: unknown) => {
				if (error !== rollback) throw error;
			});
		expect(grants).toEqual([{ anon: false, authenticated: false, service_role: true }]);
	});
});
