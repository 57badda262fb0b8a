import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate, MigrationHistoryError, migrationHistoryProblem } from '../../src/lib/data/migrations.ts';
import { migrationsDir, projectRoot } from '../../src/lib/paths.ts';
import { databaseTargets, type DatabaseTarget, type TestDatabase } from '../support/databases.ts';
import { schemaSnapshot, snapshotDifferences, type SchemaSnapshot } from '../support/schema-snapshot.ts';

/**
 * supabase/migrations/20261124010000_baseline.sql squashes the ten migrations of 2026-11-24 and carries the version of
 * the last (as `supabase migration squash` does). The ten old files are not kept in the tree: they are read from git,
 * at the commit before the one that removed them, and this suite proves that
 *   - the baseline builds the schema they built, and with the later migrations the schema they and the later ones build;
 *   - `migrate` upgrades a database they built (to 20261124010000, or with every later migration too) by applying only
 *     what is new, and it ends with the same schema;
 *   - a database that applied only some of them is refused with what to do, and left as it was.
 * Schemas are compared through the catalogue (tests/support/schema-snapshot.ts), on PGlite and PostgreSQL.
 */
const BASELINE = '20261124010000';
/** The first migration the baseline replaced: the commit that deleted it is the squash. */
const SQUASHED_FIRST = 'supabase/migrations/20261124000000_initial_schema.sql';
const PARTIAL_UP_TO = '20261124005000';

interface MigrationFile {
	file: string;
	sql: string;
}

function git(args: string[]): string {
	return execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
}

