import { describeProblems, parseDatabaseEnv } from '../lib/config/env.ts';
import { openDb } from '../lib/data/db.ts';
import { createCalendlyClient } from '../lib/integrations/calendly-api.ts';
import { describeRecovery, recoverMissedDeliveries, recoveryWindow } from '../lib/integrations/calendly/recover.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { parse, scrubbed, statusSchema } from './calendly.ts';
import { consoleIo, type Io } from './output.ts';

/**
 * `fpsos calendly recover [--since <iso>] [--until <iso>]`: applies the bookings, cancellations and no-shows Calendly
 * never delivered (src/lib/integrations/calendly/recover.ts). Without --since, from where the database last knew of
 * Calendly. Says what it found, applied and already knew; exit 1 when Calendly could not be listed or an invitee could
 * not be applied.
 */
export interface RecoverOptions {
	since?: string;
	until?: string;
	now?: Date;
}

function instant(value: string | undefined, name: string): Date | undefined | string {
	if (value === undefined) return undefined;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? `${name} must be a time in ISO 8601, e.g. 2026-12-05T09:00:00Z: got "${value}".` : new Date(parsed);
}

export async function runCalendlyRecover(
	source: Record<string, string | undefined>,
	io: Io = consoleIo,
	options: RecoverOptions = {}
): Promise<number> {
	const calendly = parse(statusSchema, source);
	const database = parseDatabaseEnv(source);
	const problems = [...(calendly.ok ? [] : calendly.problems), ...(database.ok ? [] : database.problems)];
	if (!calendly.ok || !database.ok) {
		io.err(describeProblems(problems));
		return 1;
	}
	const safe = scrubbed(io, [calendly.env.CALENDLY_API_TOKEN]);
	const since = instant(options.since, '--since');
	const until = instant(options.until, '--until');
	for (const value of [since, until]) {
		if (typeof value === 'string') {
			safe.err(value);
			return 1;
		}
	}
	const now = options.now ?? new Date();
	const db = await openDb({ databaseUrl: database.env.DATABASE_URL, dataDir: database.env.FPSOS_DATA_DIR ?? defaultDataDir });
	try {
		const window = await recoveryWindow(db, now, { since: since as Date | undefined, until: until as Date | undefined });
		if (!window.ok) {
			safe.out(window.reason);
			return window.reason.startsWith('--since') ? 1 : 0;
		}
		const client = createCalendlyClient({ token: calendly.env.CALENDLY_API_TOKEN, baseUrl: calendly.env.CALENDLY_API_URL });
		const result = await recoverMissedDeliveries(client, db, window, { now, trigger: 'command' });
		if (!result.ok) {
			safe.err(`Could not recover from ${window.since.toISOString()} to ${window.until.toISOString()}: ${result.reason}`);
			return 1;
		}
		safe.out(describeRecovery(result.report));
		if (result.report.applied > 0)
			safe.out('A running bot sends what they need now (confirmations, cancellations, staff cards), as for any delivery.');
		return result.report.failed > 0 ? 1 : 0;
	} finally {
		await db.close();
	}
}
