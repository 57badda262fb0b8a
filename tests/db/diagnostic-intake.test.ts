import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { upsertMember } from '../../src/lib/data/members.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { takeInDiagnostic } from '../../src/lib/funnel/diagnostic-intake.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';
import { serveFiles } from '../support/file-server.ts';

const fixture = (name: string) => readFile(new URL(`../fixtures/diagnostics/${name}`, import.meta.url));

describe.each(databaseTargets())('diagnostic intake on $name', (target) => {
	let database: TestDatabase;
	let server: Awaited<ReturnType<typeof serveFiles>>;
	let memberId: string;
	const count = async () => (await database.db.query<{ n: number }>('select count(*)::int as n from public.diagnostics'))[0]!.n;

	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
		memberId = (await upsertMember(database.db, { discordUserId: '300000000000000001' })).id;
		const nul = Buffer.from(
			JSON.stringify({ schema: 'fpsos-diagnostic/1', generated_at: '2026-01-12T10:00:00Z', cpu: { name: 'CPU\u0000X' }, startup_apps: 3 })
		);
		server = await serveFiles({
			'/ps51.json': { body: await fixture('ps51-out-file-utf16le.json') },
			'/not-json.json': { body: Buffer.from('hello') },
			'/nul.json': { body: nul }
		});
	});
	afterAll(async () => {
		await server?.close();
		await database?.dispose();
	});

	test('a PowerShell 5.1 file is analysed and stored with its raw content, counts, findings and verdict', async () => {
		const outcome = await takeInDiagnostic(database.db, memberId, { url: server.url('/ps51.json'), size: 100 }, 'dm_attachment');
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		const [row] = await database.db.query<Record<string, unknown>>('select * from public.diagnostics where id = $1', [outcome.diagnosticId]);
		expect(row).toMatchObject({
			member_id: memberId,
			source: 'dm_attachment',
			schema_version: 'fpsos-diagnostic/1',
			critical_count: outcome.result.critical,
			warning_count: outcome.result.warnings,
			recommendation: outcome.result.recommendation
		});
		expect((row!.raw as { schema: string }).schema).toBe('fpsos-diagnostic/1');
		expect(row!.findings).toEqual(outcome.result.findings);
	});

	test('a declared size over 1 MiB is refused before downloading, and nothing is stored', async () => {
		const before = await count();
		const outcome = await takeInDiagnostic(database.db, memberId, { url: 'http://127.0.0.1:1/never-fetched', size: 1_048_577 }, 'slash_upload');
		expect(outcome).toEqual({ ok: false, reason: 'too_large' });
		expect(await count()).toBe(before);
	});

	test('a file that is not JSON is refused and nothing is stored', async () => {
		const before = await count();
		expect(await takeInDiagnostic(database.db, memberId, { url: server.url('/not-json.json'), size: 5 }, 'slash_upload')).toEqual({
			ok: false,
			reason: 'not_json'
		});
		expect(await count()).toBe(before);
	});

	test('a file Discord cannot serve is a download failure, not an exception', async () => {
		expect(await takeInDiagnostic(database.db, memberId, { url: server.url('/missing'), size: 5 }, 'slash_upload')).toEqual({
			ok: false,
			reason: 'download_failed'
		});
	});

	test('a NUL character, which Postgres jsonb cannot hold, does not stop an otherwise good file', async () => {
		const outcome = await takeInDiagnostic(database.db, memberId, { url: server.url('/nul.json'), size: 100 }, 'dm_attachment');
		expect(outcome.ok).toBe(true);
	});
});
