import { existsSync, readdirSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { describe, expect, test } from 'vitest';

/*
 * tests/ mirrors src/ (README, "Tests"): the unit test of src/x/y.ts is tests/x/y.test.ts, and the database suite of
 * src/lib/data/x.ts is tests/db/x.test.ts (tests/db runs each suite on both databases). Every other src file is listed
 * below, with the test that covers it or why it has none of its own. A new src file needs one of the three; a file
 * that gains its mirrored test, moves or goes leaves the lists.
 */

/** Tested under another name: one test covers several modules, or the module needs a database or Redis. */
const TESTED_BY: Record<string, string> = {
	// Parts of one command or one public function, tested through it.
	'src/cli/capabilities/inventory.ts': 'tests/cli/capabilities/command.test.ts',
	'src/cli/capabilities/render.ts': 'tests/cli/capabilities/command.test.ts',
	'src/cli/gateway-problems.ts': 'tests/cli/start-refused.test.ts',
	'src/lib/diagnostics/coerce.ts': 'tests/lib/diagnostics/parse.test.ts',
	'src/lib/diagnostics/schema.ts': 'tests/lib/diagnostics/parse.test.ts',
	'src/lib/diagnostics/depth.ts': 'tests/lib/diagnostics/refusal.test.ts',
	'src/lib/diagnostics/windows-1252.ts': 'tests/lib/diagnostics/decode.test.ts',
	'src/lib/integrations/calendly/schemas.ts': 'tests/lib/integrations/calendly-api.test.ts',
	'src/lib/ops/start-history.ts': 'tests/lib/ops/login-guard.test.ts',
	// src/lib/data modules whose statements a suite named after its subject runs.
	'src/lib/data/alerts.ts': 'tests/db/member-data.test.ts',
	'src/lib/data/booking-links.ts': 'tests/db/referrals.test.ts',
	'src/lib/data/credits.ts': 'tests/db/referrals.test.ts',
	'src/lib/data/member-history.ts': 'tests/db/staff-tools.test.ts',
	'src/lib/data/stats-queries.ts': 'tests/db/stats.test.ts',
	'src/lib/data/pglite.ts': 'tests/cli/db.test.ts',
	'src/lib/data/postgres.ts': 'tests/db/outbox.test.ts',
	// Modules outside src/lib/data that need a database (tests/db) or Redis (tests/integration).
	'src/bot/features/calendly/health.flow.ts': 'tests/db/calendly-health.test.ts',
	'src/bot/features/calendly/webhook-retention.flow.ts': 'tests/db/webhook-retention.test.ts',
	'src/lib/funnel/diagnostic-intake.ts': 'tests/db/diagnostic-intake.test.ts',
	'src/lib/integrations/calendly/assess.ts': 'tests/db/calendly-health.test.ts',
	'src/lib/integrations/calendly/recover.ts': 'tests/db/calendly-recovery.test.ts',
	'src/lib/outbox/admin.ts': 'tests/db/failure-alert.test.ts',
	'src/lib/outbox/channel.ts': 'tests/db/notifications.test.ts',
	'src/lib/outbox/outcome.ts': 'tests/db/outbox.test.ts',
	'src/lib/outbox/runner.ts': 'tests/db/outbox.test.ts',
	'src/lib/outbox/timing/in-process.ts': 'tests/db/outbox.test.ts',
	'src/lib/outbox/queue.ts': 'tests/db/outbox-queue.test.ts',
	'src/lib/outbox/timing/job-queue.ts': 'tests/db/outbox-queue.test.ts',
	'src/lib/outbox/bull-scheduler.ts': 'tests/integration/outbox-bullmq.test.ts',
	'src/lib/redis.ts': 'tests/integration/outbox-bullmq.test.ts'
};

/**
 * Sapphire pieces and the bot code they call, which runs only inside a logged-in client: tested by driving the
 * production bot on the fake Discord (tests/e2e, one file per journey), asserting what members see and what the
 * database holds. Their pure renderers have mirrored tests (tests/bot/features/<feature>/render.test.ts).
 */
const END_TO_END = [
	// Pieces: commands, interaction handlers, listeners, preconditions, scheduled tasks.
	'src/commands/book.ts',
	'src/commands/booking.ts',
	'src/commands/credits.ts',
	'src/commands/diagnostic.ts',
	'src/commands/fpsos.ts',
	'src/commands/language.ts',
	'src/commands/member.ts',
	'src/commands/mydata.ts',
	'src/commands/packages.ts',
	'src/commands/ping.ts',
	'src/commands/referral.ts',
	'src/commands/session.ts',
	'src/commands/stats.ts',
	'src/commands/support-panel.ts',
	'src/commands/support.ts',
	'src/interaction-handlers/checklist-buttons.ts',
	'src/interaction-handlers/claim-buttons.ts',
	'src/interaction-handlers/diagnostic-buttons.ts',
	'src/interaction-handlers/follow-up-buttons.ts',
	'src/interaction-handlers/language-button.ts',
	'src/interaction-handlers/mydata-delete-button.ts',
	'src/interaction-handlers/package-buttons.ts',
	'src/interaction-handlers/quick-assessment-modal.ts',
	'src/interaction-handlers/session-buttons.ts',
	'src/interaction-handlers/support-buttons.ts',
	'src/interaction-handlers/support-modal.ts',
	'src/interaction-handlers/support-topic.ts',
	'src/interaction-handlers/testimonial-modal.ts',
	'src/interaction-handlers/testimonial-reject-modal.ts',
	'src/interaction-handlers/testimonial-review-buttons.ts',
	'src/interaction-handlers/ticket-buttons.ts',
	'src/interaction-handlers/ticket-close-modal.ts',
	'src/listeners/clientReady.ts',
	'src/listeners/dmChannelCache.ts',
	'src/listeners/errors/chatInputCommandDenied.ts',
	'src/listeners/errors/chatInputCommandError.ts',
	'src/listeners/errors/error.ts',
	'src/listeners/errors/interactionHandlerError.ts',
	'src/listeners/errors/interactionHandlerParseError.ts',
	'src/listeners/errors/listenerError.ts',
	'src/listeners/errors/messageCommandDenied.ts',
	'src/listeners/errors/messageCommandError.ts',
	'src/listeners/guildCreate.ts',
	'src/listeners/guildDelete.ts',
	'src/listeners/guildMemberAdd.ts',
	'src/listeners/guildMemberRemove.ts',
	'src/listeners/guildMemberUpdate.ts',
	'src/listeners/messageCreate.ts',
	'src/listeners/shardReady.ts',
	'src/listeners/ticketMessages.ts',
	'src/preconditions/StaffOnly.ts',
	'src/preconditions/StaffSubcommands.ts',
	'src/scheduled-tasks/deliver-notification.ts',
	'src/scheduled-tasks/reconcile-notifications.ts',
	'src/scheduled-tasks/scrub-webhook-bodies.ts',
	// Feature flows and senders (tests/bot/features-layout.test.ts checks their layout).
	'src/bot/features/booking/booking-link.flow.ts',
	'src/bot/features/booking/booking-tools.flow.ts',
	'src/bot/features/booking/senders.ts',
	'src/bot/features/booking/session.flow.ts',
	'src/bot/features/captures/flow.ts',
	'src/bot/features/chat/flow.ts',
	'src/bot/features/departures/flow.ts',
	'src/bot/features/departures/senders.ts',
	'src/bot/features/diagnostics/flow.ts',
	'src/bot/features/diagnostics/tool-script.flow.ts',
	'src/bot/features/referrals/flow.ts',
	'src/bot/features/testimonials/senders.ts',
	'src/bot/features/tickets/flow.ts',
	'src/bot/features/tickets/senders.ts',
	'src/bot/features/welcome/flow.ts',
	'src/bot/features/welcome/missed-joins.flow.ts',
	// Bot wiring and Discord-side helpers.
	'src/bot/channels.ts',
	'src/bot/client.ts',
	'src/bot/command-scope.ts',
	'src/bot/dm-channels.ts',
	'src/bot/errors.ts',
	'src/bot/gateway-refusal.ts',
	'src/bot/handlers.ts',
	'src/bot/logger.ts',
	'src/bot/member-language.ts',
	'src/bot/member-reach.ts',
	'src/bot/members.ts',
	'src/bot/outbox/member-channel.ts',
	'src/bot/outbox/nonce.ts',
	'src/bot/permission-check.ts',
	'src/bot/replies.ts',
	'src/bot/served-guild.ts',
	'src/bot/slash-command.ts',
	'src/bot/staff-roster.ts',
	'src/bot/staff.ts',
	'src/bot/start.ts',
	'src/lib/outbox/task-worker.ts',
	// Statements only the flows above run (recording a diagnostic, a follow-up answer), and the capture intake.
	'src/lib/data/diagnostics.ts',
	'src/lib/data/follow-ups.ts',
	'src/lib/funnel/capture-intake.ts'
];

/** Types, constants and re-exports: nothing to run on their own; the modules that use them are tested. */
const DECLARATIONS = [
	'src/bot/augments.ts',
	'src/cli/output.ts',
	'src/lib/diagnostics/findings.ts',
	'src/lib/diagnostics/index.ts',
	'src/lib/diagnostics/limits.ts',
	'src/lib/frametimes/index.ts',
	'src/lib/frametimes/limits.ts',
	'src/lib/outbox/timing/timing.ts',
	'src/lib/paths.ts'
];

/** Thin wiring: argument dispatch whose every command has its own test (tests/cli/<command>.test.ts). */
const WIRING = ['src/cli/index.ts'];

/** Test files at a src-looking path that test src/x/y.ts in one situation: tests/x/y-<situation>.test.ts. */
const SITUATIONS: Record<string, string> = {
	'tests/cli/calendly-subscribe-refused.test.ts': 'src/cli/calendly.ts',
	'tests/cli/db-lint.test.ts': 'src/cli/db.ts',
	'tests/cli/start-backoff.test.ts': 'src/cli/start.ts',
	'tests/cli/start-refused.test.ts': 'src/cli/start.ts'
};

/** Checks across many files (no single module is their subject). */
const CROSS_CUTTING = [
	'tests/bot/features-layout.test.ts',
	'tests/lib/locale-keys-used.test.ts',
	'tests/lib/locales.test.ts',
	'tests/lib/outbox/one-way-in.test.ts',
	'tests/lib/sql-in-data-only.test.ts',
	'tests/mirrors.test.ts'
];

/** Database suites of the schema itself (migrations, constraints, RLS, SQL functions), not of one src/lib/data module. */
const SCHEMA_SUITES = [
	'tests/db/calendly-apply.test.ts',
	'tests/db/calendly-delivery-record.test.ts',
	'tests/db/calendly-health-recovery.test.ts',
	'tests/db/constraints.test.ts',
	'tests/db/migration-baseline.test.ts',
	'tests/db/migration-functions.test.ts',
	'tests/db/notification-kinds.test.ts',
	'tests/db/realtime-publication.test.ts',
	'tests/db/reminder-offsets.test.ts',
	'tests/db/rls.test.ts',
	'tests/db/tight-and-fast.test.ts',
	'tests/db/unproven-bookings-migration.test.ts'
];

/** Folders named by journey, drill or target rather than by module. */
const NOT_MIRRORED = ['tests/e2e/', 'tests/drills/', 'tests/integration/', 'tests/deploy/', 'tests/support/', 'tests/functions/', 'tests/tools/'];

const root = new URL('..', import.meta.url);
/** The files under a folder, as paths from the project root. */
const filesUnder = (folder: string) =>
	readdirSync(new URL(folder, root), { recursive: true, encoding: 'utf8' }).map((path) => `${folder}/${path.split(sep).join('/')}`);
const sources = filesUnder('src').filter((path) => path.endsWith('.ts'));
const tests = filesUnder('tests').filter((path) => path.endsWith('.test.ts'));
const has = (path: string) => existsSync(new URL(path, root));
const mirrored = (source: string) => `tests/${source.slice('src/'.length, -'.ts'.length)}.test.ts`;
const databaseSuite = (source: string) => (source.startsWith('src/lib/data/') ? `tests/db/${basename(source, '.ts')}.test.ts` : undefined);
const hasOwnTest = (source: string) => has(mirrored(source)) || (databaseSuite(source) !== undefined && has(databaseSuite(source)!));
const listed = [...Object.keys(TESTED_BY), ...END_TO_END, ...DECLARATIONS, ...WIRING];

describe('tests/ mirrors src/', () => {
	test('every src file has its test at the mirrored path (src/lib/data: tests/db/<name>) or is listed with its reason', () => {
		const unaccounted = sources.filter((source) => !hasOwnTest(source) && !listed.includes(source));
		expect(unaccounted, 'add tests/<path>.test.ts, or list the file in tests/mirrors.test.ts with its reason').toEqual([]);
	});

	test('the lists hold only src files that exist and have no test of their own, each once', () => {
		expect(listed.filter((source) => !sources.includes(source))).toEqual([]);
		expect(listed.filter((source) => hasOwnTest(source))).toEqual([]);
		expect(listed.filter((source, i) => listed.indexOf(source) !== i)).toEqual([]);
	});

	test('each test named for a module elsewhere exists', () => {
		expect(Object.values(TESTED_BY).filter((test) => !has(test))).toEqual([]);
	});

	test('no test at a src-looking path has lost its src file', () => {
		const orphans = tests.filter((test) => {
			if (NOT_MIRRORED.some((folder) => test.startsWith(folder))) return false;
			if (CROSS_CUTTING.includes(test)) return false;
			if (test in SITUATIONS) return !sources.includes(SITUATIONS[test]!);
			if (test.startsWith('tests/db/')) {
				const subjects = Object.keys(TESTED_BY).filter((source) => TESTED_BY[source] === test);
				if (SCHEMA_SUITES.includes(test) || subjects.length > 0) return false;
				return !sources.includes(`src/lib/data/${basename(test, '.test.ts')}.ts`);
			}
			return !sources.includes(`src/${test.slice('tests/'.length, -'.test.ts'.length)}.ts`);
		});
		expect(orphans, 'rename the test to its module, or list it in tests/mirrors.test.ts').toEqual([]);
	});

	test('the listed extra tests and checks exist', () => {
		expect([...Object.keys(SITUATIONS), ...CROSS_CUTTING, ...SCHEMA_SUITES].filter((test) => !tests.includes(test))).toEqual([]);
	});
});
