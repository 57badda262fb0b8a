import { container, type SapphireClient } from '@sapphire/framework';
import type { ScheduledTasksResolvable } from '@sapphire/plugin-scheduled-tasks';
import { supabaseServerKey, type Env } from '../lib/config/env.ts';
import { openDb, pingDatabase, type Db } from '../lib/data/db.ts';
import { migrate, migrationStatus } from '../lib/data/migrations.ts';
import { transactionPoolerProblem } from '../lib/data/pooler.ts';
import { applyPackageLinks } from '../lib/data/packages.ts';
import { calendlyFetchHandler } from '../lib/integrations/calendly/core.ts';
import { subscribeOutboxWakeups } from '../lib/integrations/realtime.ts';
import { createLogger, type Logger } from '../lib/log.ts';
import { quietKnownWarnings } from '../lib/ops/warnings.ts';
import { bullScheduler } from '../lib/outbox/bull-scheduler.ts';
import { DELIVERIES_PER_SECOND, DeliveryPacer } from '../lib/outbox/pacer.ts';
import { OutboxRunner } from '../lib/outbox/runner.ts';
import { startTaskWorker } from '../lib/outbox/task-worker.ts';
import { InProcessTiming } from '../lib/outbox/timing/in-process.ts';
import { JobQueueTiming } from '../lib/outbox/timing/job-queue.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { createClient } from './client.ts';
import { MissedJoinsWatch } from './features/welcome/missed-joins.flow.ts';
import { loginOrExplain } from './gateway-refusal.ts';
import { startHttpServer, type HttpServer } from './http.ts';
import { scheduleCalendlyHealthCheck } from './features/calendly/health.flow.ts';
import { scheduleWebhookRetention } from './features/calendly/webhook-retention.flow.ts';
import { deliverNotification } from './outbox/deliver.ts';

export interface RunningBot {
	readonly client: SapphireClient;
	readonly db: Db;
	readonly http: HttpServer;
	/** The outbox's one runner: timed in process, or with REDIS_URL by BullMQ jobs (src/scheduled-tasks). */
	readonly outbox: OutboxRunner;
	stop(): Promise<void>;
}

/** The Edge Function's handler, plus the in-process wake-up after a delivery was taken (LISTEN may be unavailable). */
function embeddedWebhook(handler: (request: Request) => Promise<Response>, wake: () => void) {
	return async (request: Request): Promise<Response> => {
		const response = await handler(request);
		if (response.status < 300) wake();
		return response;
	};
}

export interface StartOptions {
	logger?: Logger;
}

/**
 * Starts the bot exactly as production does: database (migrated), Discord login, command registration, scheduler,
 * HTTP endpoint. Throws when it cannot start, after releasing what it had opened.
 */
