import { SerialRuns } from '../serial-runs.ts';
import { nextWakeAt } from '../../data/outbox.ts';
import type { OutboxTiming, TimedRunner } from './timing.ts';

export interface InProcessTimingOptions {
	/** The periodic sweep that claims whatever a lost wake-up missed (default 15 s, at most 30 s). */
	sweepMs?: number;
}

/**
 * The outbox timed in the process (no Redis): a run on every wake-up, on a timer set to the next due row (or the end
 * of its lease), and on a sweep. Runs never overlap; a wake-up during a run asks for one more.
 */
export class InProcessTiming implements OutboxTiming {
	private readonly sweepMs: number;
	private runner: TimedRunner | undefined;
	private sweepTimer: NodeJS.Timeout | undefined;
	private dueTimer: NodeJS.Timeout | undefined;
	private readonly runs = new SerialRuns(() => this.run());

	public constructor(options: InProcessTimingOptions = {}) {
		this.sweepMs = Math.min(options.sweepMs ?? 15_000, 30_000);
	}

	public async start(runner: TimedRunner): Promise<void> {
		this.runner = runner;
		this.sweepTimer = setInterval(() => this.wake(), this.sweepMs);
		this.sweepTimer.unref();
		this.wake();
	}

	public wake(): void {
		if (this.runner) this.runs.request();
	}

	public async idle(): Promise<void> {
		await this.runs.idle();
	}

	public async stop(): Promise<void> {
		clearInterval(this.sweepTimer);
		clearTimeout(this.dueTimer);
		await this.runs.stop();
	}

	private async run(): Promise<void> {
		const runner = this.runner!;
		try {
			// Not ready: no timer either (it would fire at once, again and again); the sweep and clientReady come back.
			if (!(await runner.deliverDue())) return;
			await this.scheduleNext(runner);
		} catch (error) {
			runner.log.error('Outbox run failed', { error });
		}
	}

	private async scheduleNext(runner: TimedRunner): Promise<void> {
		const at = await nextWakeAt(runner.db);
		clearTimeout(this.dueTimer);
		if (!at || this.runs.stopped) return;
		const delay = Math.max(0, at.getTime() - Date.now());
		if (delay >= this.sweepMs) return;
		this.dueTimer = setTimeout(() => this.wake(), delay + 5);
		this.dueTimer.unref();
	}
}
