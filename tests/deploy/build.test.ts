import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Capabilities } from '../../src/cli/capabilities/inventory.ts';
import { migrationsDir, projectRoot } from '../../src/lib/paths.ts';
import { useBotProcess } from '../e2e/support/bot-process.ts';
import { imageNodeOptions } from '../support/image.ts';

// Every test runs the compiled CLI or bot in a child process: tens of seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

/**
 * The production build (`npm run build`, what the Docker image runs) made once here and run for real, so that it
 * cannot rot while development and the other tests run the TypeScript sources: every piece loads from dist/, the
 * files read by path at run time (locale JSON, migrations, the Supabase stack SQL) are found from the compiled code,
 * and the compiled bot starts on the fake Discord and answers.
 */
const run = promisify(execFile);
const distBin = join(projectRoot, 'dist/bin/fpsos.js');
const fixture = join(projectRoot, 'tests/fixtures/diagnostics/script-output.json');
let scratch: string;

/** The compiled CLI from a directory outside the project, with only the given environment (plus PATH). */
async function fpsos(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [distBin, ...args], {
			cwd: scratch,
			env: { PATH: process.env.PATH ?? '', ...env },
			timeout: 120_000
		});
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failure = error as { code?: number; stdout?: string; stderr?: string };
		return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? String(error) };
	}
}

/** The piece files Sapphire loads from a source folder (helpers start with `_`), as src-relative paths. */
async function sourcePieces(folder: string): Promise<string[]> {
	const entries = await readdir(join(projectRoot, folder), { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.startsWith('_') && !entry.name.endsWith('.d.ts'))
		.map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)).split('\\').join('/'))
		.sort();
}

beforeAll(async () => {
	scratch = await mkdtemp(join(tmpdir(), 'fpsos-build-'));
	await run('npm', ['run', 'build'], { cwd: projectRoot, env: process.env, timeout: 120_000 });
}, 150_000);

afterAll(async () => {
	if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('npm run build', () => {
	test('emits the compiled CLI, the pieces, the shared Calendly code and the locale files, and no TypeScript', async () => {
		for (const file of [
			'dist/bin/fpsos.js',
			'dist/src/cli/index.js',
			'dist/src/commands/ping.js',
			'dist/supabase/functions/_shared/calendly/index.js',
			'dist/src/languages/en-US/common.json',
			'dist/src/languages/ar/common.json'
		]) {
			expect(existsSync(join(projectRoot, file)), file).toBe(true);
		}
		const emitted = await readdir(join(projectRoot, 'dist'), { recursive: true });
		expect(emitted.filter((file) => file.endsWith('.ts'))).toEqual([]);
	});

	test('the compiled CLI loads every piece from dist/ (capabilities --json)', async () => {
		const result = await fpsos(['capabilities', '--json']);
		expect(result.code, result.stderr).toBe(0);
		const capabilities = JSON.parse(result.stdout) as Capabilities;
		const folders = {
			commands: 'src/commands',
			listeners: 'src/listeners',
			interactionHandlers: 'src/interaction-handlers',
			scheduledTasks: 'src/scheduled-tasks',
			preconditions: 'src/preconditions'
		} as const;
		for (const [kind, folder] of Object.entries(folders) as [keyof typeof folders, string][]) {
			const files = capabilities[kind].map((piece) => piece.file);
			expect(
				files.every((file) => file.startsWith('dist/src/') && file.endsWith('.js')),
				kind
			).toBe(true);
			const asSources = files.map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts')).sort();
			expect(asSources, kind).toEqual(await sourcePieces(folder));
		}
	});

	test('the compiled CLI finds the migrations and the Supabase stack SQL (db migrate on the embedded database)', async () => {
		const result = await fpsos(['db', 'migrate'], { FPSOS_DATA_DIR: join(scratch, 'pglite') });
		expect(result.code, result.stderr).toBe(0);
		const migrations = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql'));
		expect(result.stdout).toContain('Added the Supabase roles and auth helpers');
		expect(result.stdout).toContain(`Done: ${migrations.length} migration(s) applied`);
	}, 150_000);

	test('the compiled CLI reads the locale files copied into dist/ (analyze)', async () => {
		const result = await fpsos(['analyze', fixture]);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain('Recommendation: extreme (3 critical, 6 warnings)');
		expect(result.stdout).toContain('Turn on XMP');
	});
});

describe('the compiled bot as a process', () => {
	const ctx = useBotProcess({ bin: distBin, redis: false, env: () => ({ NODE_OPTIONS: imageNodeOptions() }) });

	test('answers a slash command and welcomes a new member by DM in their language files (listener, i18n)', async () => {
		const alice = await ctx.fake.members.create({ username: 'alice', joined: true });
		const reply = await (await alice.slash('ping')).message();
		expect(reply.text).toMatch(/Pong! Gateway \d+ ms, database \d+ ms\./);
		const bea = await ctx.fake.members.create({ username: 'bea' });
		await ctx.fake.join(bea);
		expect((await bea.nextDm()).text).toContain('Welcome to FPSOS');
		expect(ctx.bot.logs()).not.toMatch(/"level":"(error|fatal)"/);
		expect(ctx.fake.takeViolations()).toEqual([]);
	});
});
