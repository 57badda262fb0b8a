import '@sapphire/plugin-i18next/register';
import type {} from '@sapphire/plugin-scheduled-tasks';
import { ApplicationCommandRegistries, container, LogLevel, RegisterBehavior, SapphireClient } from '@sapphire/framework';
import { LoaderStrategy } from '@sapphire/pieces';
import { GatewayIntentBits, Options, Partials, type ClientOptions, type GuildMember, type User } from 'discord.js';
import type { Env } from '../lib/config/env.ts';
import type { Logger } from '../lib/log.ts';
import { outboxQueueName } from '../lib/outbox/queue-name.ts';
import { redisOptionsFromUrl } from '../lib/redis.ts';
import { defaultDataDir, sourceDir } from '../lib/paths.ts';
import { i18nOptions } from './i18n.ts';
import { SapphireLogger } from './logger.ts';

const sapphireLevel = {
	trace: LogLevel.Trace,
	debug: LogLevel.Debug,
	info: LogLevel.Info,
	warn: LogLevel.Warn,
	error: LogLevel.Error,
	fatal: LogLevel.Fatal,
	silent: LogLevel.None
} as const;

/**
 * Sapphire's loaders must import our pieces as ES modules whatever the working directory is: from the TypeScript
 * sources (tsx in development, vitest in tests) they must also pick up `.ts` files (src/ holds no .d.ts files); from
 * the compiled build (dist/, `npm run build`) they load `.js` files, which are ES modules too (package.json
 * "type": "module"). Every store has its own strategy (listeners use a subclass), so each one is set up once the client
 * has registered its stores.
 */
export function loadPiecesFromSources(): void {
	const fromSources = import.meta.url.endsWith('.ts');
	for (const store of container.stores.values()) {
		const strategy = store.strategy;
		if (!(strategy instanceof LoaderStrategy)) continue;
		if (fromSources && !strategy.supportedExtensions.includes('.ts')) strategy.supportedExtensions.push('.ts');
		strategy.clientUsesESModules = true;
	}
}

/**
 * discord.js caches (bench:bot prints them), bounded so memory stays flat however many people the bot meets over
 * months (issue 18; `npm run bench:soak`). Discord sends a bot without the presences intent only itself at start, and
 * discord.js then caches every user and member it meets and never lets them go (users not even when they leave);
 * nothing in the bot reads those caches (staff checks use the member data each interaction carries; `fetch` falls
 * back to the API), so the most recent CACHED_PEOPLE are kept, the bot itself always. Messages are not cached at all:
 * each one held every component, embed and mention of a message nobody reads again, up to 50 in every channel,
 * DMs included. DM channels are bounded by src/bot/dm-channels.ts (no discord.js option reaches them).
 */
export const CACHED_PEOPLE = 200;
const isTheBot = (thing: User | GuildMember) => thing.id === thing.client.user.id;
export const CACHE_LIMITS = {
	MessageManager: 0,
	UserManager: { maxSize: CACHED_PEOPLE, keepOverLimit: isTheBot },
	GuildMemberManager: { maxSize: CACHED_PEOPLE, keepOverLimit: isTheBot },
	ReactionManager: 0,
	ReactionUserManager: 0,
	PresenceManager: 0,
	VoiceStateManager: 0,
	BaseGuildEmojiManager: 0,
	GuildEmojiManager: 0,
	GuildStickerManager: 0,
	GuildScheduledEventManager: 0,
	StageInstanceManager: 0,
	GuildInviteManager: 0,
	GuildBanManager: 0,
	AutoModerationRuleManager: 0
};
/** Threads leave the cache a minute after they are archived (closed tickets and sessions), not 4 hours after. */
export const SWEEPERS = { ...Options.DefaultSweeperSettings, threads: { interval: 60, lifetime: 60 } };
/**
 * discord.js keeps a rate-limit queue per route and major parameter: per channel, and per interaction token for
 * follow-ups and edits, so one per deferred interaction. Idle ones are dropped every minute instead of every hour.
 */
export const REST_HANDLER_SWEEP_MS = 60_000;

/** The gateway intents the bot asks for; Server Members and Message Content are privileged (switched on in the portal). */
export const BOT_INTENTS = [
	GatewayIntentBits.Guilds,
	GatewayIntentBits.GuildMembers,
	GatewayIntentBits.GuildMessages,
	GatewayIntentBits.DirectMessages,
	GatewayIntentBits.MessageContent
] as const;

/** The one options object the bot is built from, in production and in end-to-end tests alike. */
export function clientOptions(env: Env, logger: Logger): ClientOptions {
	const base: Omit<ClientOptions, 'tasks'> = {
		intents: [...BOT_INTENTS],
		partials: [Partials.Channel, Partials.Message, Partials.GuildMember],
		makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, ...CACHE_LIMITS }),
		sweepers: SWEEPERS,
		// Nothing pings unless a message names whom: member-controlled text (names, nicknames, feedback) can hold
		// "<@id>", "<@&role>" or "@everyone". Messages that must ping set `allowedMentions: { users: [...] }` themselves.
		allowedMentions: { parse: [], repliedUser: false },
		rest: {
			version: '10',
			handlerSweepInterval: REST_HANDLER_SWEEP_MS,
			...(env.DISCORD_API_URL ? { api: env.DISCORD_API_URL.replace(/\/$/, '') } : {})
		},
		baseUserDirectory: sourceDir,
		defaultPrefix: '!',
		caseInsensitivePrefixes: true,
		caseInsensitiveCommands: true,
		loadMessageCommandListeners: true,
		// Our own error listeners (src/listeners/errors) route every failure through one pipeline.
		loadDefaultErrorListeners: false,
		logger: { instance: new SapphireLogger(logger), level: sapphireLevel[env.FPSOS_LOG_LEVEL] },
		i18n: i18nOptions(env.DEFAULT_LOCALE)
	};
	// `tasks` is only read when the scheduled-tasks plugin is registered, which start.ts does when REDIS_URL is set.
	if (!env.REDIS_URL) return base as ClientOptions;
	// One queue per database: bots sharing a Redis but not a database never take each other's jobs.
	const queue = outboxQueueName(env.DATABASE_URL, env.FPSOS_DATA_DIR ?? defaultDataDir);
	return {
		...base,
		tasks: { queue, bull: { connection: redisOptionsFromUrl(env.REDIS_URL), defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } } }
	};
}

export function createClient(env: Env, logger: Logger): SapphireClient {
	ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
	const client = new SapphireClient(clientOptions(env, logger));
	loadPiecesFromSources();
	return client;
}
