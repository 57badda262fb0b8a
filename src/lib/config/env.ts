import { z } from 'zod';

/**
 * The bot's whole environment, validated once at start. Empty strings count as unset, so a blank line in `.env`
 * never turns into a silent empty secret. Every variable is documented in `.env.example`.
 */

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');
/** A number of hours, fractions allowed, above 0 and at most 30 days. */
const hours = z
	.string()
	.regex(/^\d+(\.\d+)?$/, 'must be a number of hours, e.g. 24 or 0.5')
	.transform(Number)
	.pipe(z.number().positive('must be above 0').max(720, 'must be at most 720 (30 days)'));

const snowflakeList = z
	.string()
	.transform((value) =>
		value
			.split(',')
			.map((part) => part.trim())
			.filter(Boolean)
	)
	.pipe(z.array(snowflake));
const url = (protocols: readonly string[]) =>
	z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
		message: `must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`
	});
const port = z.coerce.number().int().min(0).max(65_535);
const wholeNumber = (example: string, min: number, max: number, ms = false) =>
	z
		.string()
		.regex(/^\d+$/, `must be a whole number${ms ? ' of milliseconds' : ''}, e.g. ${example}`)
		.transform(Number)
		.pipe(
			z
				.number()
				.min(min, `must be at least ${min}${ms ? ' ms' : ''}`)
				.max(max, `must be at most ${max}${ms ? ' ms' : ''}`)
		);

/** Discord bot tokens are three base64url segments separated by dots; the first decodes to the bot's user id. */
export const discordTokenPattern = /^[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}$/;

export const LOCALES = ['en-US', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const fields = z.object({
	DISCORD_TOKEN: z.string({ error: 'is missing' }).regex(discordTokenPattern, 'does not look like a Discord bot token'),
	DISCORD_API_URL: url(['https:', 'http:']).optional(),
	DISCORD_GUILD_ID: snowflake.optional(),
	DISCORD_STAFF_ROLE_ID: snowflake.optional(),
	DISCORD_WELCOME_CHANNEL_ID: snowflake.optional(),
	DISCORD_STAFF_CHANNEL_ID: snowflake.optional(),
	DISCORD_SESSIONS_CHANNEL_ID: snowflake.optional(),
	DISCORD_TESTIMONIALS_CHANNEL_ID: snowflake.optional(),
	DISCORD_SUPPORT_CHANNEL_ID: snowflake.optional(),
	DISCORD_VOICE_CHANNEL_ID: snowflake.optional(),
	DISCORD_ALERT_CHANNEL_ID: snowflake.optional(),
	DISCORD_CHAT_CHANNEL_IDS: snowflakeList.optional(),
	TICKET_NUDGE_HOURS: hours.default(24),
	TICKET_AUTOCLOSE_HOURS: hours.default(24),
	DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
	DATABASE_CONNECT_TIMEOUT_MS: wholeNumber('5000', 100, 120_000, true).default(5000),
	DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber('2000', 100, 600_000, true).default(2000),
	DATABASE_POOL_MAX: wholeNumber('10', 1, 100).default(10),
	FPSOS_DATA_DIR: z.string().optional(),
	REDIS_URL: url(['redis:', 'rediss:']).optional(),
	SUPABASE_URL: url(['https:', 'http:']).optional(),
	SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, 'is too short to be a Supabase key').optional(),
	SUPABASE_SECRET_KEY: z
		.string()
		.regex(/^sb_secret_[\w-]{16,}$/, 'must be a Supabase secret key (sb_secret_...)')
		.optional(),
	CALENDLY_API_TOKEN: z.string().min(20, 'is too short to be a Calendly token').optional(),
	CALENDLY_WEBHOOK_SIGNING_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
	CALENDLY_WEBHOOK_URL: url(['https:', 'http:']).optional(),
	CALENDLY_API_URL: url(['https:', 'http:']).optional(),
	CALENDLY_URL_QUICK: url(['https:']).optional(),
	CALENDLY_URL_FULL: url(['https:']).optional(),
	CALENDLY_URL_EXTREME: url(['https:']).optional(),
	CALENDLY_URL_REOPTIMIZE: url(['https:']).optional(),
	CALENDLY_RAW_BODY_RETENTION_DAYS: z
		.string()
		.regex(/^\d+$/, 'must be a whole number of days, e.g. 30')
		.transform(Number)
		.pipe(z.number().min(1, 'must be at least 1').max(3650, 'must be at most 3650 (10 years)'))
		.default(30),
	HTTP_HOST: z.string().default('127.0.0.1'),
	HTTP_PORT: port.default(8080),
	DEFAULT_LOCALE: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).default('en-US'),
	FPSOS_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
	SENTRY_DSN: url(['https:', 'http:']).optional()
});

