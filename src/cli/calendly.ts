import { z } from 'zod';
import { describeProblems } from '../lib/config/env.ts';
import {
	assessSubscription,
	createCalendlyClient,
	sameCallbackUrl,
	WEBHOOK_EVENTS,
	type CalendlyClient,
	type CurrentUser,
	type WebhookSubscription
} from '../lib/integrations/calendly-api.ts';
import { signatureFailuresAfter, type SignatureFailures } from '../lib/data/calendly-recovery.ts';
import { openDb } from '../lib/data/db.ts';
import { redact } from '../lib/log.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { consoleIo, type Io } from './output.ts';

/** `fpsos calendly subscribe|status|recover`: the webhook subscription that feeds bookings to the bot. Never prints secrets. */
type Source = Record<string, string | undefined>;

const httpUrl = z.string().refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), {
	message: 'must be a https:// or http:// URL'
});
const token = z.string({ error: 'is missing' }).min(20, 'is too short to be a Calendly token');
export const statusSchema = z.object({ CALENDLY_API_TOKEN: token, CALENDLY_API_URL: httpUrl.optional(), SUPABASE_URL: httpUrl.optional() });
const subscribeSchema = statusSchema.extend({
	CALENDLY_WEBHOOK_SIGNING_KEY: z.string({ error: 'is missing' }).min(16, 'must be at least 16 characters')
});

const NAMES = ['CALENDLY_API_TOKEN', 'CALENDLY_WEBHOOK_SIGNING_KEY', 'CALENDLY_API_URL', 'SUPABASE_URL'] as const;

