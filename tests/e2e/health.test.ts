import { setTimeout as sleep } from 'node:timers/promises';
import { container } from '@sapphire/framework';
import { afterAll, describe, expect, test } from 'vitest';
import { CHECK_TIMEOUT_MS, startHttpServer, type HttpServer } from '../../src/bot/http.ts';
import { postgresOutage } from '../drills/support/postgres-outage.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { useBot } from './support/bot.ts';

const get = async (url: string) => {
	const response = await fetch(url);
	return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, boolean> } };
};

/** GET /healthz (liveness) and GET /readyz (readiness) of the production bot, healthy and not. */
describe('health endpoints of the running bot', () => {
	const ctx = useBot();

	test('/healthz: the gateway is connected and the database (and Redis, when configured) answer', async () => {
		const { status, body } = await get(`${ctx.bot.http.url}/healthz`);
		expect(status).toBe(200);
		expect(body).toEqual({ status: 'ok', checks: { gateway: true, database: true, ...(redisUrl() ? { redis: true } : {}) } });
	});

	test('/readyz: migrated and logged in', async () => {
		expect(await get(`${ctx.bot.http.url}/readyz`)).toEqual({
			status: 200,
			body: { status: 'ready', checks: { migrated: true, loggedIn: true } }
		});
	});

	test('a database missing a migration this code expects is not ready (503), though it is alive', async () => {
		const [last] = await ctx.bot.db.query<{ version: string; name: string; statements: string[] | null }>(
			'delete from supabase_migrations.schema_migrations where version = (select max(version) from supabase_migrations.schema_migrations) returning version, name, statements'
		);
		try {
			expect(await get(`${ctx.bot.http.url}/readyz`)).toEqual({
				status: 503,
				body: { status: 'not ready', checks: { migrated: false, loggedIn: true } }
			});
			expect((await get(`${ctx.bot.http.url}/healthz`)).status).toBe(200);
		} finally {
			await ctx.bot.db.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
				last!.version,
				last!.name,
				last!.statements
			]);
		}
		expect((await get(`${ctx.bot.http.url}/readyz`)).status).toBe(200);
	});

	test.runIf(postgresUrl())(
		'PostgreSQL refusing connections makes /healthz answer 503 within the check timeout, and 200 once it is back',
		async () => {
			const database = new URL(container.config.DATABASE_URL!).pathname.slice(1);
			const outage = postgresOutage(postgresUrl()!, database);
			try {
				await outage.begin();
				const started = performance.now();
				const { status, body } = await get(`${ctx.bot.http.url}/healthz`);
				expect(performance.now() - started).toBeLessThan(CHECK_TIMEOUT_MS + 2_000);
				expect(status).toBe(503);
				expect(body).toMatchObject({ status: 'degraded', checks: { gateway: true, database: false } });
			} finally {
				await outage.end();
				await outage.close();
			}
			let recovered = 0;
			for (let attempt = 0; attempt < 50 && recovered !== 200; attempt++) {
				recovered = (await get(`${ctx.bot.http.url}/healthz`)).status;
				if (recovered !== 200) await sleep(100);
			}
			expect(recovered).toBe(200);
		}
	);

	// Last: it logs the bot out.
	test('a bot no longer connected to the gateway is neither healthy nor ready', async () => {
		await ctx.bot.client.destroy();
		expect(await get(`${ctx.bot.http.url}/healthz`)).toMatchObject({ status: 503, body: { checks: { gateway: false, database: true } } });
		expect(await get(`${ctx.bot.http.url}/readyz`)).toMatchObject({ status: 503, body: { checks: { loggedIn: false } } });
	});
});

describe('the probes themselves', () => {
	let server: HttpServer | undefined;
	afterAll(async () => {
		await server?.close();
	});

	test('a check that hangs fails after the timeout, one that throws fails, and the answer names only the checks', async () => {
		server = await startHttpServer('127.0.0.1', 0, {
			health: {
				hangs: () => new Promise<boolean>(() => undefined),
				throws: () => Promise.reject(new Error('secret detail a@b.co')),
				fine: () => true
			},
			ready: { fine: () => true }
		});
		const started = performance.now();
		const response = await fetch(`${server.url}/healthz`);
		const elapsed = performance.now() - started;
		expect(elapsed).toBeGreaterThanOrEqual(CHECK_TIMEOUT_MS - 50);
		expect(elapsed).toBeLessThan(CHECK_TIMEOUT_MS + 2_000);
		expect(response.status).toBe(503);
		const text = await response.text();
		expect(JSON.parse(text)).toEqual({ status: 'degraded', checks: { hangs: false, throws: false, fine: true } });
		expect(text).not.toContain('secret');
		expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
		expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
	});
});
