// Serves every function locally under Deno, at the paths `supabase functions serve` uses:
//   http://127.0.0.1:${FUNCTIONS_PORT:-54321}/functions/v1/<name>
// Each function reads its environment as on Supabase: SUPABASE_DB_URL (falls back to DATABASE_URL here) and its
// secrets (CALENDLY_WEBHOOK_SIGNING_KEY). Run: npm run functions:serve
import { createCalendlyWebhook, type CalendlyWebhookFunction } from './calendly-webhook/handler.ts';

const env = {
	get: (name: string) => Deno.env.get(name) || (name === 'SUPABASE_DB_URL' ? Deno.env.get('DATABASE_URL') : undefined) || undefined
};

const functions: Record<string, CalendlyWebhookFunction> = {
	'calendly-webhook': createCalendlyWebhook(env)
};

const route = /^\/functions\/v1\/([a-z0-9-]+)(?:\/.*)?$/;
const hostname = Deno.env.get('FUNCTIONS_HOST') || '127.0.0.1';
const port = Number(Deno.env.get('FUNCTIONS_PORT') || 54321);

const server = Deno.serve(
	{
		hostname,
		port,
		onListen: ({ port: bound }) => {
			console.error(
				JSON.stringify({
					level: 'info',
					msg: 'functions listening',
					url: `http://${hostname}:${bound}/functions/v1/`,
					functions: Object.keys(functions)
				})
			);
		}
	},
	(request) => {
		const name = route.exec(new URL(request.url).pathname)?.[1];
		const fn = name && Object.hasOwn(functions, name) ? functions[name] : undefined;
		return fn ? fn.fetch(request) : Response.json({ ok: false, error: 'no_such_function' }, { status: 404 });
	}
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	Deno.addSignalListener(signal, async () => {
		await server.shutdown();
		await Promise.all(Object.values(functions).map((fn) => fn.close()));
		Deno.exit(0);
	});
}
