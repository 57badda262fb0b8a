import type { WebhookSubscription } from './schemas.ts';

/**
 * Whether Calendly is delivering to one callback URL, in plain words. Calendly retries a failing endpoint for 24 hours
 * and then disables the subscription without any alert, so the bot runs this daily. Pure: `now` is passed in.
 */
export type DeliveryStatus = 'active' | 'missing' | 'disabled' | 'retrying';

export interface Assessment {
	status: DeliveryStatus;
	subscription?: WebhookSubscription;
	reason: string;
}

const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

function normalise(url: string): string {
	return URL.canParse(url) ? new URL(url).href : url;
}

export function sameCallbackUrl(a: string, b: string): boolean {
	return normalise(a) === normalise(b);
}

function retryStart(subscription: WebhookSubscription): number | null {
	if (!subscription.retry_started_at) return null;
	const started = Date.parse(subscription.retry_started_at);
	return Number.isNaN(started) ? null : started;
}

/** Retrying = active with a retry run under 24 hours old; an older one that did not end in `disabled` has recovered. */
function isRetrying(subscription: WebhookSubscription, now: number): boolean {
	const started = retryStart(subscription);
	return started !== null && now - started < RETRY_WINDOW_MS;
}

export function assessSubscription(subscriptions: readonly WebhookSubscription[], callbackUrl: string, now: Date = new Date()): Assessment {
	const matching = subscriptions.filter((subscription) => sameCallbackUrl(subscription.callback_url, callbackUrl));
	const at = now.getTime();
	const active = matching.filter((subscription) => subscription.state === 'active');
	const healthy = active.find((subscription) => !isRetrying(subscription, at));
	if (healthy) {
		const recovered = healthy.retry_started_at ? ` (Calendly last had to retry on ${healthy.retry_started_at} and has delivered since)` : '';
		return {
			status: 'active',
			subscription: healthy,
			reason: `Deliveries to ${callbackUrl} are healthy: the subscription is active with no retries pending${recovered}.`
		};
	}
	const retrying = active[0];
	if (retrying) {
		const started = retryStart(retrying) ?? at;
		const deadline = new Date(started + RETRY_WINDOW_MS).toISOString();
		return {
			status: 'retrying',
			subscription: retrying,
			reason: `Deliveries to ${callbackUrl} are failing: Calendly has been retrying since ${retrying.retry_started_at}. Fix the endpoint before ${deadline}, or Calendly disables the subscription without telling anyone.`
		};
	}
	const stopped = matching[0];
	if (stopped) {
		return {
			status: 'disabled',
			subscription: stopped,
			reason: `Deliveries to ${callbackUrl} have stopped: the subscription is ${stopped.state} (Calendly gives up after 24 hours of failures and never resumes). Fix the endpoint, then run \`npx fpsos calendly subscribe --url ${callbackUrl}\` to recreate it and \`npx fpsos calendly recover\` for what Calendly gave up on.`
		};
	}
	return {
		status: 'missing',
		reason: `No subscription delivers to ${callbackUrl}: Calendly sends no bookings there. Run \`npx fpsos calendly subscribe --url ${callbackUrl}\`.`
	};
}
