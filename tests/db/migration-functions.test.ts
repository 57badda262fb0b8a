import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { migrationsDir, supabaseStackSql } from '../../src/lib/paths.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import { functionsAltered, functionsCreated, triggersCreated } from '../support/migration-functions.ts';

/**
 * Each SQL function of supabase/migrations is created in one file, once, and altered nowhere, and each trigger is
 * created once: a reader who finds one has found the version that runs, attributes included. A later change replaces the definition where it stands (or
 * moves it, with a migration that replaces it in databases that had the earlier one: tests/db/migration-baseline.test.ts
 * proves every landed history still ends with the schema the tree builds).
 */
async function migrationFiles(): Promise<{ file: string; sql: string }[]> {
	const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
	return Promise.all(files.map(async (file) => ({ file, sql: await readFile(join(migrationsDir, file), 'utf8') })));
}

describe('the functions and triggers of supabase/migrations', () => {
	test('each function is created by one statement of one file', async () => {
		const creations = new Map<string, string[]>();
		for (const { file, sql } of await migrationFiles()) {
			for (const name of functionsCreated(sql)) creations.set(name, [...(creations.get(name) ?? []), file]);
		}
		expect(creations.size).toBeGreaterThan(10);
		expect([...creations].filter(([, files]) => files.length > 1)).toEqual([]);
	});

	test('each trigger is created by one statement of one file', async () => {
		const creations = new Map<string, string[]>();
		for (const { file, sql } of await migrationFiles()) {
			for (const name of triggersCreated(sql)) creations.set(name, [...(creations.get(name) ?? []), file]);
		}
		expect(creations.size).toBeGreaterThan(5);
		expect([...creations].filter(([, files]) => files.length > 1)).toEqual([]);
	});

	test('no function is altered after it is created: its attributes stand in its definition', async () => {
		const alterations = (await migrationFiles()).flatMap(({ file, sql }) => functionsAltered(sql).map((name) => `${file}: ${name}`));
		expect(alterations).toEqual([]);
	});

	test('the reading finds a function or trigger however its statement is laid out, and skips comments', () => {
		const sql = `-- create function public.commented_out(x int)
			create or replace function public.a(x int) returns int language sql as $$ select x $$;
			CREATE  FUNCTION
				"Quoted"."MixedCase" (
			create procedure unqualified();
			alter function public.a(int) security definer;
			create trigger t before update on public.x for each row execute function public.a();
			create or replace trigger "T2" after update of status,
				payment_status on y
				for each row execute function a();`;
		expect(functionsCreated(sql)).toEqual(['public.a', 'Quoted.MixedCase', 'public.unqualified']);
		expect(functionsAltered(sql)).toEqual(['public.a']);
		expect(triggersCreated(sql)).toEqual(['public.x.t', 'public.y.T2']);
	});
});

describe.each(databaseTargets())('the functions and triggers a migrated database has on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('are the functions the migrations and the local Supabase stack create, so the reading above misses none', async () => {
		const rows = await database.db.query<{ name: string }>(
			`select distinct n.nspname || '.' || p.proname as name
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_%'
				and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`
		);
		const fromMigrations = (await migrationFiles()).flatMap(({ sql }) => functionsCreated(sql));
		const fromStack = functionsCreated(await readFile(supabaseStackSql, 'utf8'));
		expect(fromMigrations).toContain('public.calendly_apply_delivery');
		expect(rows.map((row) => row.name).sort()).toEqual([...new Set([...fromMigrations, ...fromStack])].sort());
	});

	test('are the triggers the migrations create, and no other', async () => {
		const rows = await database.db.query<{ name: string }>(
			`select n.nspname || '.' || c.relname || '.' || t.tgname as name
			from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
			where not t.tgisinternal and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_%'`
		);
		const fromMigrations = (await migrationFiles()).flatMap(({ sql }) => triggersCreated(sql));
		expect(fromMigrations).toContain('public.credit_ledger.credit_ledger_append_only');
		expect(rows.map((row) => row.name).sort()).toEqual([...new Set(fromMigrations)].sort());
	});
});
