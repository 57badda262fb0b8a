import { afterEach, describe, expect, test } from 'vitest';
import { runCalendlyStatus, runCalendlySubscribe } from '../../src/cli/calendly.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import { memoryIo } from '../support/cli.ts';

const hook = 'https://fpsos.example/functions/v1/calendly-webhook';
const signingKey = 'signing-key-for-cli-tests-0123456789';
const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];

describe('fpsos calendly subscribe and status', () => {
	const standins: CalendlyStandin[] = [];
	afterEach(async () => {
		for (const started of standins.splice(0)) await started.close();
	});
	async function setup(options: Parameters<typeof startCalendlyStandin>[0] = {}) {
		const api = await startCalendlyStandin(options);
		standins.push(api);
		const env = { CALENDLY_API_TOKEN: api.token, CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_API_URL: api.url };
		const secretsAbsent = (text: string) => {
			expect(text).not.toContain(api.token);
			expect(text).not.toContain(signingKey);
		};
		return { api, env, secretsAbsent };
	}

	test('subscribe creates the subscription for the four invitee events with the signing key', async () => {
		const { api, env, secretsAbsent } = await setup();
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook })).toBe(0);
		expect(api.subscriptions).toHaveLength(1);
		const [created] = api.subscriptions;
		expect(created).toMatchObject({ callback_url: hook, state: 'active', scope: 'user', user: api.user.uri, events: EVENTS });
		expect(api.signingKeyOf(created!.uri)).toBe(signingKey);
		expect(run.out.join('\n')).toContain(`Subscribed: Calendly will deliver ${EVENTS.join(', ')} to ${hook}`);
		expect(run.err).toEqual([]);
		secretsAbsent(run.all());
	});

	test('subscribe with organization scope subscribes the organization', async () => {
		const { api, env } = await setup();
		expect(await runCalendlySubscribe(env, memoryIo().io, { url: hook, scope: 'organization' })).toBe(0);
		expect(api.subscriptions[0]).toMatchObject({ scope: 'organization', user: null, organization: api.user.organization });
	});

	test('a second subscribe finds the active subscription and creates no duplicate', async () => {
		const { api, env, secretsAbsent } = await setup();
		await runCalendlySubscribe(env, memoryIo().io, { url: hook });
		const again = memoryIo();
		expect(await runCalendlySubscribe(env, again.io, { url: hook })).toBe(0);
		expect(api.subscriptions).toHaveLength(1);
		expect(api.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(again.out[0]).toMatch(/^Already subscribed: .*Nothing to do\.$/);
		expect(again.out).toContain('If deliveries fail their signature (CALENDLY_WEBHOOK_SIGNING_KEY changed), run this again with --rotate.');
		secretsAbsent(again.all());
	});

	test('a disabled subscription is deleted and recreated, and the output says so', async () => {
		const { api, env, secretsAbsent } = await setup();
		const old = api.seed({ callback_url: hook, events: EVENTS, state: 'disabled', retry_started_at: '2026-03-01T10:00:00Z' });
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook })).toBe(0);
		expect(api.subscriptions).toHaveLength(1);
		expect(api.subscriptions[0]).toMatchObject({ callback_url: hook, state: 'active', retry_started_at: null });
		expect(api.subscriptions[0]?.uri).not.toBe(old.uri);
		expect(api.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET', 'DELETE', 'POST']);
		expect(run.out[0]).toBe(`Deleting the user-scope subscription for ${hook}: it is disabled (Calendly gave up delivering to it).`);
		expect(run.out[1]).toBe(`Deleted ${old.uri}.`);
		expect(run.out[2]).toMatch(/^Subscribed: /);
		expect(run.out.at(-1)).toContain('Calendly does not resend what it gave up on');
		secretsAbsent(run.all());
	});

	test.each([
		['the token', { CALENDLY_WEBHOOK_SIGNING_KEY: signingKey }, 'CALENDLY_API_TOKEN is missing'],
		['the signing key', { CALENDLY_API_TOKEN: 'x'.repeat(40), CALENDLY_WEBHOOK_SIGNING_KEY: '  ' }, 'CALENDLY_WEBHOOK_SIGNING_KEY is missing']
	])('subscribe without %s refuses in one readable line and calls nobody', async (_what, env, problem) => {
		const { api } = await setup();
		const run = memoryIo();
		expect(await runCalendlySubscribe({ ...env, CALENDLY_API_URL: api.url }, run.io, { url: hook })).toBe(1);
		expect(run.out).toEqual([]);
		expect(run.err).toHaveLength(1);
		expect(run.err[0]).toMatch(/^Configuration problem: .*See \.env\.example\.$/);
		expect(run.err[0]).toContain(problem);
		expect(api.requests).toEqual([]);
	});

	test('subscribe with a brand-new token that lacks a scope names the scope and the full list, in one line', async () => {
		const { env, secretsAbsent } = await setup({ scopes: ['users:read', 'webhooks:read', 'scheduled_events:read'] });
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook })).toBe(1);
		expect(run.err).toHaveLength(1);
		expect(run.err[0]).toContain('the token lacks the scope webhooks:write');
		expect(run.err[0]).toContain('users:read, webhooks:write (includes webhooks:read) and scheduled_events:read');
		expect(run.err[0]).not.toMatch(/paid plan|Standard/);
		secretsAbsent(run.all());
	});

	test('subscribe with a token holding exactly the documented scopes connects on the first try, on the free plan', async () => {
		const { api, env } = await setup({ scopes: ['users:read', 'webhooks:write', 'scheduled_events:read'], plan: 'free' });
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook })).toBe(0);
		expect(api.subscriptions).toHaveLength(1);
	});

	test('--rotate recreates a healthy subscription so that it carries the current signing key, and says so', async () => {
		const { api, env, secretsAbsent } = await setup();
		const old = api.seed({ callback_url: hook, events: EVENTS });
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook, rotate: true })).toBe(0);
		expect(api.subscriptions).toHaveLength(1);
		expect(api.subscriptions[0]!.uri).not.toBe(old.uri);
		expect(api.signingKeyOf(api.subscriptions[0]!.uri)).toBe(signingKey);
		expect(run.out[0]).toBe(
			`Deleting the user-scope subscription for ${hook}: its signing key was fixed when it was created, and --rotate asks for the current CALENDLY_WEBHOOK_SIGNING_KEY.`
		);
		expect(run.out).toContain(`Deleted ${old.uri}.`);
		expect(run.out.some((line) => line.startsWith('Subscribed: '))).toBe(true);
		secretsAbsent(run.all());
	});

	test.each([
		['user', 'organization'],
		['organization', 'user']
	] as const)('switching from %s to %s scope finds the same-URL subscription in the other scope and replaces it (no 409)', async (from, to) => {
		const { api, env } = await setup();
		const old = api.seed({ callback_url: hook, events: EVENTS, scope: from, user: from === 'user' ? api.user.uri : null });
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook, scope: to })).toBe(0);
		expect(run.err).toEqual([]);
		expect(api.subscriptions).toEqual([expect.objectContaining({ scope: to, callback_url: hook })]);
		expect(run.out[0]).toBe(
			`Deleting the ${from}-scope subscription for ${hook}: a ${to}-scope one replaces it (Calendly allows one subscription per URL).`
		);
		expect(run.out[1]).toBe(`Deleted ${old.uri}.`);
	});

	test('an organization subscription a member token cannot see makes the 409 explain who can remove it', async () => {
		const { api, env } = await setup({ admin: false });
		api.seed({ callback_url: hook, events: EVENTS, scope: 'organization', user: null });
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook })).toBe(1);
		expect(run.err).toHaveLength(1);
		expect(run.err[0]).toMatch(/Hook with this url already exists.*only an organization owner or admin can list and delete/);
	});

	test('a failure listing organization subscriptions other than 403 stops subscribe and says which list failed', async () => {
		const { api, env } = await setup();
		const organizationList = { status: 503 as const, path: '/webhook_subscriptions', query: { scope: 'organization' } };
		api.failNext(organizationList, organizationList, organizationList);
		const run = memoryIo();
		expect(await runCalendlySubscribe(env, run.io, { url: hook })).toBe(1);
		expect(run.err).toEqual([
			'Organization-scope subscriptions: Calendly had a server error during listing webhook subscriptions (503). (3 attempts)'
		]);
		expect(api.requests.filter((request) => request.method === 'POST')).toEqual([]);
	});

	test('status lists the subscriptions and says deliveries are healthy (exit 0)', async () => {
		const { api, env, secretsAbsent } = await setup();
		api.seed({ callback_url: hook, events: EVENTS });
		const run = memoryIo();
		expect(await runCalendlyStatus(env, run.io, { url: hook })).toBe(0);
		expect(run.out[0]).toBe('Calendly webhook subscriptions (1):');
		expect(run.out[1]).toContain(`active   ${hook}  scope user  events ${EVENTS.join(', ')}  no retries`);
		expect(run.out.at(-1)).toMatch(/^Deliveries to .* are healthy/);
		secretsAbsent(run.all());
	});

	test('status checks the only callback URL when none is given', async () => {
		const { api, env } = await setup();
		api.seed({ callback_url: hook, scope: 'organization', user: null });
		const run = memoryIo();
		expect(await runCalendlyStatus(env, run.io)).toBe(0);
		expect(run.out.at(-1)).toContain(`Deliveries to ${hook} are healthy`);
	});

	test.each([
		['disabled', { state: 'disabled' as const }, /have stopped: the subscription is disabled.*npx fpsos calendly subscribe/],
		[
			'retrying',
			{ retry_started_at: new Date(Date.now() - 3_600_000).toISOString() },
			/are failing: Calendly has been retrying since .*disables the subscription/
		],
		['missing', { callback_url: 'https://old.example/hook' }, /No subscription delivers to/]
	])('status with a %s subscription says so in plain words (exit 1)', async (_state, fields, words) => {
		const { api, env, secretsAbsent } = await setup();
		api.seed({ callback_url: hook, ...fields });
		const run = memoryIo();
		expect(await runCalendlyStatus(env, run.io, { url: hook })).toBe(1);
		expect(run.out.at(-1)).toMatch(words);
		secretsAbsent(run.all());
	});

	test('status with no subscription at all exits 1 and says how to create one', async () => {
		const { env } = await setup();
		const run = memoryIo();
		expect(await runCalendlyStatus(env, run.io)).toBe(1);
		expect(run.out).toEqual([
			'Calendly webhook subscriptions: none.',
			'Calendly sends bookings nowhere. Run `npx fpsos calendly subscribe --url <webhook url>`.'
		]);
	});

	test('status for a non-admin token lists user-scope subscriptions and says the rest is not visible', async () => {
		const { api, env } = await setup({ admin: false });
		api.seed({ callback_url: hook });
		const run = memoryIo();
		expect(await runCalendlyStatus(env, run.io, { url: hook })).toBe(0);
		expect(run.out[0]).toContain('Organization-scope subscriptions are not visible');
		expect(run.out.at(-1)).toMatch(/^Deliveries to .* are healthy/);
	});

	test('status with a rejected token prints the reason once and never the token', async () => {
		const { api, secretsAbsent } = await setup();
		const wrong = `${api.token}-but-revoked`;
		const run = memoryIo();
		expect(await runCalendlyStatus({ CALENDLY_API_TOKEN: wrong, CALENDLY_API_URL: api.url }, run.io)).toBe(1);
		expect(run.err).toHaveLength(1);
		expect(run.err[0]).toMatch(/^Calendly refused the token \(401\)/);
		expect(run.all()).not.toContain(wrong);
		secretsAbsent(run.all());
	});
});
