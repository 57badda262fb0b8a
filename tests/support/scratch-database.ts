import postgres from 'postgres';

/**
 * An empty database created as `name` on the PostgreSQL server of `baseUrl`, for one test run: its URL, and `drop()`
 * (which ends any connection still open to it). Shared by the vitest suites (databases.ts) and the Deno tests
 * (supabase/functions/_shared/testing/database.ts); it uses nothing but `postgres`, which both runtimes resolve.
 */
export async function createScratchDatabase(baseUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
	await asAdmin(baseUrl, `create database ${name}`);
	const url = new URL(baseUrl);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: () => asAdmin(baseUrl, `drop database if exists ${name} with (force)`) };
}

async function asAdmin(baseUrl: string, statement: string): Promise<void> {
	const admin = postgres(baseUrl, { max: 1, onnotice: () => undefined });
	try {
		await admin.unsafe(statement);
	} finally {
		await admin.end();
	}
}
