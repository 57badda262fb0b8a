import '@sapphire/plugin-i18next/register';
import type {} from '@sapphire/plugin-scheduled-tasks';
import { ApplicationCommandRegistries, container, LogLevel, RegisterBehavior, SapphireClient } from '@sapphire/framework';
import { LoaderStrategy } from '@sapphire/pieces';
import { GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Env } from '../lib/config/env.ts';
import type { Logger } from '../lib/log.ts';
import { outboxQueueName } from '../lib/outbox/queue-name.ts';
import { redisOptionsFromUrl } from '../lib/redis.ts';
import { defaultDataDir, sourceDir } from '../lib/paths.ts';
import { i18nOptions } from './i18n.ts';
import { SapphireLogger } from './logger.ts';

const sapphireLevel = { trace: LogLevel.Trace, debug: LogLevel.Debug, info: LogLevel.Info, warn: LogLevel.Warn, error: LogLevel.Error, fatal: LogLevel.Fatal, silent: LogLevel.None } as const;

/**
 * When the bot runs from its TypeScript sources (tsx in production, vitest in tests), Sapphire's loaders must pick up
 * `.ts` pieces as ES modules whatever the working directory is (src/ holds no .d.ts files). Every store has its own
 * strategy (listeners use a subclass), so each one is set up once the client has registered its stores.
 */
function loadPiecesFromSources(): void {
	if (!import.meta.url.endsWith('.ts')) return;
	for (const store of container.stores.values()) {
		const strategy = store.strategy;
		if (!(strategy instanceof LoaderStrategy)) continue;
		if (!strategy.supportedExtensions.includes('.ts')) strategy.supportedExtensions.push('.ts');
		strategy.clientUsesESModules = true;
	}
}

/** The one options object the bot is built from, in production and in end-to-end tests alike. */
export function clientOptions(env: Env, logger: Logger): ClientOptions {
	const base: Omit<ClientOptions, 'tasks'> = {
		intents: [
			GatewayIntentBits.Guilds,
			GatewayIntentBits.GuildMembers,
			GatewayIntentBits.GuildMessages,
			GatewayIntentBits.DirectMessages,
			GatewayIntentBits.MessageContent
		],
		partials: [Partials.Channel, Partials.Message, Partials.GuildMember],
		allowedMentions: { parse: ['users'], repliedUser: false },
		rest: env.DISCORD_API_URL ? { api: env.DISCORD_API_URL.replace(/\/$/, ''), version: '10' } : { version: '10' },
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
	return { ...base, tasks: { queue, bull: { connection: redisOptionsFromUrl(env.REDIS_URL), defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } } } };
}

export function createClient(env: Env, logger: Logger): SapphireClient {
	ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
	// Guild commands update instantly; global ones take up to an hour to reach every server.
	ApplicationCommandRegistries.setDefaultGuildIds(env.DISCORD_GUILD_ID ? [env.DISCORD_GUILD_ID] : undefined);
	const client = new SapphireClient(clientOptions(env, logger));
	loadPiecesFromSources();
	return client;
}
