import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCalendlyRecover } from '../../src/cli/calendly-recover.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { openPglite } from '../../src/lib/data/pglite.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import { memoryIo } from '../support/cli.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/** The CLI opens its own connection: PostgreSQL when available, else an embedded database in a folder on disk. */
const postgres = databaseTargets().find((target) => target.name === 'postgres');
const DAY = 24 * 3_600_000;

describe(`fpsos calendly recover on ${postgres ? 'postgres' : 'pglite'}`, () => {
	const shared = postgres ? useMigratedDatabase(postgres) : undefined;
	let dataDir = '';
	let calendly: CalendlyStandin;
	const env = () => ({
		CALENDLY_API_TOKEN: calendly.token,
		CALENDLY_API_URL: calendly.url,
		...(shared ? { DATABASE_URL: shared.url } : { FPSOS_DATA_DIR: dataDir })
	});

	beforeAll(async () => {
		calendly = await startCalendlyStandin({ pageSize: 1 });
		if (shared) return;
		// The embedded database as a bot that ran once leaves it (PGlite allows one opener: closed before the CLI runs).
		dataDir = await mkdtemp(join(tmpdir(), 'fpsos-recover-'));
		const db = await openPglite(dataDir);
		await migrate(db);
		await db.close();
	});
	afterAll(async () => {
		await calendly?.close();
	});

	test('without --since and without any delivery in the database, it says there is no window to recover', async () => {
		const run = memoryIo();
		expect(await runCalendlyRecover(env(), run.io, {})).toBe(0);
		expect(run.out).toEqual([expect.stringContaining('holds no delivery from Calendly yet')]);
	});

	test('a time that is not ISO 8601 is refused by name', async () => {
		const run = memoryIo();
		expect(await runCalendlyRecover(env(), run.io, { since: 'yesterday' })).toBe(1);
		expect(run.err).toEqual(['--since must be a time in ISO 8601, e.g. 2026-12-05T09:00:00Z: got "yesterday".']);
	});

	test('a window with missed bookings: says what it found, applied and already knew; a second run applies nothing', async () => {
		const now = new Date();
		const since = new Date(now.getTime() - 2 * 3_600_000);
		calendly.book({ bookedAt: new Date(now.getTime() - 90 * 60_000), startsAt: new Date(now.getTime() + 2 * DAY) });
		const canceled = calendly.book({ bookedAt: new Date(now.getTime() - 80 * 60_000), startsAt: new Date(now.getTime() + 3 * DAY) });
		calendly.cancel(canceled.invitee.uri as string, new Date(now.getTime() - 70 * 60_000));
		calendly.book({ bookedAt: new Date(now.getTime() - 5 * DAY), startsAt: new Date(now.getTime() + 1 * DAY) });
		const first = memoryIo();
		expect(await runCalendlyRecover(env(), first.io, { since: since.toISOString(), now })).toBe(0);
		expect(first.out[0]).toMatch(
			/^Calendly from .* \(starting at the window asked for\): 2 invitees booked, canceled or marked as no-show in that window\. 2 applied that the bot had never received \(1 booking, 1 cancellation, 0 no-shows\), 0 already known\.$/
		);
		expect(first.out[1]).toMatch(/A running bot sends what they need now/);
		expect(first.all()).not.toContain(calendly.token);
		const second = memoryIo();
		expect(await runCalendlyRecover(env(), second.io, { since: since.toISOString(), now })).toBe(0);
		expect(second.out).toEqual([expect.stringMatching(/2 invitees .* 0 applied that the bot had never received .*, 2 already known\.$/)]);
	});

	test("a token with the README's scopes recovers; one without scheduled_events:read is told which scope it lacks", async () => {
		const since = new Date(Date.now() - 3_600_000).toISOString();
		for (const [scopes, code, said] of [
			[['users:read', 'webhooks:write', 'scheduled_events:read'], 0, /^Nothing to recover from .*Calendly lists no booking/],
			[['users:read', 'webhooks:write'], 1, /Could not recover .*the token lacks the scope scheduled_events:read/]
		] as const) {
			const scoped = await startCalendlyStandin({ scopes: [...scopes] });
			try {
				const run = memoryIo();
				expect(
					await runCalendlyRecover({ ...env(), CALENDLY_API_TOKEN: scoped.token, CALENDLY_API_URL: scoped.url }, run.io, { since })
				).toBe(code);
				expect(run.all()).toMatch(said);
			} finally {
				await scoped.close();
			}
		}
	});
});
