import { startBot, type RunningBot } from '../bot/start.ts';
import { describeProblems, parseEnv } from '../lib/config/env.ts';
import { createLogger, redact } from '../lib/log.ts';
import { guardLogin } from '../lib/ops/login-guard.ts';
import { flushSentry, initSentry } from '../lib/ops/sentry.ts';
import { startHistoryFile } from '../lib/ops/start-history.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { consoleIo, type Io } from './output.ts';

/** discord.js error codes at login, in words an owner can act on. */
const loginProblems: Record<string, string> = {
	TokenInvalid: 'Discord rejected DISCORD_TOKEN: copy the token again from the developer portal (Bot > Reset Token).',
	DisallowedIntents:
		'Discord refused the privileged intents: enable Server Members Intent and Message Content Intent in the developer portal (Bot > Privileged Gateway Intents).'
};

export function describeStartFailure(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && code in loginProblems) return loginProblems[code]!;
	const message = error instanceof Error ? error.message : String(error);
	return `The bot could not start: ${redact(message)}`;
}

export async function runStart(source: Record<string, string | undefined>, io: Io = consoleIo): Promise<number> {
	const parsed = parseEnv(source);
	if (!parsed.ok) {
		io.err(describeProblems(parsed.problems));
		return 1;
	}
	const env = parsed.env;
	const logger = createLogger(env.FPSOS_LOG_LEVEL);
	if (await initSentry(env.SENTRY_DSN)) logger.info('Sentry error reporting on');
	// A supervisor restarts a bot that dies; Discord allows 1,000 logins a day, so restarts that keep dying slow down.
	const guard = await guardLogin({ file: startHistoryFile(env.FPSOS_DATA_DIR ?? defaultDataDir), log: logger });
	let bot: RunningBot;
	try {
		bot = await startBot(env, { logger });
	} catch (error) {
		guard.stop();
		io.err(describeStartFailure(error));
		await flushSentry();
		return 1;
	}
	guard.loggedIn();
	return new Promise<number>((resolve) => {
		const shutdown = (signal: NodeJS.Signals) => {
			bot.client.logger.info(`Received ${signal}, shutting down`);
			guard.stop();
			void bot
				.stop()
				.then(() => flushSentry())
				.then(() => resolve(0));
		};
		process.once('SIGINT', shutdown);
		process.once('SIGTERM', shutdown);
	});
}
