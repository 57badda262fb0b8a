import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';

/** The embedded database: PGlite persisted under `dataDir` (or in memory for `memory://`). */
export async function openPglite(dataDir: string): Promise<Db> {
	if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
	const pg = await PGlite.create(dataDir);
	const queryable = (runner: PGlite | Transaction): Queryable => ({
		query: async <T extends Row>(text: string, params: readonly unknown[] = []) => (await runner.query<T>(text, [...params])).rows,
		exec: async (script: string) => {
			await runner.exec(script);
		}
	});
	return {
		kind: 'pglite',
		...queryable(pg),
		transaction: (fn) => pg.transaction((tx) => fn(queryable(tx))),
		listen: (channel, onPayload) => pg.listen(channel, onPayload),
		close: () => pg.close()
	};
}