/** The squashed migrations as git last had them (HEAD while the squash is not committed yet), or why they cannot be read. */
function squashedFromGit(): { commit: string; files: MigrationFile[] } | string {
	let commit: string;
	try {
		const squash = git(['log', '-1', '--format=%H', '--diff-filter=D', '--', SQUASHED_FIRST]).trim();
		commit = git(['rev-parse', squash ? `${squash}^` : 'HEAD']).trim();
	} catch (error) {
		return `this checkout has no git history to read the squashed migrations from (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
	}
	const paths = git(['ls-tree', '--name-only', commit, 'supabase/migrations/'])
		.split('\n')
		.filter((path) => path.endsWith('.sql') && basename(path).slice(0, 14) <= BASELINE);
	if (!paths.includes(SQUASHED_FIRST)) {
		return `commit ${commit.slice(0, 12)} has no ${SQUASHED_FIRST}: the history is cut short (a shallow clone?), fetch it whole`;
	}
	return { commit, files: paths.map((path) => ({ file: basename(path), sql: git(['show', `${commit}:${path}`]) })) };
}

async function treeFiles(): Promise<MigrationFile[]> {
	const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
	return Promise.all(files.map(async (file) => ({ file, sql: await readFile(join(migrationsDir, file), 'utf8') })));
}

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const squashed = squashedFromGit();
if (typeof squashed === 'string' && inCi) throw new Error(`CI must prove the migration baseline, but ${squashed}.`);

/** A database of `target` that looks like a Supabase project (a supabase_realtime publication), migrated with `files` in order. */
async function migratedWith(target: DatabaseTarget, files: MigrationFile[]): Promise<TestDatabase & { applied: string[] }> {
	const database = await target.create();
	const dir = await mkdtemp(join(tmpdir(), 'fpsos-migrations-'));
	try {
		await database.db.exec('create publication supabase_realtime');
		for (const { file, sql } of files) await writeFile(join(dir, file), sql);
		const { applied } = await migrate(database.db, dir);
		return { ...database, applied: applied.map((migration) => migration.version) };
	} catch (error) {
		await database.dispose();
		throw error;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

const history = async (db: Db) =>
	(await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version')).map((row) => row.version);

const run = typeof squashed === 'string' ? describe.skip : describe;
const title = typeof squashed === 'string' ? `(skipped: ${squashed}) ` : '';

run.each(databaseTargets())(`${title}the migration baseline ${BASELINE} on $name`, (target) => {
	const old = typeof squashed === 'string' ? [] : squashed.files;
	const open: TestDatabase[] = [];
	let tree: MigrationFile[];
	let later: MigrationFile[];
	let fresh: SchemaSnapshot;
	let oldToBaseline: TestDatabase;
	let oldWithLater: TestDatabase;

	afterAll(async () => {
		for (const database of open) await database.dispose();
	});

	test('the baseline alone builds the schema the ten migrations it squashed built', async () => {
		tree = await treeFiles();
		expect(tree[0]?.file).toMatch(new RegExp(`^${BASELINE}_`));
		later = tree.filter(({ file }) => file.slice(0, 14) > BASELINE);
		expect(old.map(({ file }) => file.slice(0, 14))).toEqual([
			'20261124000000',
			'20261124000100',
			'20261124001000',
			'20261124002000',
			'20261124003000',
			'20261124004000',
			'20261124005000',
			'20261124007000',
			'20261124008000',
			'20261124010000'
		]);

		oldToBaseline = await migratedWith(target, old);
		open.push(oldToBaseline);
		const baselineOnly = await migratedWith(target, tree.slice(0, 1));
		try {
			expect(baselineOnly.applied).toEqual([BASELINE]);
			expect(snapshotDifferences(await schemaSnapshot(baselineOnly.db), await schemaSnapshot(oldToBaseline.db))).toEqual({});
		} finally {
			await baselineOnly.dispose();
		}
	}, 240_000);

	test('a fresh database migrated with the tree has the schema the old history and the later migrations build', async () => {
		const current = await migratedWith(target, tree);
		try {
			expect(current.applied).toEqual(tree.map(({ file }) => file.slice(0, 14)));
			fresh = await schemaSnapshot(current.db);
		} finally {
			await current.dispose();
		}
		oldWithLater = await migratedWith(target, [...old, ...later]);
		open.push(oldWithLater);
		expect(snapshotDifferences(await schemaSnapshot(oldWithLater.db), fresh)).toEqual({});
		// What is compared is the whole schema, not a few objects.
		expect(fresh.relations!.length).toBeGreaterThan(80);
		expect(fresh.functions!.map((row) => row.signature)).toContain('calendly_apply_delivery(jsonb,text)');
		expect(fresh.publications).toEqual([
			expect.objectContaining({ name: 'supabase_realtime', tables: [{ schema: 'public', table: 'notifications', columns: ['id'] }] })
		]);
	}, 240_000);

	test('a database the old history brought to 20261124010000 gets only the later migrations and ends with the same schema', async () => {
		const oldVersions = old.map(({ file }) => file.slice(0, 14));
		expect(await history(oldToBaseline.db)).toEqual(oldVersions);
		const { applied } = await migrate(oldToBaseline.db);
		expect(applied.map((migration) => migration.version)).toEqual(later.map(({ file }) => file.slice(0, 14)));
		expect(snapshotDifferences(await schemaSnapshot(oldToBaseline.db), fresh)).toEqual({});
		expect(await history(oldToBaseline.db)).toEqual([...oldVersions, ...applied.map((migration) => migration.version)]);
	}, 240_000);

	test('a database with every old and later migration applied gets nothing and keeps the same schema', async () => {
		expect(await migrate(oldWithLater.db)).toEqual({ applied: [], bootstrapped: false });
		expect(await migrationHistoryProblem(oldWithLater.db)).toBeUndefined();
		expect(snapshotDifferences(await schemaSnapshot(oldWithLater.db), fresh)).toEqual({});
	}, 240_000);

	test('a database that applied only some of the squashed migrations is refused, told what to do, and left as it was', async () => {
		const partial = await migratedWith(
			target,
			old.filter(({ file }) => file.slice(0, 14) <= PARTIAL_UP_TO)
		);
		open.push(partial);
		const before = await schemaSnapshot(partial.db);
		const versions = await history(partial.db);
		expect(versions.at(-1)).toBe(PARTIAL_UP_TO);

		const refusal = await migrate(partial.db).then(
			() => undefined,
			(error: unknown) => error
		);
		expect(refusal).toBeInstanceOf(MigrationHistoryError);
		const message = (refusal as Error).message;
		expect(message).toContain(`predates the migration baseline ${BASELINE}_baseline`);
		expect(message).toContain(
			`it applied 7 of them (20261124000000_initial_schema to ${PARTIAL_UP_TO}_referrals_and_credit) but not ${BASELINE}`
		);
		expect(message).toContain(`git log -1 --format=%h --diff-filter=D -- ${SQUASHED_FIRST}`);
		expect(await migrationHistoryProblem(partial.db)).toBe(message);

		expect(await history(partial.db)).toEqual(versions);
		expect(snapshotDifferences(await schemaSnapshot(partial.db), before)).toEqual({});
	}, 240_000);
});
