import type { CalendlyClient } from '../calendly-api.ts';
import { assessSubscription, type Assessment } from './assess.ts';

/**
 * Whether Calendly still delivers to our webhook. Calendly disables a subscription silently after 24 h of failed
 * deliveries, so the bot asks once a day and alerts staff when it is missing, disabled or retrying.
 */
export type HealthCheck = { ok: true; assessment: Assessment } | { ok: false; reason: string };

export async function checkCalendlySubscription(client: CalendlyClient, callbackUrl: string, now = new Date()): Promise<HealthCheck> {
	const user = await client.getCurrentUser();
	if (!user.ok) return { ok: false, reason: user.reason };
	const mine = await client.listWebhookSubscriptions({ organization: user.value.organization, user: user.value.uri, scope: 'user' });
	if (!mine.ok) return { ok: false, reason: mine.reason };
	const organization = await client.listWebhookSubscriptions({ organization: user.value.organization, scope: 'organization' });
	const all = organization.ok ? [...mine.value, ...organization.value] : mine.value;
	return { ok: true, assessment: assessSubscription(all, callbackUrl, now) };
}

/** The callback URL to check: the configured one, else the Supabase Edge Function's. */
export function calendlyCallbackUrl(env: { CALENDLY_WEBHOOK_URL?: string | undefined; SUPABASE_URL?: string | undefined }): string | null {
	if (env.CALENDLY_WEBHOOK_URL) return env.CALENDLY_WEBHOOK_URL;
	return env.SUPABASE_URL ? `${env.SUPABASE_URL.replace(/\/$/, '')}/functions/v1/calendly-webhook` : null;
}
