import type { Db } from '../../data/db.ts';
import type { Logger } from '../../log.ts';
import type { NotificationScheduler } from '../queue.ts';

/** What a timing drives: the runner's one claim/deliver path (src/lib/outbox/runner.ts). */
export interface TimedRunner {
	readonly db: Db;
	readonly log: Logger;
	/**
	 * Claims and delivers due rows, in lanes, until none is left; with `graceMs`, only rows due (and free) for at least
	 * that long. Logs its own failures; false when deliveries cannot run now (not ready, or stopped).
	 */
	deliverDue(graceMs?: number): Promise<boolean>;
}

/** A timing whose deliveries are jobs: where a job's follow-ups go, and how long a job waits in place. */
export interface JobTiming {
	scheduler: NotificationScheduler;
	/** A job this close to its row's time waits for it in place rather than adding a follow-up (default 1 s). */
	waitLimitMs?: number;
	/** How much later a job comes back when deliveries cannot run (the gateway is not ready; default 5 s). */
	notReadyDelayMs?: number;
	/** How much later a job comes back when the database failed it (default 2 s). */
	databaseErrorDelayMs?: number;
}

/**
 * When the runner delivers: timing/in-process.ts (a timer set to the next due row, and a sweep) or timing/job-queue.ts
 * (a delayed BullMQ job per row through the scheduled-tasks plugin, and a backstop sweep). The runner owns the one
 * wake-up path (NOTIFY, clientReady, Realtime all call `runner.wake()`), which forwards here.
 */
export interface OutboxTiming {
	/** Begins timing `runner`'s deliveries (the runner listens for wake-ups first). */
	start(runner: TimedRunner): Promise<void>;
	/** Something was planned, or may have come due: look now. */
	wake(): void;
	/** Waits until no run is in progress or asked for (tests and shutdown). */
	idle(): Promise<void>;
	stop(): Promise<void>;
	/** Set by a timing whose deliveries are jobs (`runner.runJob`). */
	readonly jobs?: JobTiming;
}
