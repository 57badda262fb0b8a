import { onGatewayRefused } from '../bot/gateway-refusal.ts';
import { startBot, type RunningBot } from '../bot/start.ts';
import { describeProblems, parseEnv } from '../lib/config/env.ts';
import { createLogger } from '../lib/log.ts';
import { guardLogin } from '../lib/ops/login-guard.ts';
import { flushSentry, initSentry } from '../lib/ops/sentry.ts';
import { startHistoryFile } from '../lib/ops/start-history.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { describeStartFailure } from './gateway-problems.ts';
import { consoleIo, type Io } from './output.ts';

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
		const finish = (code: number) => {
			guard.stop();
			void bot
				.stop()
				.then(() => flushSentry())
				.then(() => resolve(code));
		};
		const shutdown = (signal: NodeJS.Signals) => {
			bot.client.logger.info(`Received ${signal}, shutting down`);
			finish(0);
		};
		process.once('SIGINT', shutdown);
		process.once('SIGTERM', shutdown);
		// A bot Discord stopped talking to must not look alive: it explains why, stops and exits 1 for its supervisor.
		onGatewayRefused(bot.client, (error) => {
			io.err(describeStartFailure(error));
			finish(1);
		});
	});
}
