import { setTimeout as sleep } from 'node:timers/promises';
import type { BotProcess } from '../../tests/e2e/support/bot-process.ts';
import { guildEnv } from '../../tests/e2e/support/guild-env.ts';
import type { FakeDiscord } from '../../tests/support/fake-discord/index.ts';

/** The four packages' booking links, as a production server configures them. */
export const CALENDLY_LINKS = {
	CALENDLY_URL_QUICK: 'https://calendly.com/fpsos/quick-fix',
	CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up',
	CALENDLY_URL_EXTREME: 'https://calendly.com/fpsos/extreme-biosprime',
	CALENDLY_URL_REOPTIMIZE: 'https://calendly.com/fpsos/re-optimisation'
} as const;

/**
 * The environment of a benchmarked bot process: its scratch database, Redis when REDIS_URL is set (as in
 * production), the fake guild's role and channels and the booking links; `extra` last.
 */
export function benchBotEnv(fake: FakeDiscord, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
	const redis = process.env.REDIS_URL;
	return { DATABASE_URL: databaseUrl, ...(redis ? { REDIS_URL: redis } : {}), ...guildEnv(fake), ...CALENDLY_LINKS, ...extra };
}

/** What went wrong, with the end of the bot's output (where its own error usually is). */
export function reportFailure(error: unknown, bot: BotProcess): void {
	console.error(error);
	console.error(`bot output (last 4000 characters):\n${bot.logs().slice(-4000)}`);
}

/** Stops the bot as a deploy would (SIGTERM, up to 10 s to finish), then for good. */
export async function stopBot(bot: BotProcess): Promise<void> {
	bot.child.kill('SIGTERM');
	await Promise.race([bot.exited, sleep(10_000)]);
	bot.kill();
}

/** A report's last lines before its JSON: what the fake Discord would have refused, and the machine's load around the run. */
export function printClosing(fake: FakeDiscord, loadBefore: string, loadAfter: string): void {
	const violations = fake.violations;
	const kinds = [...new Set(violations.map((violation) => violation.kind))].join(', ');
	console.log(`violations recorded by the fake Discord: ${violations.length}${violations.length ? `: ${kinds}` : ''}`);
	console.log(`load before: ${loadBefore}`);
	console.log(`load after:  ${loadAfter}`);
}
