import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationsDir, supabaseStackSql } from '../paths.ts';
import type { Db, Queryable } from './db.ts';

/**
 * Applies `supabase/migrations` in order and records them where the Supabase CLI does
 * (`supabase_migrations.schema_migrations`), so `supabase db push` and `fpsos db migrate` agree on what is applied.
 */
export interface Migration {
	version: string;
	name: string;
	sql: string;
}

export interface MigrationState {
	version: string;
	name: string;
	applied: boolean;
}

const fileName = /^(\d{14})_([\w-]+)\.sql$/;

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
	return Promise.all(
		files.map(async (file) => {
			const match = fileName.exec(file);
			if (!match) throw new Error(`Migration file ${file} is not named <14-digit timestamp>_<name>.sql`);
			return { version: match[1]!, name: match[2]!, sql: await readFile(join(dir, file), 'utf8') };
		})
	);
}

const historyTable = `
	create schema if not exists supabase_migrations;
	create table if not exists supabase_migrations.schema_migrations (
		version text not null primary key,
		statements text[],
		name text
	);`;

async function appliedVersions(db: Queryable): Promise<Set<string>> {
	const exists = await db.query<{ present: boolean }>(
		`select to_regclass('supabase_migrations.schema_migrations') is not null as present`
	);
	if (!exists[0]?.present) return new Set();
	const rows = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
	return new Set(rows.map((row) => row.version));
}

/** True when the database lacks what a hosted Supabase project provides (roles, auth schema and helpers). */
async function needsSupabaseStack(db: Queryable): Promise<boolean> {
	const rows = await db.query<{ ready: boolean }>(
		`select exists (select 1 from pg_roles where rolname = 'service_role')
			and to_regprocedure('auth.uid()') is not null as ready`
	);
	return !rows[0]?.ready;
}

export async function migrationStatus(db: Queryable, dir = migrationsDir): Promise<MigrationState[]> {
	const [migrations, applied] = await Promise.all([loadMigrations(dir), appliedVersions(db)]);
	return migrations.map(({ version, name }) => ({ version, name, applied: applied.has(version) }));
}

/** A script run without the connection's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS), which it then gets back. */
function untimed(script: string): string {
	return `set statement_timeout = 0;\n${script}\n;reset statement_timeout;`;
}

/** Applies what is pending, each migration in its own transaction, serialised across processes by a lock. */
export async function migrate(db: Db, dir = migrationsDir): Promise<{ applied: Migration[]; bootstrapped: boolean }> {
	const migrations = await loadMigrations(dir);
	let bootstrapped = false;
	if (await needsSupabaseStack(db)) {
		await db.exec(untimed(await readFile(supabaseStackSql, 'utf8')));
		bootstrapped = true;
	}
	await db.exec(untimed(historyTable));
	const applied: Migration[] = [];
	for (const migration of migrations) {
		const done = await db.transaction(async (tx) => {
			// Migrations (and waiting for another process's) may take longer than the bot's statement timeout.
			await tx.exec('set local statement_timeout = 0');
			await tx.query(`select pg_advisory_xact_lock(hashtext('fpsos:migrate'))`);
			if ((await appliedVersions(tx)).has(migration.version)) return false;
			await tx.exec(migration.sql);
			await tx.query(
				'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
				[migration.version, migration.name, [migration.sql]]
			);
			return true;
		});
		if (done) applied.push(migration);
	}
	return { applied, bootstrapped };
}
