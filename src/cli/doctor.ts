import { Redis } from 'ioredis';
import { botIdFromToken, describeProblems, discordTokenPattern, parseDatabaseEnv, parseEnv } from '../lib/config/env.ts';
import { openDb } from '../lib/data/db.ts';
import { migrationStatus } from '../lib/data/migrations.ts';
import { transactionPoolerProblem } from '../lib/data/pooler.ts';
import { createCalendlyClient, REQUIRED_SCOPES_TEXT } from '../lib/integrations/calendly-api.ts';
import { redact } from '../lib/log.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { redisOptionsFromUrl } from '../lib/redis.ts';
import { checkDiscordPermissions } from './doctor-discord.ts';
import { consoleIo, type Io } from './output.ts';

type Source = Record<string, string | undefined>;
interface Check {
	name: string;
	ok: boolean;
	detail: string;
}

const reason = (error: unknown) => redact(error instanceof Error ? error.message : String(error));

function checkConfiguration(source: Source): Check {
	const parsed = parseEnv(source);
	return parsed.ok
		? { name: 'Configuration', ok: true, detail: 'every variable is valid' }
		: { name: 'Configuration', ok: false, detail: describeProblems(parsed.problems) };
}

function checkToken(source: Source): Check {
	const token = source.DISCORD_TOKEN?.trim();
	if (!token)
		return { name: 'Discord token', ok: false, detail: 'DISCORD_TOKEN is not set: copy it from the developer portal (Bot > Reset Token).' };
	if (!discordTokenPattern.test(token))
		return { name: 'Discord token', ok: false, detail: 'DISCORD_TOKEN does not have the shape of a bot token (three parts separated by dots).' };
	const botId = botIdFromToken(token);
	return botId
		? { name: 'Discord token', ok: true, detail: `well-formed, for bot user ${botId} (Discord itself is only asked at start)` }
		: {
				name: 'Discord token',
				ok: false,
				detail: 'DISCORD_TOKEN is well-formed but its first part does not name a bot user: it may be truncated.'
			};
}

async function checkDatabase(source: Source): Promise<Check> {
	const parsed = parseDatabaseEnv(source);
	if (!parsed.ok) return { name: 'Database', ok: false, detail: describeProblems(parsed.problems) };
	const label = parsed.env.DATABASE_URL ? `PostgreSQL at ${new URL(parsed.env.DATABASE_URL).host}` : 'embedded database (no DATABASE_URL)';
	const pooler = transactionPoolerProblem(parsed.env.DATABASE_URL);
	if (pooler) return { name: 'Database', ok: false, detail: pooler };
	try {
		const db = await openDb({ databaseUrl: parsed.env.DATABASE_URL, dataDir: parsed.env.FPSOS_DATA_DIR ?? defaultDataDir });
		try {
			const pending = (await migrationStatus(db)).filter((state) => !state.applied).length;
			return pending === 0
				? { name: 'Database', ok: true, detail: `${label}: reachable, schema up to date` }
				: {
						name: 'Database',
						ok: true,
						detail: `${label}: reachable, ${pending} migration(s) pending (the bot applies them at start, or run \`npx fpsos db migrate\`)`
					};
		} finally {
			await db.close();
		}
	} catch (error) {
		return { name: 'Database', ok: false, detail: `${label}: cannot connect (${reason(error)})` };
	}
}

async function checkRedis(source: Source): Promise<Check> {
	const url = source.REDIS_URL?.trim();
	if (!url) return { name: 'Redis', ok: true, detail: 'not configured: scheduled work runs in-process from the database' };
	const redis = new Redis({
		...redisOptionsFromUrl(url),
		lazyConnect: true,
		connectTimeout: 2000,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null
	});
	redis.on('error', () => undefined);
	try {
		await redis.connect();
		await redis.ping();
		const policy = ((await redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[])[1];
		if (policy && policy !== 'noeviction') {
			return {
				name: 'Redis',
				ok: false,
				detail: `reachable, but maxmemory-policy is ${policy}: BullMQ needs noeviction or it can lose reminders`
			};
		}
		return { name: 'Redis', ok: true, detail: 'reachable' };
	} catch (error) {
		return { name: 'Redis', ok: false, detail: `cannot connect to REDIS_URL (${reason(error)})` };
	} finally {
		redis.disconnect();
	}
}

/**
 * With CALENDLY_API_TOKEN: the token works and holds the read scopes the bot uses, asked of Calendly with one cheap
 * request each (`webhooks:write` shows only when `fpsos calendly subscribe` creates the subscription).
 */
async function checkCalendly(source: Source): Promise<Check> {
	const token = source.CALENDLY_API_TOKEN?.trim();
	if (!token)
		return {
			name: 'Calendly',
			ok: true,
			detail: `not configured: CALENDLY_API_TOKEN is a personal access token with the scopes ${REQUIRED_SCOPES_TEXT}`
		};
	const baseUrl = source.CALENDLY_API_URL?.trim();
	const client = createCalendlyClient({ token, ...(baseUrl ? { baseUrl } : {}), timeoutMs: 10_000 });
	const hide = (text: string) => redact(text.split(token).join('[redacted]'));
	const me = await client.getCurrentUser();
	if (!me.ok) return { name: 'Calendly', ok: false, detail: hide(me.reason) };
	const now = new Date();
	const probes = [
		await client.listWebhookSubscriptions({ organization: me.value.organization, user: me.value.uri, scope: 'user' }),
		await client.listScheduledEvents({ user: me.value.uri, minStartTime: now, maxStartTime: new Date(now.getTime() + 60_000) })
	];
	const failed = probes.find((probe) => !probe.ok);
	if (failed && !failed.ok) return { name: 'Calendly', ok: false, detail: hide(failed.reason) };
	return {
		name: 'Calendly',
		ok: true,
		detail: 'the token works and can read the user, webhook subscriptions and scheduled events (users:read, webhooks:read, scheduled_events:read); webhooks:write is checked by `npx fpsos calendly subscribe`'
	};
}

/** Prints one line per check in plain words; exit 0 when all pass. */
export async function runDoctor(source: Source, io: Io = consoleIo): Promise<number> {
	const checks = [
		checkConfiguration(source),
		checkToken(source),
		await checkDatabase(source),
		await checkRedis(source),
		await checkCalendly(source),
		await checkDiscordPermissions(source)
	];
	for (const check of checks) io.out(`${check.ok ? 'ok     ' : 'PROBLEM'}  ${check.name}: ${check.detail}`);
	const problems = checks.filter((check) => !check.ok).length;
	io.out(problems === 0 ? 'All checks passed.' : `${problems} problem(s) found.`);
	return problems === 0 ? 0 : 1;
}
