import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { runWebhookRetention, WEBHOOK_RETENTION_INTERVAL_MS } from '../bot/features/calendly/webhook-retention.flow.ts';

/**
 * Hourly (one repeatable job per queue, whichever bot process takes it): raw Calendly bodies past their retention
 * period (CALENDLY_RAW_BODY_RETENTION_DAYS) are scrubbed.
 */
export class ScrubWebhookBodiesTask extends ScheduledTask<'scrub-webhook-bodies'> {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		super(context, { ...options, interval: WEBHOOK_RETENTION_INTERVAL_MS, customJobOptions: { removeOnComplete: true, removeOnFail: 100 } });
	}

	public override async run() {
		const { config, db, log } = this.container;
		return runWebhookRetention(config, db, log);
	}
}
