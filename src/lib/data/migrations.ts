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

/** What the database recorded as applied: version -> name (null for rows written without one). */
async function appliedHistory(db: Queryable): Promise<Map<string, string | null>> {
	const exists = await db.query<{ present: boolean }>(`select to_regclass('supabase_migrations.schema_migrations') is not null as present`);
	if (!exists[0]?.present) return new Map();
	const rows = await db.query<{ version: string; name: string | null }>('select version, name from supabase_migrations.schema_migrations');
	return new Map(rows.map((row) => [row.version, row.name]));
}

/**
 * A database that applied some of the migrations squashed into the tree's first file (the baseline, which carries the
 * version of the last one it replaced, as `supabase migration squash` does) but not the baseline itself: the baseline
 * would build on a schema that is half there. `fpsos db migrate` refuses it and says how to finish it first.
 */
export class MigrationHistoryError extends Error {
	override readonly name = 'MigrationHistoryError';
}

/** Why `migrate` refuses this history, or undefined. Squashed versions are those applied, older than the baseline and absent from the tree. */
function baselineProblem(migrations: Migration[], applied: Map<string, string | null>): MigrationHistoryError | undefined {
	const baseline = migrations[0];
	if (!baseline || applied.has(baseline.version)) return undefined;
	const known = new Set(migrations.map((migration) => migration.version));
	const squashed = [...applied]
		.filter(([version]) => version < baseline.version && !known.has(version))
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([version, name]) => (name ? `${version}_${name}` : version));
	const [first] = squashed;
	if (!first) return undefined;
	const which = squashed.length === 1 ? first : `${squashed.length} of them (${first} to ${squashed.at(-1)})`;
	const file = first.includes('_') ? `supabase/migrations/${first}.sql` : `'supabase/migrations/${first}_*.sql'`;
	return new MigrationHistoryError(
		`This database predates the migration baseline ${baseline.version}_${baseline.name}, which replaces every migration ` +
			`up to ${baseline.version}: it applied ${which} but not ${baseline.version}. Nothing was changed. Finish it with the ` +
			`migrations as they were before the squash: run \`npx fpsos db migrate\` (or \`npx supabase db push\`) from a checkout of ` +
			`the commit before it (the parent of \`git log -1 --format=%h --diff-filter=D -- ${file}\`), ` +
			`then run \`npx fpsos db migrate\` here again.`
	);
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
	const [migrations, applied] = await Promise.all([loadMigrations(dir), appliedHistory(db)]);
	return migrations.map(({ version, name }) => ({ version, name, applied: applied.has(version) }));
}

/** The reason `migrate` would refuse this database (it predates the baseline), or undefined. */
export async function migrationHistoryProblem(db: Queryable, dir = migrationsDir): Promise<string | undefined> {
	const [migrations, applied] = await Promise.all([loadMigrations(dir), appliedHistory(db)]);
	return baselineProblem(migrations, applied)?.message;
}

/** A script run without the connection's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS), which it then gets back. */
function untimed(script: string): string {
	return `set statement_timeout = 0;\n${script}\n;reset statement_timeout;`;
}

/**
 * Applies what is pending, each migration in its own transaction, serialised across processes by a lock. Throws a
 * MigrationHistoryError, changing nothing, for a database that predates the baseline (see baselineProblem).
 */
export async function migrate(db: Db, dir = migrationsDir): Promise<{ applied: Migration[]; bootstrapped: boolean }> {
	const migrations = await loadMigrations(dir);
	const problem = baselineProblem(migrations, await appliedHistory(db));
	if (problem) throw problem;
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
			if ((await appliedHistory(tx)).has(migration.version)) return false;
			await tx.exec(migration.sql);
			await tx.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
				migration.version,
				migration.name,
				[migration.sql]
			]);
			return true;
		});
		if (done) applied.push(migration);
	}
	return { applied, bootstrapped };
}
