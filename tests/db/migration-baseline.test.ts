import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate, MigrationHistoryError, migrationHistoryProblem } from '../../src/lib/data/migrations.ts';
import { migrationsDir, projectRoot } from '../../src/lib/paths.ts';
import { databaseTargets, type DatabaseTarget, type TestDatabase } from '../support/databases.ts';
import { functionsCreated, triggersCreated } from '../support/migration-functions.ts';
import { schemaSnapshot, snapshotDifferences, type SchemaSnapshot } from '../support/schema-snapshot.ts';

/**
 * supabase/migrations/20261124010000_baseline.sql squashes the ten migrations of 2026-11-24 and carries the version of
 * the last (as `supabase migration squash` does). The ten old files are not kept in the tree: they are read from git,
 * at the commit before the one that removed them, and this suite proves that
 *   - the baseline builds the schema they built, but for the functions it leaves to the later migrations that define
 *     them as they run (each function is created in one file: tests/db/migration-functions.test.ts), and with the
 *     later migrations the schema they and the later ones build;
 *   - `migrate` upgrades a database they built (to 20261124010000, or with every later migration too) by applying only
 *     what is new, and it ends with the same schema;
 *   - so does a database migrated at any commit of main that changed the migrations, from the last before the squash
 *     to the last before the baseline last changed (LANDED_UNTIL): their files are read from git too;
 *   - a database that applied only some of them is refused with what to do, and left as it was.
 * Schemas are compared through the catalogue (tests/support/schema-snapshot.ts: functions with their bodies,
 * privileges, comments, policies ...), on PGlite and PostgreSQL.
 */
const BASELINE = '20261124010000';
/** The first migration the baseline replaced: the commit that deleted it is the squash. */
const SQUASHED_FIRST = 'supabase/migrations/20261124000000_initial_schema.sql';
const PARTIAL_UP_TO = '20261124005000';
/**
 * The last commit of main whose migrations are checked as a landed history: main just before the last change to what
 * the baseline leaves to later migrations (LEFT_TO_LATER; the first such change came after d93d753).
 */
const LANDED_UNTIL = '4d7f1eb4dfb6d10bb92d1eeb847b512a6dbd926b';
/** What the baseline leaves to the later migrations, which create (or replace) them as they run. */
const LEFT_TO_LATER = {
	functions: [
		'bookings_referral_effects()',
		'calendly_apply_deliveries(jsonb,text[])',
		'calendly_apply_delivery(jsonb,text)',
		'calendly_insert_booking(jsonb,text,uuid)'
	],
	triggers: ['bookings.bookings_referral_effects', 'credit_ledger.credit_ledger_append_only'],
	constraints: ['notifications.notifications_kind_check']
};

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

/** The migrations as they were at `commit`. */
function migrationsAt(commit: string): MigrationFile[] {
	return git(['ls-tree', '--name-only', commit, 'supabase/migrations/'])
		.split('\n')
		.filter((path) => path.endsWith('.sql'))
		.map((path) => ({ file: basename(path), sql: git(['show', `${commit}:${path}`]) }));
}

/**
 * The histories that landed since the squash: the migrations at the commit before it and at each commit of main that
 * changed them, up to LANDED_UNTIL. A database migrated at any of them must upgrade to the tree's schema.
 */
function landedFromGit(beforeSquash: string): { commit: string; files: MigrationFile[] }[] | string {
	let commits: string[];
	try {
		commits = git(['rev-list', '--first-parent', '--reverse', `${beforeSquash}..${LANDED_UNTIL}`, '--', 'supabase/migrations/'])
			.split('\n')
			.filter(Boolean);
	} catch (error) {
		return `commit ${LANDED_UNTIL.slice(0, 12)} cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): fetch the history whole`;
	}
	return [beforeSquash, ...commits].map((commit) => ({ commit, files: migrationsAt(commit) }));
}

async function treeFiles(): Promise<MigrationFile[]> {
	const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
	return Promise.all(files.map(async (file) => ({ file, sql: await readFile(join(migrationsDir, file), 'utf8') })));
}

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const squashed = squashedFromGit();
if (typeof squashed === 'string' && inCi) throw new Error(`CI must prove the migration baseline, but ${squashed}.`);
const landed = typeof squashed === 'string' ? [] : landedFromGit(squashed.commit);
if (typeof landed === 'string' && inCi) throw new Error(`CI must prove that every landed history upgrades, but ${landed}.`);

const versionOf = ({ file }: MigrationFile): string => file.slice(0, 14);
/** A function's name with its schema, from a snapshot's signature (regprocedure text, unqualified in public). */
const qualified = (signature: string): string => {
	const name = signature.slice(0, signature.indexOf('('));
	return name.includes('.') ? name : `public.${name}`;
};

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

const unreadable = typeof squashed === 'string' ? squashed : typeof landed === 'string' ? landed : undefined;
const run = unreadable ? describe.skip : describe;
const title = unreadable ? `(skipped: ${unreadable}) ` : '';

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

	test('the baseline alone builds the schema the ten migrations it squashed built, but for what it leaves to later migrations', async () => {
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
			// What the baseline leaves out is what a later migration creates as it runs (functions, triggers, the CHECK on
			// notifications.kind); everything else is as the old history left it.
			const differences = snapshotDifferences(await schemaSnapshot(baselineOnly.db), await schemaSnapshot(oldToBaseline.db));
			expect(Object.keys(differences).sort()).toEqual(['constraints', 'functions', 'triggers']);
			expect(differences.constraints!.onlyFirst).toEqual([]);
			expect(differences.constraints!.onlySecond.map((row) => `${String(row.relation)}.${String(row.name)}`)).toEqual(
				LEFT_TO_LATER.constraints
			);
			expect(differences.functions!.onlyFirst).toEqual([]);
			expect(differences.functions!.onlySecond.map((row) => row.signature)).toEqual(LEFT_TO_LATER.functions);
			expect(differences.triggers!.onlyFirst).toEqual([]);
			expect(differences.triggers!.onlySecond.map((row) => `${String(row.relation)}.${String(row.name)}`)).toEqual(LEFT_TO_LATER.triggers);
			const createdLater = new Set(later.flatMap(({ sql }) => [...functionsCreated(sql), ...triggersCreated(sql)]));
			for (const signature of LEFT_TO_LATER.functions) expect(createdLater).toContain(qualified(signature));
			for (const name of LEFT_TO_LATER.triggers) expect(createdLater).toContain(`public.${name}`);
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

	test.each(
		typeof landed === 'string' ? [] : landed.map((state) => ({ ...state, short: state.commit.slice(0, 7), last: versionOf(state.files.at(-1)!) }))
	)(
		'a database migrated at $short (up to $last) gets only the migrations it lacks and ends with the schema the tree builds',
		async ({ files }) => {
			const database = await migratedWith(target, files);
			try {
				const had = new Set(files.map(versionOf));
				expect(database.applied).toEqual([...had].sort());
				const { applied } = await migrate(database.db);
				expect(applied.map((migration) => migration.version)).toEqual(tree.map(versionOf).filter((version) => !had.has(version)));
				expect(snapshotDifferences(await schemaSnapshot(database.db), fresh)).toEqual({});
			} finally {
				await database.dispose();
			}
		},
		240_000
	);

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