const schema = fields.superRefine((env, ctx) => {
	const key = env.SUPABASE_SECRET_KEY ?? env.SUPABASE_SERVICE_ROLE_KEY;
	if (Boolean(env.SUPABASE_URL) !== Boolean(key)) {
		if (env.SUPABASE_URL)
			ctx.addIssue({
				code: 'custom',
				path: ['SUPABASE_SECRET_KEY'],
				message: '(or the legacy SUPABASE_SERVICE_ROLE_KEY) is needed when SUPABASE_URL is set'
			});
		else ctx.addIssue({ code: 'custom', path: ['SUPABASE_URL'], message: 'is needed when a Supabase key is set' });
	}
});

/** The key the bot gives Supabase Realtime: the new secret key (sb_secret_...) first, else the legacy service-role key. */
export function supabaseServerKey(env: Pick<Env, 'SUPABASE_SECRET_KEY' | 'SUPABASE_SERVICE_ROLE_KEY'>): string | undefined {
	return env.SUPABASE_SECRET_KEY ?? env.SUPABASE_SERVICE_ROLE_KEY;
}

/** What the database commands need: no Discord token required. */
const databaseSchema = fields.pick({
	DATABASE_URL: true,
	DATABASE_CONNECT_TIMEOUT_MS: true,
	DATABASE_STATEMENT_TIMEOUT_MS: true,
	DATABASE_POOL_MAX: true,
	FPSOS_DATA_DIR: true,
	FPSOS_LOG_LEVEL: true
});

export type Env = z.output<typeof schema>;
export type DatabaseEnv = z.output<typeof databaseSchema>;

export type Parsed<T> = { ok: true; env: T } | { ok: false; problems: string[] };
export type EnvResult = Parsed<Env>;

function clean(source: Record<string, string | undefined>): Record<string, string> {
	const cleaned: Record<string, string> = {};
	for (const [key, value] of Object.entries(source)) {
		if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
	}
	return cleaned;
}

function parseWith<T>(target: z.ZodType<T>, source: Record<string, string | undefined>): Parsed<T> {
	const result = target.safeParse(clean(source));
	if (result.success) return { ok: true, env: result.data };
	const problems = result.error.issues.map((issue) => {
		const name = issue.path.join('.') || 'environment';
		const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
		return `${name} ${message}`;
	});
	return { ok: false, problems: [...new Set(problems)] };
}

/** Validates an environment; never throws. Problems name each variable and say what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
	return parseWith(schema, source);
}

export function parseDatabaseEnv(source: Record<string, string | undefined>): Parsed<DatabaseEnv> {
	return parseWith(databaseSchema, source);
}

/** The one readable line printed when the environment is wrong. */
export function describeProblems(problems: readonly string[]): string {
	return `Configuration problem: ${problems.join('; ')}. See .env.example.`;
}

/** The bot user id encoded in a token's first segment, or null when it does not decode to one. */
export function botIdFromToken(token: string): string | null {
	const first = token.split('.')[0] ?? '';
	const decoded = Buffer.from(first, 'base64url').toString('utf8');
	return /^\d{17,20}$/.test(decoded) ? decoded : null;
}
