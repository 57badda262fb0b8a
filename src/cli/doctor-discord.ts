import { Client, type ClientOptions } from 'discord.js';
import { BOT_INTENTS } from '../bot/client.ts';
import { GatewayRefusedError, loginOrExplain } from '../bot/gateway-refusal.ts';
import { checkChannelPermissions, permissionProblems } from '../bot/permission-check.ts';
import { parseEnv } from '../lib/config/env.ts';
import { decideServedGuild } from '../lib/config/served-guild.ts';
import { redact } from '../lib/log.ts';
import { describeStartFailure } from './gateway-problems.ts';

type Source = Record<string, string | undefined>;

export interface DiscordCheck {
	name: string;
	ok: boolean;
	detail: string;
}

const NAME = 'Discord permissions';
const LOGIN_TIMEOUT_MS = 20_000;

/**
 * Logs in to Discord as the bot, with the bot's own intents (so a privileged intent switched off in the developer
 * portal shows here, in the same plain words as `fpsos start`), finds the one server it serves and checks its effective
 * permissions in every configured channel there, like the bot does at start. Skipped while the configuration is invalid.
 */
export async function checkDiscordPermissions(source: Source): Promise<DiscordCheck> {
	const parsed = parseEnv(source);
	if (!parsed.ok) return { name: NAME, ok: false, detail: 'not checked: fix the configuration first' };
	const env = parsed.env;
	const options: Omit<ClientOptions, 'tasks'> = {
		intents: [...BOT_INTENTS],
		rest: env.DISCORD_API_URL ? { api: env.DISCORD_API_URL.replace(/\/$/, ''), version: '10' } : { version: '10' }
	};
	// The scheduled-tasks plugin makes `tasks` a required ClientOptions key; this short-lived client has none.
	const client = new Client(options as ClientOptions);
	let timer: NodeJS.Timeout | undefined;
	try {
		const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`no answer from Discord within ${LOGIN_TIMEOUT_MS / 1000} s`)), LOGIN_TIMEOUT_MS);
		});
		await Promise.race([loginOrExplain(client, env.DISCORD_TOKEN).then(() => ready), timeout]);
		const decision = decideServedGuild(env.DISCORD_GUILD_ID, null, [...client.guilds.cache.keys()]);
		if (decision.waiting === 'none')
			return {
				name: NAME,
				ok: false,
				detail: 'the bot is in no server yet: invite it with the link the README describes (Discord developer portal, step 3)'
			};
		if (decision.waiting === 'several')
			return {
				name: NAME,
				ok: false,
				detail: `the bot is in ${client.guilds.cache.size} servers and DISCORD_GUILD_ID is not set: set it to the one it serves (it leaves the others)`
			};
		const guild = decision.served ? client.guilds.cache.get(decision.served) : undefined;
		if (!guild)
			return {
				name: NAME,
				ok: false,
				detail: `the bot is not in the server DISCORD_GUILD_ID names (${env.DISCORD_GUILD_ID ?? ''}): invite it there`
			};
		const problems = permissionProblems(await checkChannelPermissions(client, guild, env));
		return problems.length === 0
			? { name: NAME, ok: true, detail: `the bot has what it needs in every configured channel of ${guild.name}` }
			: { name: NAME, ok: false, detail: problems.join('\n         ') };
	} catch (error) {
		if (error instanceof GatewayRefusedError) return { name: NAME, ok: false, detail: describeStartFailure(error) };
		return {
			name: NAME,
			ok: false,
			detail: `could not log in to Discord as the bot (${redact(error instanceof Error ? error.message : String(error))})`
		};
	} finally {
		clearTimeout(timer);
		await client.destroy();
	}
}
