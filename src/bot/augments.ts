import type { Env } from '../lib/config/env.ts';
import type { Db } from '../lib/data/db.ts';
import type { Logger } from '../lib/log.ts';
import type { DeliveryPacer } from '../lib/outbox/pacer.ts';
import type { OutboxRunner } from '../lib/outbox/runner.ts';
import type { MissedJoinsWatch } from './features/welcome/missed-joins.flow.ts';

declare module '@sapphire/pieces' {
	interface Container {
		config: Env;
		db: Db;
		log: Logger;
		/** Spaces out what the bot sends on its own (notifications, welcome DMs): src/lib/outbox/pacer.ts. */
		deliveryPacer: DeliveryPacer;
		/** The outbox's one claim/deliver path in this process, with its timing (src/lib/outbox/runner.ts). */
		outbox: OutboxRunner;
		/** With DISCORD_GUILD_ID unset: the single server the bot is in, once decided (src/bot/served-guild.ts). */
		servedGuildId?: string | null;
		/** Welcomes members who joined while the bot was away, at each new gateway session (src/bot/features/welcome/missed-joins.flow.ts). */
		missedJoins: MissedJoinsWatch;
	}
}

declare module '@sapphire/framework' {
	interface Preconditions {
		StaffOnly: never;
		StaffSubcommands: { subcommands: readonly string[] };
	}
}

export {};
