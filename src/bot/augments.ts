import type { Env } from '../lib/config/env.ts';
import type { Db } from '../lib/data/db.ts';
import type { Logger } from '../lib/log.ts';

declare module '@sapphire/pieces' {
	interface Container {
		config: Env;
		db: Db;
		log: Logger;
	}
}

declare module '@sapphire/framework' {
	interface Preconditions {
		StaffOnly: never;
	}
}

export {};
