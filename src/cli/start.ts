import { startBot, type RunningBot } from '../bot/start.ts';
import { describeProblems, parseEnv } from '../lib/config/env.ts';
import { redact } from '../lib/log.ts';
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
	let bot: RunningBot;
	try {
		bot = await startBot(parsed.env);
	} catch (error) {
		io.err(describeStartFailure(error));
		return 1;
	}
	return new Promise<number>((resolve) => {
		const shutdown = (signal: NodeJS.Signals) => {
			bot.client.logger.info(`Received ${signal}, shutting down`);
			void bot.stop().then(() => resolve(0));
		};
		process.once('SIGINT', shutdown);
		process.once('SIGTERM', shutdown);
	});
}