export async function startBot(env: Env, options: StartOptions = {}): Promise<RunningBot> {
	quietKnownWarnings();
	const logger = options.logger ?? createLogger(env.FPSOS_LOG_LEVEL);
	const pooler = transactionPoolerProblem(env.DATABASE_URL);
	if (pooler) logger.warn(pooler);
	const db = await openDb({
		databaseUrl: env.DATABASE_URL,
		dataDir: env.FPSOS_DATA_DIR ?? defaultDataDir,
		postgres: {
			max: env.DATABASE_POOL_MAX,
			connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
			statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS
		}
	});
	const opened: (() => Promise<unknown>)[] = [() => db.close()];
	const release = async () => {
		for (const close of opened.reverse()) await close().catch((error: unknown) => logger.warn('Shutdown step failed', { error }));
	};

	try {
		const { applied, bootstrapped } = await migrate(db);
		const linksUpdated = await applyPackageLinks(db, env);
		logger.info('Database ready', { driver: db.kind, migrationsApplied: applied.length, bootstrapped, linksUpdated });

		container.config = env;
		container.db = db;
		container.log = logger;
		container.deliveryPacer = new DeliveryPacer(DELIVERIES_PER_SECOND);

		if (env.REDIS_URL) await import('@sapphire/plugin-scheduled-tasks/register');
		const client = createClient(env, logger);
		opened.push(async () => {
			if (env.REDIS_URL) await container.tasks.close();
			await client.destroy();
		});
		// The outbox: everything that must be sent once, claimed from the database before it is sent, by one runner with
		// one worker id. Made before login: the plugin's worker may run a notification's job as soon as the pieces load.
		// With Redis, one delayed BullMQ job per notification delivers it on time (and a backstop sweep what jobs missed).
		const outbox = new OutboxRunner(db, deliverNotification, {
			ready: () => client.isReady(),
			pacer: container.deliveryPacer,
			timing: env.REDIS_URL ? new JobQueueTiming(bullScheduler(container.tasks.client)) : new InProcessTiming(),
			log: logger
		});
		container.outbox = outbox;
		container.missedJoins = new MissedJoinsWatch(client);
		opened.push(async () => container.missedJoins.stop());
		await loginOrExplain(client, env.DISCORD_TOKEN);
		container.missedJoins.start();

		// After login, once the task pieces are loaded: a worker with concurrency beside the plugin's (which takes one job
		// at a time). Then the runner: it listens for wake-ups and starts its timing (with Redis, the jobs of the
		// notifications are planned now, re-planning those lost before login).
		if (env.REDIS_URL) {
			const { tasks } = container;
			const taskWorker = startTaskWorker({
				queue: tasks.queue,
				connection: tasks.options.connection,
				run: (name, payload) => tasks.run({ name, payload } as ScheduledTasksResolvable),
				onError: (error) => logger.error('Task worker error', { error })
			});
			opened.push(() => taskWorker.close());
		}
		opened.push(() => outbox.stop());
		await outbox.start();
		// Wake-ups: every plan wakes the runner itself (NOTIFY at commit, public.plan_notification), so no caller wakes
		// the outbox. Besides: the gateway coming back, Supabase Realtime's inserts (for a database reached without
		// LISTEN) and the embedded webhook's commits (in process, no round trip); the timing's sweep backs them all.
		const wake = (): void => outbox.wake();
		client.on('clientReady', wake);
		const supabaseKey = supabaseServerKey(env);
		if (env.SUPABASE_URL && supabaseKey) {
			const realtime = subscribeOutboxWakeups(env.SUPABASE_URL, supabaseKey, wake, logger);
			opened.push(() => realtime.close());
		}
		const stopHealthCheck = scheduleCalendlyHealthCheck(env, db, logger);
		opened.push(async () => stopHealthCheck());
		// Raw webhook bodies past their retention period: with Redis a scheduled task (src/scheduled-tasks), else here.
		if (!env.REDIS_URL) {
			const stopRetention = scheduleWebhookRetention(env, db, logger);
			opened.push(async () => stopRetention());
		}

		const signingKey = env.CALENDLY_WEBHOOK_SIGNING_KEY;
		const http = await startHttpServer(env.HTTP_HOST, env.HTTP_PORT, {
			health: {
				gateway: () => client.isReady(),
				database: () => pingDatabase(db).then(() => true),
				...(env.REDIS_URL ? { redis: async () => (await (await container.tasks.client.client).ping()) === 'PONG' } : {})
			},
			ready: {
				migrated: async () => (await migrationStatus(db)).every((migration) => migration.applied),
				loggedIn: () => client.isReady() && client.user !== null
			},
			calendly: signingKey ? embeddedWebhook(calendlyFetchHandler({ db, signingKey, log: logger }), wake) : undefined
		});
		opened.push(() => http.close());
		logger.info('Bot started', { user: client.user?.id, http: http.url });

		let stopping: Promise<void> | undefined;
		return { client, db, http, outbox, stop: () => (stopping ??= release()) };
	} catch (error) {
		await release();
		throw error;
	}
}
