import { afterEach, describe, expect, test } from 'vitest';
import {
	assessSubscription,
	createCalendlyClient,
	WEBHOOK_EVENTS,
	type NewSubscription,
	type WebhookSubscription
} from '../../../src/lib/integrations/calendly-api.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../../support/calendly-standin.ts';
import { freePort } from '../../support/ports.ts';

const hook = 'https://fpsos.example/functions/v1/calendly-webhook';
const signingKey = 'signing-key-for-tests-0123456789';

/**
 * A subscription as `fpsos calendly subscribe` asks for one: this hook and the invitee events, for the stand-in's
 * user (scope 'user') or its whole organization (no user); `fields` changes what a test is about.
 */
function newSubscription(api: CalendlyStandin, scope: 'user' | 'organization', fields: Partial<NewSubscription> = {}): NewSubscription {
	const owner = scope === 'user' ? { user: api.user.uri } : {};
	return { url: hook, events: WEBHOOK_EVENTS, organization: api.user.organization, ...owner, scope, signingKey, ...fields };
}

describe('Calendly client against the stand-in', () => {
	const standins: CalendlyStandin[] = [];
	async function standin(options: Parameters<typeof startCalendlyStandin>[0] = {}) {
		const started = await startCalendlyStandin(options);
		standins.push(started);
		return { api: started, client: createCalendlyClient({ token: started.token, baseUrl: started.url }) };
	}
	afterEach(async () => {
		for (const started of standins.splice(0)) await started.close();
	});

	test('getCurrentUser returns the user and organization URIs, sending the token as a Bearer header', async () => {
		const { api, client } = await standin();
		expect(await client.getCurrentUser()).toEqual({ ok: true, value: { uri: api.user.uri, organization: api.user.organization } });
		expect(api.requests[0]?.authorization).toBe(`Bearer ${api.token}`);
	});

	test('createWebhookSubscription sends the signing key and returns the active subscription', async () => {
		const { api, client } = await standin();
		const created = await client.createWebhookSubscription(newSubscription(api, 'user'));
		expect(created).toMatchObject({
			ok: true,
			value: { callback_url: hook, state: 'active', retry_started_at: null, scope: 'user', events: [...WEBHOOK_EVENTS] }
		});
		expect(api.requests.at(-1)?.body).toEqual({
			url: hook,
			events: [...WEBHOOK_EVENTS],
			organization: api.user.organization,
			user: api.user.uri,
			scope: 'user',
			signing_key: signingKey
		});
		if (created.ok) expect(api.signingKeyOf(created.value.uri)).toBe(signingKey);
	});

	test('a second subscription for the same URL is a readable conflict quoting Calendly', async () => {
		const { api, client } = await standin();
		const input = newSubscription(api, 'organization');
		await client.createWebhookSubscription(input);
		const again = await client.createWebhookSubscription(input);
		expect(again).toMatchObject({ ok: false, kind: 'conflict', status: 409 });
		if (!again.ok) expect(again.reason).toContain('Hook with this url already exists');
	});

	test('validation errors carry Calendly message and details', async () => {
		const { api, client } = await standin();
		const result = await client.createWebhookSubscription(
			newSubscription(api, 'organization', { url: 'not a url', events: ['invitee.created'] })
		);
		expect(result).toMatchObject({ ok: false, kind: 'invalid', status: 400 });
		if (!result.ok) expect(result.reason).toContain('The supplied parameters are invalid. (url: must be a valid URL)');
	});

	test('listWebhookSubscriptions follows next_page on the configured base URL until the last page', async () => {
		const { api, client } = await standin({ pageSize: 2 });
		for (let index = 0; index < 5; index++) api.seed({ callback_url: `${hook}?n=${index}` });
		api.seed({ callback_url: 'https://elsewhere.example/hook', scope: 'organization', user: null });
		const listed = await client.listWebhookSubscriptions({ organization: api.user.organization, user: api.user.uri, scope: 'user' });
		expect(listed.ok && listed.value.map((s) => s.callback_url)).toEqual([0, 1, 2, 3, 4].map((n) => `${hook}?n=${n}`));
		const pages = api.requests.filter((request) => request.path === '/webhook_subscriptions');
		expect(pages).toHaveLength(3);
		expect(pages.map((request) => request.query.scope)).toEqual(['user', 'user', 'user']);
	});

	test('deleteWebhookSubscription deletes by URI on the base URL; an unknown one is not_found', async () => {
		const { api, client } = await standin();
		const seeded = api.seed({ callback_url: hook });
		expect(await client.deleteWebhookSubscription(seeded.uri)).toEqual({ ok: true, value: null });
		expect(api.subscriptions).toHaveLength(0);
		expect(await client.deleteWebhookSubscription(seeded.uri)).toMatchObject({ ok: false, kind: 'not_found', status: 404 });
	});

	test('a wrong token is a 401 that says what to do, without the token', async () => {
		const { api } = await standin();
		const wrong = `wrong-token-${'w'.repeat(30)}`;
		const result = await createCalendlyClient({ token: wrong, baseUrl: api.url }).getCurrentUser();
		expect(result).toMatchObject({ ok: false, kind: 'unauthorized', status: 401 });
		if (!result.ok) {
			expect(result.reason).toContain('CALENDLY_API_TOKEN');
			expect(result.reason).not.toContain(wrong);
		}
	});

	test("a new token without a scope is a 403 that names the missing scope from Calendly's error, not the plan", async () => {
		const { api } = await standin({ scopes: ['users:read', 'webhooks:read'] });
		const client = createCalendlyClient({ token: api.token, baseUrl: api.url });
		const result = await client.createWebhookSubscription(newSubscription(api, 'user'));
		expect(result).toMatchObject({ ok: false, kind: 'missing_scope', status: 403, scope: 'webhooks:write' });
		if (!result.ok) {
			expect(result.reason).toContain('the token lacks the scope webhooks:write');
			expect(result.reason).toContain('users:read, webhooks:write (includes webhooks:read) and scheduled_events:read');
			expect(result.reason).not.toMatch(/plan|Standard/i);
		}
		expect(await client.listScheduledEvents({ user: api.user.uri, minStartTime: new Date() })).toMatchObject({
			ok: false,
			kind: 'missing_scope',
			scope: 'scheduled_events:read'
		});
	});

	test('a subscription to invitee events needs scheduled_events:read too, and the 403 says so', async () => {
		const { api } = await standin({ scopes: ['users:read', 'webhooks:write'] });
		const result = await createCalendlyClient({ token: api.token, baseUrl: api.url }).createWebhookSubscription(newSubscription(api, 'user'));
		expect(result).toMatchObject({ ok: false, kind: 'missing_scope', scope: 'scheduled_events:read' });
	});

	test('a plan refusal quotes Calendly and blames the plan only then', async () => {
		const { api, client } = await standin({ plan: 'free' });
		expect(await client.createWebhookSubscription(newSubscription(api, 'organization'))).toMatchObject({ ok: true });
		const routing = await client.createWebhookSubscription(
			newSubscription(api, 'organization', { url: `${hook}/forms`, events: ['routing_form_submission.created'] })
		);
		expect(routing).toMatchObject({ ok: false, kind: 'plan', status: 403 });
		if (!routing.ok) expect(routing.reason).toContain('"Please upgrade to a paid Calendly account."');
		if (!routing.ok)
			expect(routing.reason).toContain(
				'Webhooks work on every plan (since November 2026); only routing-form, meeting-recap and contact events need a plan'
			);
	});

	test('a 403 that names no scope says which scope the request needs and that organization scope needs an admin', async () => {
		const { api, client } = await standin({ admin: false });
		const result = await client.listWebhookSubscriptions({ organization: api.user.organization, scope: 'organization' });
		expect(result).toMatchObject({ ok: false, kind: 'forbidden', status: 403 });
		if (!result.ok) expect(result.reason).toMatch(/needs the scope webhooks:read.*organization owner or admin/);
	});

	test("a 429 is retried after the reset Calendly's rate-limit headers give, then succeeds", async () => {
		const { api, client } = await standin();
		api.failNext({ status: 429, resetSeconds: 1 });
		const started = Date.now();
		expect(await client.getCurrentUser()).toMatchObject({ ok: true });
		const [limited, retried] = api.requests;
		expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	test('a rate limit that resets later than the client will wait is reported at once, with the limit and reset', async () => {
		const { api } = await standin();
		api.failNext({ status: 429, resetSeconds: 45 });
		const result = await createCalendlyClient({ token: api.token, baseUrl: api.url, maxRetryWaitMs: 10_000 }).getCurrentUser();
		expect(result).toMatchObject({ ok: false, kind: 'rate_limited', status: 429 });
		if (!result.ok) expect(result.reason).toContain('(429, limit 500 requests a minute, reset in 45 s)');
		expect(api.requests).toHaveLength(1);
	});

	test('5xx and timeouts are retried with back-off; a failure that persists says how many attempts were made', async () => {
		const { api } = await standin();
		const client = createCalendlyClient({ token: api.token, baseUrl: api.url, retryBaseMs: 20, timeoutMs: 300 });
		api.failNext({ status: 502 }, { status: 'stall', stallMs: 600 });
		expect(await client.getCurrentUser()).toMatchObject({ ok: true });
		expect(api.requests).toHaveLength(3);
		api.failNext({ status: 503 }, { status: 503 }, { status: 503 });
		const failed = await client.listWebhookSubscriptions({ organization: api.user.organization, user: api.user.uri, scope: 'user' });
		expect(failed).toMatchObject({ ok: false, kind: 'server', status: 503, attempts: 3 });
		if (!failed.ok) expect(failed.reason).toBe('Calendly had a server error during listing webhook subscriptions (503). (3 attempts)');
	});

	test('a create is not repeated after a 5xx (Calendly may have created it), only after a 429', async () => {
		const { api, client } = await standin();
		api.failNext({ status: 500 });
		expect(await client.createWebhookSubscription(newSubscription(api, 'organization'))).toMatchObject({ ok: false, kind: 'server' });
		expect(api.requests).toHaveLength(1);
	});

	test("listScheduledEvents pages through the events starting in the window; listInvitees through an event's invitees", async () => {
		const { api, client } = await standin({ pageSize: 2 });
		const day = (n: number) => new Date(Date.UTC(2026, 11, n, 10));
		for (const n of [1, 2, 3, 4, 5]) api.book({ startsAt: day(n) });
		const events = await client.listScheduledEvents({ user: api.user.uri, minStartTime: day(2) });
		expect(events.ok && events.value.map((event) => event.start_time)).toEqual([2, 3, 4, 5].map((n) => day(n).toISOString()));
		expect(api.requests.filter((request) => request.path === '/scheduled_events')).toHaveLength(2);
		const event = events.ok ? events.value[0]! : undefined;
		const invitees = await client.listInvitees(event!.uri);
		expect(invitees).toMatchObject({ ok: true, value: [{ status: 'active', uri: expect.stringContaining(`${event!.uri}/invitees/`) }] });
	});

	test('a closed port is a network failure and a slow answer a timeout, never an exception', async () => {
		const port = await freePort();
		const closed = await createCalendlyClient({ token: 'x'.repeat(40), baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 1 }).getCurrentUser();
		expect(closed).toMatchObject({ ok: false, kind: 'network' });
		if (!closed.ok) expect(closed.reason).toBe(`Cannot reach Calendly at http://127.0.0.1:${port} (ECONNREFUSED).`);
		const { api } = await standin({ delayMs: 500 });
		const slow = await createCalendlyClient({ token: api.token, baseUrl: api.url, timeoutMs: 100, maxAttempts: 1 }).getCurrentUser();
		expect(slow).toMatchObject({ ok: false, kind: 'timeout', reason: `Calendly at ${api.url} did not answer within 0.1 s.` });
	});
});

describe('assessSubscription', () => {
	const now = new Date('2026-03-10T12:00:00Z');
	const subscription = (fields: Partial<WebhookSubscription>): WebhookSubscription => ({
		uri: 'https://api.calendly.com/webhook_subscriptions/a',
		callback_url: hook,
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:00Z',
		retry_started_at: null,
		state: 'active',
		events: [...WEBHOOK_EVENTS],
		scope: 'user',
		organization: 'https://api.calendly.com/organizations/o',
		user: 'https://api.calendly.com/users/u',
		group: null,
		creator: null,
		...fields
	});

	test.each([
		['no subscription at all', [], 'missing'],
		['only a subscription for another URL', [subscription({ callback_url: 'https://other.example/hook' })], 'missing'],
		['an active one without retries', [subscription({})], 'active'],
		[
			'an active one whose URL differs only in normalisation',
			[subscription({ callback_url: 'HTTPS://FPSOS.example/functions/v1/calendly-webhook' })],
			'active'
		],
		['an active one retrying for an hour', [subscription({ retry_started_at: '2026-03-10T11:00:00Z' })], 'retrying'],
		[
			'an active one whose last retry run is over 24 h old (it recovered)',
			[subscription({ retry_started_at: '2026-03-08T11:00:00Z' })],
			'active'
		],
		['a disabled one', [subscription({ state: 'disabled', retry_started_at: '2026-03-08T11:00:00Z' })], 'disabled'],
		[
			'a disabled one next to a healthy one',
			[subscription({ state: 'disabled' }), subscription({ uri: 'https://api.calendly.com/webhook_subscriptions/b' })],
			'active'
		],
		[
			'a disabled one next to a retrying one',
			[subscription({ state: 'disabled' }), subscription({ retry_started_at: '2026-03-10T11:00:00Z' })],
			'retrying'
		]
	] as const)('%s -> %s', (_situation, subscriptions, status) => {
		const assessment = assessSubscription(subscriptions, hook, now);
		expect(assessment.status).toBe(status);
		expect(assessment.subscription === undefined).toBe(status === 'missing');
		expect(assessment.reason).toContain(hook);
	});

	test('the retrying reason gives the deadline before Calendly disables the subscription', () => {
		const { reason } = assessSubscription([subscription({ retry_started_at: '2026-03-10T11:00:00Z' })], hook, now);
		expect(reason).toContain('retrying since 2026-03-10T11:00:00Z');
		expect(reason).toContain('before 2026-03-11T11:00:00.000Z');
	});
});
