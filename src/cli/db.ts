import { describeProblems, parseDatabaseEnv, type DatabaseEnv } from '../lib/config/env.ts';
import { openDb, pingDatabase, type Db } from '../lib/data/db.ts';
import { migrate, MigrationHistoryError, migrationHistoryProblem, migrationStatus } from '../lib/data/migrations.ts';
import { lintSchema, schemaLints } from '../lib/data/schema-lint.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { consoleIo, type Io } from './output.ts';

async function withDb(source: Record<string, string | undefined>, io: Io, fn: (db: Db, env: DatabaseEnv) => Promise<number>): Promise<number> {
	const parsed = parseDatabaseEnv(source);
	if (!parsed.ok) {
		io.err(describeProblems(parsed.problems));
		return 1;
	}
	let db: Db;
	try {
		db = await openDb({ databaseUrl: parsed.env.DATABASE_URL, dataDir: parsed.env.FPSOS_DATA_DIR ?? defaultDataDir });
		await pingDatabase(db);
	} catch (error) {
		io.err(`Cannot reach the database: ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
	try {
		return await fn(db, parsed.env);
	} finally {
		await db.close();
	}
}

function where(env: DatabaseEnv): string {
	return env.DATABASE_URL ? `PostgreSQL at ${new URL(env.DATABASE_URL).host}` : `the embedded database in ${env.FPSOS_DATA_DIR ?? defaultDataDir}`;
}

export async function runDbMigrate(source: Record<string, string | undefined>, io: Io = consoleIo): Promise<number> {
	return withDb(source, io, async (db, env) => {
		let result: Awaited<ReturnType<typeof migrate>>;
		try {
			result = await migrate(db);
		} catch (error) {
			if (!(error instanceof MigrationHistoryError)) throw error;
			io.err(error.message);
			return 1;
		}
		const { applied, bootstrapped } = result;
		if (bootstrapped) io.out('Added the Supabase roles and auth helpers this database was missing.');
		for (const migration of applied) io.out(`Applied ${migration.version}_${migration.name}`);
		io.out(
			applied.length === 0 ? `Nothing to do: ${where(env)} is up to date.` : `Done: ${applied.length} migration(s) applied to ${where(env)}.`
		);
		return 0;
	});
}

export async function runDbStatus(source: Record<string, string | undefined>, io: Io = consoleIo): Promise<number> {
	return withDb(source, io, async (db, env) => {
		const states = await migrationStatus(db);
		io.out(`Migrations on ${where(env)}:`);
		for (const state of states) io.out(`  ${state.applied ? 'applied' : 'pending'}  ${state.version}_${state.name}`);
		const problem = await migrationHistoryProblem(db);
		if (problem) {
			io.err(problem);
			return 1;
		}
		const pending = states.filter((state) => !state.applied).length;
		io.out(pending === 0 ? 'Up to date.' : `${pending} pending: run \`npx fpsos db migrate\`.`);
		return 0;
	});
}

/** `fpsos db lint [--json]`: the schema's security rules (RLS everywhere, no definer views or callable definer functions, fixed search_path). */
export async function runDbLint(source: Record<string, string | undefined>, io: Io = consoleIo, options: { json?: boolean } = {}): Promise<number> {
	return withDb(source, io, async (db, env) => {
		const findings = await lintSchema(db);
		const pending = (await migrationStatus(db)).filter((state) => !state.applied).length;
		if (options.json) {
			io.out(JSON.stringify({ findings, pendingMigrations: pending }));
			return findings.length === 0 ? 0 : 1;
		}
		if (pending > 0) io.err(`Note: ${pending} migration(s) pending on ${where(env)}; the lint checks the schema as it is.`);
		for (const finding of findings) io.out(`${finding.level}  ${finding.lint}  ${finding.object}: ${finding.detail}`);
		io.out(
			findings.length === 0
				? `No findings: ${where(env)} keeps all ${schemaLints.length} schema rules.`
				: `${findings.length} finding(s) on ${where(env)}. The rules: ${schemaLints.map((lint) => lint.name).join(', ')}.`
		);
		return findings.length === 0 ? 0 : 1;
	});
}
