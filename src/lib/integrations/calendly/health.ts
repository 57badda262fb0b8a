import type { CalendlyClient } from '../calendly-api.ts';
import { assessSubscription, type Assessment } from './assess.ts';

/**
 * Whether Calendly still delivers to our webhook. Calendly disables a subscription silently after 24 h of failed
 * deliveries, so the bot asks once a day and alerts staff when it is missing, disabled or retrying. Transient failures
 * (429, 5xx, timeouts) were already retried by the client; what still fails is reported per list, for what it is: a
 * listing that failed never makes a subscription look missing.
 */
export type HealthCheck = { ok: true; assessment: Assessment; notes: string[] } | { ok: false; reason: string };

export async function checkCalendlySubscription(client: CalendlyClient, callbackUrl: string, now = new Date()): Promise<HealthCheck> {
	const user = await client.getCurrentUser();
	if (!user.ok) return { ok: false, reason: user.reason };
	const mine = await client.listWebhookSubscriptions({ organization: user.value.organization, user: user.value.uri, scope: 'user' });
	const organization = await client.listWebhookSubscriptions({ organization: user.value.organization, scope: 'organization' });
	const listed = [...(mine.ok ? mine.value : []), ...(organization.ok ? organization.value : [])];
	const assessment = assessSubscription(listed, callbackUrl, now);
	const failures: string[] = [];
	const notes: string[] = [];
	if (!mine.ok) failures.push(`user-scope subscriptions: ${mine.reason}`);
	if (!organization.ok) {
		// A member's token may not list the organization's subscriptions: expected, unless nothing else was found.
		if (organization.kind === 'forbidden')
			notes.push('organization-scope subscriptions are not visible with this token (it needs an organization owner or admin)');
		else failures.push(`organization-scope subscriptions: ${organization.reason}`);
	}
	if (assessment.status === 'active' || failures.length === 0) return { ok: true, assessment, notes };
	return { ok: false, reason: `Could not check the subscription for ${callbackUrl}: ${failures.join('; ')}` };
}

/** The callback URL to check: the configured one, else the Supabase Edge Function's. */
export function calendlyCallbackUrl(env: { CALENDLY_WEBHOOK_URL?: string | undefined; SUPABASE_URL?: string | undefined }): string | null {
	if (env.CALENDLY_WEBHOOK_URL) return env.CALENDLY_WEBHOOK_URL;
	return env.SUPABASE_URL ? `${env.SUPABASE_URL.replace(/\/$/, '')}/functions/v1/calendly-webhook` : null;
}
