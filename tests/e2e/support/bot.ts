import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';
import { afterAll, beforeAll } from 'vitest';
import { startBot, type RunningBot } from '../../../src/bot/start.ts';
import { parseEnv, type Env } from '../../../src/lib/config/env.ts';
import type { Logger } from '../../../src/lib/log.ts';
import { createScratchDatabase } from '../../support/databases.ts';
import { useFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../support/fake-discord/index.ts';
import { postgresUrl, redisUrl } from '../../support/services.ts';
import { guildEnv } from './guild-env.ts';
import { e2eDiscord } from './network.ts';

// Sapphire loads pieces with Node's own import(), which vitest does not transform: register tsx as bin/fpsos.mjs
// does in production, so the pieces load from the TypeScript sources exactly as they do there.
register();

export interface BotContext {
	readonly fake: FakeDiscord;
	readonly bot: RunningBot;
	/**
	 * Stops the bot (its gateway session ends), runs `whileOffline`, and starts it again on the same database, as a
	 * deploy or a crash would. Needs `useBot({ restartable: true })` without a PostgreSQL (the embedded database then
	 * lives in a temporary folder instead of memory).
	 */
	restart(whileOffline?: (fake: FakeDiscord) => void | Promise<void>): Promise<void>;
}

export interface UseBotOptions {
	/** Extra environment for the bot, given the fake (channel ids and so on). */
	env?: (fake: FakeDiscord) => Record<string, string>;
	/** Where the bot logs (default: its own JSON logger at FPSOS_LOG_LEVEL, silent in tests). */
	logger?: Logger;
	/** Options of the fake Discord (e.g. `guildCreateMembers`). */
	fake?: FakeDiscordOptions;
	/** Prepares the fake Discord before the bot logs in (e.g. `fake.addGuild()`: a bot already in two servers). */
	beforeStart?: (fake: FakeDiscord) => void | Promise<void>;
	/** The bot will be restarted (`ctx.restart()`): the embedded database is kept on disk between the runs. */
	restartable?: boolean;
}

/**
 * The production bot (`startBot`, what `npm start` runs) logged into a fresh fake Discord for this test file. Only
 * the REST base URL and the token differ from production. The database is the real PostgreSQL (a scratch database)
 * when DATABASE_URL is set, else an in-memory PGlite; Redis is used when REDIS_URL is set.
 */
export function useBot(options: UseBotOptions = {}): BotContext {
	const discord = useFakeDiscord({ ...e2eDiscord, ...options.fake, scope: 'all' });
	let bot: RunningBot | undefined;
	let env: Env | undefined;
	let dropDatabase: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		const fake = discord.fake;
		await options.beforeStart?.(fake);
		const baseUrl = postgresUrl();
		const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
		dropDatabase = scratch?.drop;
		const redis = redisUrl();
		const parsed = parseEnv({
			DISCORD_TOKEN: fake.bot.token,
			DISCORD_API_URL: fake.apiBase,
			DISCORD_GUILD_ID: fake.guildId,
			...guildEnv(fake),
			DISCORD_CHAT_CHANNEL_IDS: fake.channels.general,
			FPSOS_DATA_DIR: options.restartable && !scratch ? join(await mkdtemp(join(tmpdir(), 'fpsos-e2e-')), 'pglite') : 'memory://',
			HTTP_PORT: '0',
			FPSOS_LOG_LEVEL: process.env.FPSOS_LOG_LEVEL ?? 'silent',
			...(scratch ? { DATABASE_URL: scratch.url } : {}),
			...(redis ? { REDIS_URL: redis } : {}),
			...options.env?.(fake)
		});
		if (!parsed.ok) throw new Error(parsed.problems.join('; '));
		env = parsed.env;
		bot = await startBot(env, options.logger ? { logger: options.logger } : {});
		await fake.waitForBotReady();
	});

	afterAll(async () => {
		await bot?.stop();
		await dropDatabase?.();
	});

	return {
		get fake() {
			return discord.fake;
		},
		get bot() {
			if (!bot) throw new Error('useBot(): the bot only exists inside tests and hooks');
			return bot;
		},
		async restart(whileOffline) {
			if (!bot || !env) throw new Error('useBot(): the bot only exists inside tests and hooks');
			if (!options.restartable) throw new Error('useBot(): restart() needs useBot({ restartable: true })');
			await bot.stop();
			bot = undefined;
			await discord.fake.waitFor('the bot to leave the gateway', () => discord.fake.connectedBots === 0);
			await whileOffline?.(discord.fake);
			bot = await startBot(env, options.logger ? { logger: options.logger } : {});
			await discord.fake.waitForBotReady();
		}
	};
}