/** Only the variables these commands read, trimmed; empty strings count as unset. */
export function parse<T>(schema: z.ZodType<T>, source: Source): { ok: true; env: T } | { ok: false; problems: string[] } {
	const cleaned: Record<string, string> = {};
	for (const name of NAMES) {
		const value = source[name]?.trim();
		if (value) cleaned[name] = value;
	}
	const result = schema.safeParse(cleaned);
	if (result.success) return { ok: true, env: result.data };
	return { ok: false, problems: [...new Set(result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`))] };
}

/** Every line goes through `redact` and loses the token and signing key, whatever a remote answer contained. */
export function scrubbed(io: Io, secrets: (string | undefined)[]): Io {
	const hide = (line: string) => secrets.reduce<string>((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), redact(line));
	return { out: (line) => io.out(hide(line)), err: (line) => io.err(hide(line)) };
}

function describe(subscription: WebhookSubscription): string {
	const retry = subscription.retry_started_at ? `retrying since ${subscription.retry_started_at}` : 'no retries';
	return `  ${subscription.state.padEnd(8)} ${subscription.callback_url}  scope ${subscription.scope}  events ${subscription.events.join(', ')}  ${retry}`;
}

/** Where the Supabase Edge Function that receives Calendly deliveries lives, when SUPABASE_URL is set. */
function edgeFunctionUrl(supabaseUrl: string | undefined): string | undefined {
	return supabaseUrl ? `${supabaseUrl.replace(/\/+$/, '')}/functions/v1/calendly-webhook` : undefined;
}

export interface SubscribeOptions {
	url: string;
	scope?: 'user' | 'organization';
	/** Recreate the subscription even when it is healthy: Calendly fixes the signing key when it is created. */
	rotate?: boolean;
	now?: Date;
}

/** Why a subscription for the callback URL has to go before the new one is created (null: it can stay). */
function replacementReason(subscription: WebhookSubscription, scope: string, rotate: boolean, refused: SignatureFailures | null): string | null {
	const missing = WEBHOOK_EVENTS.filter((event) => !subscription.events.includes(event));
	const where = `the ${subscription.scope}-scope subscription for ${subscription.callback_url}`;
	if (subscription.state !== 'active') return `Deleting ${where}: it is ${subscription.state} (Calendly gave up delivering to it).`;
	if (subscription.scope !== scope) return `Deleting ${where}: a ${scope}-scope one replaces it (Calendly allows one subscription per URL).`;
	if (missing.length > 0) return `Deleting ${where}: it lacks ${missing.join(', ')}.`;
	if (rotate)
		return `Deleting ${where}: its signing key was fixed when it was created, and --rotate asks for the current CALENDLY_WEBHOOK_SIGNING_KEY.`;
	if (refused && refused.last.getTime() > Date.parse(subscription.created_at)) {
		return `Deleting ${where}: since ${refused.first.toISOString()} the bot refused ${refused.count} ${refused.count === 1 ? 'delivery' : 'deliveries'} for a signature from another key (counted in its database), so it does not sign with the current CALENDLY_WEBHOOK_SIGNING_KEY.`;
	}
	return null;
}

/**
 * Signature mismatches the bot counted in the last week (when DATABASE_URL is set: the embedded database belongs to
 * the running bot). Null when there were none or the database cannot say; subscribe then works as without it.
 */
async function refusedSignatures(source: Source, now: Date): Promise<SignatureFailures | null> {
	const databaseUrl = source.DATABASE_URL?.trim();
	if (!databaseUrl) return null;
	try {
		const db = await openDb({ databaseUrl, dataDir: defaultDataDir, postgres: { max: 1, connectTimeoutMs: 5_000 } });
		try {
			return await signatureFailuresAfter(db, new Date(now.getTime() - 7 * 24 * 3_600_000));
		} finally {
			await db.close();
		}
	} catch {
		return null;
	}
}

/**
 * Creates the subscription for the four invitee events. A subscription for the same URL, in either scope, is kept when
 * it is active, complete and in the requested scope (unless `rotate`, or the bot's database counted deliveries refused
 * for their signature since it was created), else deleted first: Calendly refuses a second subscription for one URL
 * (409), and its signing key cannot be changed.
 */
export async function runCalendlySubscribe(source: Source, io: Io = consoleIo, options: SubscribeOptions): Promise<number> {
	const parsed = parse(subscribeSchema, source);
	if (!parsed.ok) {
		io.err(describeProblems(parsed.problems));
		return 1;
	}
	const { CALENDLY_API_TOKEN: apiToken, CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_API_URL: baseUrl } = parsed.env;
	const safe = scrubbed(io, [apiToken, signingKey]);
	const urlCheck = httpUrl.safeParse(options.url);
	if (!urlCheck.success) {
		safe.err(`The callback URL ${urlCheck.error.issues[0]?.message ?? 'is not valid'}: got "${options.url}".`);
		return 1;
	}
	const scope = options.scope ?? 'user';
	const rotate = options.rotate === true;
	const client = createCalendlyClient({ token: apiToken, baseUrl });
	const me = await client.getCurrentUser();
	if (!me.ok) return fail(safe, me.reason);
	const visible = await visibleSubscriptions(client, me.value, safe);
	if (!visible) return 1;
	const sameUrl = visible.subscriptions.filter((s) => sameCallbackUrl(s.callback_url, options.url));
	const refused = sameUrl.length > 0 && !rotate ? await refusedSignatures(source, options.now ?? new Date()) : null;

	const kept = sameUrl.find((subscription) => replacementReason(subscription, scope, rotate, refused) === null);
	for (const subscription of sameUrl.filter((s) => s !== kept)) {
		safe.out(
			replacementReason(subscription, scope, rotate, refused) ??
				`Deleting the duplicate ${subscription.scope}-scope subscription for ${subscription.callback_url}.`
		);
		const deleted = await client.deleteWebhookSubscription(subscription.uri);
		if (!deleted.ok) return fail(safe, deleted.reason);
		safe.out(`Deleted ${subscription.uri}.`);
	}
	if (kept) {
		safe.out(
			`Already subscribed: Calendly delivers ${kept.events.join(', ')} to ${kept.callback_url} (${scope} scope, ${kept.uri}). Nothing to do.`
		);
		if (kept.retry_started_at)
			safe.out(
				`Note: Calendly has had to retry deliveries since ${kept.retry_started_at}; run \`npx fpsos calendly status --url ${options.url}\`.`
			);
		safe.out('If deliveries fail their signature (CALENDLY_WEBHOOK_SIGNING_KEY changed), run this again with --rotate.');
		return 0;
	}

	const query = { organization: me.value.organization, scope, ...(scope === 'user' ? { user: me.value.uri } : {}) };
	const created = await client.createWebhookSubscription({ url: options.url, events: WEBHOOK_EVENTS, signingKey, ...query });
	if (!created.ok) {
		if (created.kind === 'conflict' && !visible.organizationVisible) {
			return fail(
				safe,
				`${created.reason} A subscription for this URL exists that this token cannot see: an organization-scope one, which only an organization owner or admin can list and delete. Run this with an owner's or admin's token, or use another URL.`
			);
		}
		const gone = sameUrl.length > 0 ? ` The old subscription was deleted already: nothing delivers to ${options.url} until this succeeds.` : '';
		return fail(safe, `${created.reason}${gone}`);
	}
	safe.out(
		`Subscribed: Calendly will deliver ${created.value.events.join(', ')} to ${created.value.callback_url} (${scope} scope, ${created.value.uri}).`
	);
	safe.out(
		'Deliveries are signed with CALENDLY_WEBHOOK_SIGNING_KEY: the webhook endpoint needs the same value (`npx supabase secrets set CALENDLY_WEBHOOK_SIGNING_KEY=...` for the Edge Function).'
	);
	if (sameUrl.length > 0)
		safe.out(
			'Calendly does not resend what it gave up on: run `npx fpsos calendly recover` to apply the bookings, cancellations and no-shows made while deliveries failed (the daily check does it too).'
		);
	return 0;
}

function fail(io: Io, reason: string): number {
	io.err(reason);
	return 1;
}

interface Visible {
	subscriptions: WebhookSubscription[];
	organizationVisible: boolean;
}

/**
 * Subscriptions of the token's user, and of its organization when the token may see them (owners and admins). A 403
 * on the organization's list is expected for a member; any other failure of either list is reported as it is.
 */
async function visibleSubscriptions(client: CalendlyClient, me: CurrentUser, io: Io): Promise<Visible | null> {
	const mine = await client.listWebhookSubscriptions({ organization: me.organization, scope: 'user', user: me.uri });
	if (!mine.ok) {
		io.err(`User-scope subscriptions: ${mine.reason}`);
		return null;
	}
	const organization = await client.listWebhookSubscriptions({ organization: me.organization, scope: 'organization' });
	if (organization.ok) return { subscriptions: [...mine.value, ...organization.value], organizationVisible: true };
	if (organization.kind !== 'forbidden') {
		io.err(`Organization-scope subscriptions: ${organization.reason}`);
		return null;
	}
	io.out(
		'(Organization-scope subscriptions are not visible with this token, which is not an organization owner or admin: only user-scope ones are listed.)'
	);
	return { subscriptions: mine.value, organizationVisible: false };
}

export interface StatusOptions {
	url?: string;
}

/** Lists the subscriptions and says whether deliveries are healthy; exit 1 when they are missing, disabled or retrying. */
export async function runCalendlyStatus(source: Source, io: Io = consoleIo, options: StatusOptions = {}): Promise<number> {
	const parsed = parse(statusSchema, source);
	if (!parsed.ok) {
		io.err(describeProblems(parsed.problems));
		return 1;
	}
	const { CALENDLY_API_TOKEN: apiToken, CALENDLY_API_URL: baseUrl, SUPABASE_URL: supabaseUrl } = parsed.env;
	const safe = scrubbed(io, [apiToken, source.CALENDLY_WEBHOOK_SIGNING_KEY?.trim()]);
	const client = createCalendlyClient({ token: apiToken, baseUrl });
	const me = await client.getCurrentUser();
	if (!me.ok) return fail(safe, me.reason);
	const visible = await visibleSubscriptions(client, me.value, safe);
	if (!visible) return 1;
	const { subscriptions } = visible;

	safe.out(subscriptions.length === 0 ? 'Calendly webhook subscriptions: none.' : `Calendly webhook subscriptions (${subscriptions.length}):`);
	for (const subscription of subscriptions) safe.out(describe(subscription));

	const distinct = [...new Set(subscriptions.map((s) => s.callback_url))];
	const url = options.url ?? edgeFunctionUrl(supabaseUrl) ?? (distinct.length === 1 ? distinct[0] : undefined);
	if (url) {
		const assessment = assessSubscription(subscriptions, url);
		safe.out(assessment.reason);
		return assessment.status === 'active' ? 0 : 1;
	}
	if (subscriptions.length === 0) {
		safe.out('Calendly sends bookings nowhere. Run `npx fpsos calendly subscribe --url <webhook url>`.');
		return 1;
	}
	const unhealthy = distinct.map((callback) => assessSubscription(subscriptions, callback)).filter((assessment) => assessment.status !== 'active');
	for (const assessment of unhealthy) safe.out(assessment.reason);
	safe.out('Several callback URLs: pass --url to check the one the bot uses.');
	return unhealthy.length === 0 ? 0 : 1;
}
