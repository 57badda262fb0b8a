import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { runAnalyze } from './analyze.ts';
import { runCalendlyRecover } from './calendly-recover.ts';
import { runCalendlyStatus, runCalendlySubscribe } from './calendly.ts';
import { runCapabilities } from './capabilities/command.ts';
import { runDbLint, runDbMigrate, runDbStatus } from './db.ts';
import { runDoctor } from './doctor.ts';
import { runFrametimes } from './frametimes.ts';
import { runNotificationsList, runNotificationsRetry } from './notifications.ts';
import { consoleIo } from './output.ts';
import { runStart } from './start.ts';

/** `fpsos`: the bot and its tools for staff and scripts. Every action sets process.exitCode; nothing calls exit. */
if (existsSync('.env')) process.loadEnvFile('.env');

const program = new Command('fpsos')
	.description('FPSOS Bot: the Discord front desk of FPSOS remote PC tuning')
	.showHelpAfterError()
	.configureOutput({ outputError: (text, write) => write(text) });

program
	.command('start')
	.description('run the bot (needs DISCORD_TOKEN; uses the embedded database unless DATABASE_URL is set)')
	.action(async () => {
		process.exitCode = await runStart(process.env);
	});

const db = program.command('db').description('database schema (DATABASE_URL, or the embedded database)');
db.command('migrate')
	.description('apply pending migrations from supabase/migrations')
	.action(async () => {
		process.exitCode = await runDbMigrate(process.env);
	});
db.command('status')
	.description('list migrations and whether each is applied')
	.action(async () => {
		process.exitCode = await runDbStatus(process.env);
	});
db.command('lint')
	.description(
		'check the schema keeps its security rules (RLS on every table, no view or SECURITY DEFINER function that bypasses it, fixed search_path); exit 1 on a finding'
	)
	.option('--json', 'one JSON object: findings and pending migrations')
	.action(async (options: { json?: boolean }) => {
		process.exitCode = await runDbLint(process.env, consoleIo, { json: options.json === true });
	});

const calendly = program.command('calendly').description('the Calendly webhook subscription that feeds bookings to the bot (CALENDLY_API_TOKEN)');
calendly
	.command('subscribe')
	.description(
		'subscribe a webhook URL to the invitee and no-show events, signed with CALENDLY_WEBHOOK_SIGNING_KEY; replaces a disabled, incomplete or other-scope subscription for the same URL, or one whose deliveries the bot refused for their signature (the token needs the scopes users:read, webhooks:write and scheduled_events:read)'
	)
	.requiredOption('--url <url>', 'the webhook endpoint Calendly delivers to')
	.addOption(
		new Option('--scope <scope>', "whose bookings: the token's user or the whole organization").choices(['user', 'organization']).default('user')
	)
	.option(
		'--rotate',
		'recreate the subscription even when it is healthy, so that it signs with the current CALENDLY_WEBHOOK_SIGNING_KEY (Calendly fixes the key at creation)'
	)
	.action(async (options: { url: string; scope: 'user' | 'organization'; rotate?: boolean }) => {
		process.exitCode = await runCalendlySubscribe(process.env, consoleIo, options);
	});
calendly
	.command('status')
	.description('list webhook subscriptions and say whether deliveries are healthy (exit 1 when missing, disabled or retrying)')
	.option('--url <url>', 'the webhook endpoint to check (default: the Supabase Edge Function when SUPABASE_URL is set, or the only subscribed URL)')
	.action(async (options: { url?: string }) => {
		process.exitCode = await runCalendlyStatus(process.env, consoleIo, options);
	});
calendly
	.command('recover')
	.description(
		'apply the bookings, cancellations and no-shows Calendly never delivered (after a disabled subscription or refused deliveries), through the same code as a delivery; safe to run again (needs scheduled_events:read and the database)'
	)
	.option(
		'--since <iso>',
		'start of the window (default: where the database last knew of Calendly: the last delivery, or the first failure since the last recovery)'
	)
	.option('--until <iso>', 'end of the window (default: now)')
	.action(async (options: { since?: string; until?: string }) => {
		process.exitCode = await runCalendlyRecover(process.env, consoleIo, options);
	});

const notifications = program.command('notifications').description('the outbox of messages the bot must send (reminders, confirmations, follow-ups)');
notifications
	.command('list')
	.description('show failed and stuck notifications (or --status pending|failed|all)')
	.addOption(new Option('--status <status>', 'which notifications').choices(['problems', 'pending', 'failed', 'all']).default('problems'))
	.option('--limit <n>', 'how many at most', (value) => Number.parseInt(value, 10), 50)
	.action(async (options: { status: 'problems' | 'pending' | 'failed' | 'all'; limit: number }) => {
		process.exitCode = await runNotificationsList(process.env, consoleIo, { filter: options.status, limit: options.limit });
	});
notifications
	.command('retry')
	.description('queue a failed notification again (by id, or --failed for all)')
	.argument('[id]', 'the notification id from `fpsos notifications list`')
	.option('--failed', 'every failed notification')
	.action(async (id: string | undefined, options: { failed?: boolean }) => {
		process.exitCode = await runNotificationsRetry(process.env, consoleIo, { ...(id ? { id } : {}), allFailed: options.failed === true });
	});

program
	.command('analyze')
	.description('analyse a fpsos-diagnostic.json file with the same rules as the bot (exit 2 when the file cannot be accepted)')
	.argument('<file>', 'the diagnostic file')
	.option('--json', 'print one JSON object: recommendation, counts and findings')
	.action(async (file: string, options: { json?: boolean }) => {
		process.exitCode = await runAnalyze(file, { json: options.json === true }, { stdout: consoleIo.out, stderr: consoleIo.err });
	});

program
	.command('frametimes')
	.description(
		'read a frame-time capture (PresentMon, OCAT or CapFrameX CSV) as the bot does: average FPS, 1% and 0.1% lows, stutters (exit 2 when the file is not a capture)'
	)
	.argument('<file>', 'the capture CSV')
	.option('--json', 'print one JSON object: format, application, frames, duration_s, avg_fps, p1_fps, p01_fps, stutters')
	.action(async (file: string, options: { json?: boolean }) => {
		process.exitCode = await runFrametimes(file, { json: options.json === true }, consoleIo);
	});

program
	.command('capabilities')
	.description('list every command, listener, button/modal handler and scheduled task the bot loads (read from its stores)')
	.option('--json', 'one JSON object')
	.option('--markdown', "the README's command table")
	.option('--update-readme', "rewrite the README's command table between its markers")
	.action(async (options: { json?: boolean; markdown?: boolean; updateReadme?: boolean }) => {
		process.exitCode = await runCapabilities(options);
	});

program
	.command('doctor')
	.description(
		"check configuration, database, Redis, the Discord token and intents, the bot's permissions in each configured channel and Calendly, and say what is wrong"
	)
	.action(async () => {
		process.exitCode = await runDoctor(process.env);
	});

await program.parseAsync();
