import type { Env } from '../lib/config/env.ts';
import type { Db } from '../lib/data/db.ts';
import type { Logger } from '../lib/log.ts';
import type { OutboxExecutor } from '../lib/outbox/executor.ts';

declare module '@sapphire/pieces' {
	interface Container {
		config: Env;
		db: Db;
		log: Logger;
		outbox: OutboxExecutor;
	}
}

declare module '@sapphire/framework' {
	interface Preconditions {
		StaffOnly: never;
		StaffSubcommands: { subcommands: readonly string[] };
	}
}

export {};
