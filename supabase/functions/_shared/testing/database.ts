import { createScratchDatabase } from '../../../../tests/support/scratch-database.ts';

/**
 * Deno tests' database: a fresh database on the real PostgreSQL named by DATABASE_URL, migrated by the project's own
 * `fpsos db migrate` (the same migrations, the same Supabase bootstrap), dropped afterwards. Without DATABASE_URL the
 * tests are skipped locally and fail in CI (CI=true), as tests/support/services.ts does for the vitest suites.
 */
export const projectRoot = new URL('../../../../', import.meta.url).pathname;

const inCi = ['true', '1'].includes(Deno.env.get('CI') ?? '');

export function databaseUrl(): string | undefined {
	const url = Deno.env.get('DATABASE_URL')?.trim();
	if (!url && inCi) throw new Error('DATABASE_URL must be set in CI: the Edge Function tests may not be skipped.');
	return url || undefined;
}

export interface ScratchDatabase {
	url: string;
	drop(): Promise<void>;
}

export async function createMigratedDatabase(baseUrl: string): Promise<ScratchDatabase> {
	const scratch = await createScratchDatabase(baseUrl, `fpsos_fn_test_${Deno.pid}_${crypto.randomUUID().slice(0, 8)}`);
	const migrate = await new Deno.Command('node', {
		args: ['bin/fpsos.mjs', 'db', 'migrate'],
		cwd: projectRoot,
		env: { DATABASE_URL: scratch.url, FPSOS_LOG_LEVEL: 'error' },
		stdout: 'piped',
		stderr: 'piped'
	}).output();
	if (!migrate.success) {
		await scratch.drop();
		throw new Error(`fpsos db migrate failed: ${new TextDecoder().decode(migrate.stderr)}`);
	}
	return scratch;
}
