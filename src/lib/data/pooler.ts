/**
 * Supabase's transaction pooler (Supavisor, port 6543) hands each transaction to any server connection: LISTEN there
 * receives nothing, so the outbox's NOTIFY wake-ups never reach the bot (the periodic sweep still delivers, late).
 * The session pooler (same host, port 5432) or the direct connection keep a session. Null when the URL is fine.
 */
export function transactionPoolerProblem(databaseUrl: string | undefined): string | null {
	if (!databaseUrl || !URL.canParse(databaseUrl)) return null;
	const url = new URL(databaseUrl);
	if (url.port !== '6543') return null;
	const session = new URL(databaseUrl);
	session.port = '5432';
	session.password = session.password ? '****' : '';
	return `DATABASE_URL uses the transaction pooler (port 6543), where LISTEN receives nothing: the bot's wake-ups are lost and messages wait for the sweep. Use the session pooler instead (the same host on port 5432, e.g. ${session.href}; Supabase > Connect > Session pooler) or the direct connection.`;
}
