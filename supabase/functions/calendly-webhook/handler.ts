import { calendlyFetchHandler } from '../_shared/calendly/http.ts';
import { jsonConsoleLogger } from '../_shared/log.ts';
import { openPostgresJsDb, tlsFor } from '../_shared/postgres-db.ts';

/**
 * The calendly-webhook function built from its environment: CALENDLY_WEBHOOK_DB_URL (the fpsos_webhook role, which can
 * only execute the webhook's two functions; README "Supabase"), else SUPABASE_DB_URL (set by Supabase), and the secret
 * CALENDLY_WEBHOOK_SIGNING_KEY (`supabase secrets set`). index.ts serves it; serve.ts and the tests route to it.
 */
export interface FunctionEnv {
	get(name: string): string | undefined;
}

export interface CalendlyWebhookFunction {
	readonly fetch: (request: Request) => Promise<Response>;
	/** Closes the database pool (tests, local server shutdown). */
	close(): Promise<void>;
}

export function createCalendlyWebhook(env: FunctionEnv = Deno.env): CalendlyWebhookFunction {
	const log = jsonConsoleLogger('calendly-webhook');
	const databaseUrl = env.get('CALENDLY_WEBHOOK_DB_URL') || env.get('SUPABASE_DB_URL');
	if (!databaseUrl) {
		return {
			fetch: () => {
				log.error('calendly webhook: SUPABASE_DB_URL is not set');
				return Promise.resolve(Response.json({ ok: false, error: 'not_configured' }, { status: 500 }));
			},
			close: () => Promise.resolve()
		};
	}
	// Answer 5xx well within Calendly's 15 s. TLS to any non-local host, asked for here rather than left to the URL.
	const ssl = tlsFor(databaseUrl);
	const { db, sql } = openPostgresJsDb(databaseUrl, { connect_timeout: 5, ...(ssl === undefined ? {} : { ssl }) });
	const fetch = calendlyFetchHandler({ db, signingKey: env.get('CALENDLY_WEBHOOK_SIGNING_KEY') ?? '', log });
	return { fetch, close: () => sql.end({ timeout: 5 }) };
}
