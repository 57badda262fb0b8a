import { afterEach, describe, expect, test } from 'vitest';
import { startCalendlyStandin, type CalendlyStandin, type CalendlyStandinOptions } from './calendly-standin.ts';

/** The Calendly stand-in answers as Calendly documents it: checked with plain HTTP, not through the bot's client. */
describe('Calendly stand-in', () => {
	const started: CalendlyStandin[] = [];
	afterEach(async () => {
		for (const api of started.splice(0)) await api.close();
	});
	async function standin(options: CalendlyStandinOptions = {}) {
		const api = await startCalendlyStandin(options);
		started.push(api);
		const request = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${api.url}${path}`, {
				method,
				headers: { authorization: `Bearer ${api.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
				...(body ? { body: JSON.stringify(body) } : {})
			});
			const text = await response.text();
			return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
		};
		return { api, request };
	}
	const hook = 'https://fpsos.example/hook';

	test('a token without a scope gets 403 with an error body naming it; a :write scope includes its :read', async () => {
		const { api, request } = await standin({ scopes: ['webhooks:write'] });
		const me = await request('GET', '/users/me');
		expect(me.status).toBe(403);
		expect(me.body).toMatchObject({ title: 'Permission Denied', details: [{ parameter: 'scope', message: 'users:read is required' }] });
		const query = new URLSearchParams({ organization: api.user.organization, scope: 'user', user: api.user.uri });
		expect((await request('GET', `/webhook_subscriptions?${query.toString()}`)).status).toBe(200);
		const create = await request('POST', '/webhook_subscriptions', {
			url: hook,
			events: ['invitee.created'],
			organization: api.user.organization,
			user: api.user.uri,
			scope: 'user'
		});
		expect(create.status).toBe(403);
		expect(JSON.stringify(create.body)).toContain('scheduled_events:read');
	});

	test('a legacy token (no scopes given) reaches every endpoint', async () => {
		const { request } = await standin();
		expect((await request('GET', '/users/me')).status).toBe(200);
	});

	test('webhooks work on the free plan; only plan-feature events are refused with the upgrade message', async () => {
		const { api, request } = await standin({ plan: 'free' });
		const base = { organization: api.user.organization, scope: 'organization' };
		expect(
			(await request('POST', '/webhook_subscriptions', { ...base, url: hook, events: ['invitee.created', 'invitee.canceled'] })).status
		).toBe(201);
		const routing = await request('POST', '/webhook_subscriptions', {
			...base,
			url: `${hook}/forms`,
			events: ['routing_form_submission.created']
		});
		expect(routing).toMatchObject({ status: 403, body: { message: 'Please upgrade to a paid Calendly account.' } });
	});

	test('the same URL for the same user is a 409, whichever scope holds it', async () => {
		const { api, request } = await standin();
		api.seed({ callback_url: hook, scope: 'organization', user: null });
		const again = await request('POST', '/webhook_subscriptions', {
			url: hook,
			events: ['invitee.created'],
			organization: api.user.organization,
			user: api.user.uri,
			scope: 'user'
		});
		expect(again).toMatchObject({ status: 409, body: { message: 'Hook with this url already exists' } });
	});

	test('every answer carries the rate-limit headers; a 429 has none remaining and the seconds until the reset', async () => {
		const { api, request } = await standin();
		const ok = await request('GET', '/users/me');
		expect(ok.headers.get('x-ratelimit-limit')).toBe('500');
		expect(Number(ok.headers.get('x-ratelimit-remaining'))).toBe(499);
		api.failNext({ status: 429, resetSeconds: 7 });
		const limited = await request('GET', '/users/me');
		expect(limited.status).toBe(429);
		expect([limited.headers.get('x-ratelimit-remaining'), limited.headers.get('x-ratelimit-reset')]).toEqual(['0', '7']);
		expect((await request('GET', '/users/me')).status).toBe(200);
	});

	test('scheduled events are filtered by start time, sorted and paginated; invitees are listed per event', async () => {
		const { api, request } = await standin({ pageSize: 2 });
		const day = (n: number) => new Date(Date.UTC(2026, 11, n, 10));
		const booked = [5, 3, 7, 4, 1].map((n) => api.book({ startsAt: day(n) }));
		api.book({ startsAt: day(6), canceledAt: day(2) });
		const query = new URLSearchParams({ user: api.user.uri, min_start_time: day(2).toISOString(), sort: 'start_time:asc', count: '100' });
		const first = await request('GET', `/scheduled_events?${query.toString()}`);
		expect(first.status).toBe(200);
		const next = (first.body!.pagination as { next_page: string }).next_page;
		expect(new URL(next).origin).toBe('https://api.calendly.com');
		const second = await request('GET', `/scheduled_events?${new URL(next).searchParams.toString()}`);
		const third = await request(
			'GET',
			`/scheduled_events?${new URL((second.body!.pagination as { next_page: string }).next_page).searchParams.toString()}`
		);
		expect((third.body!.pagination as { next_page: string | null }).next_page).toBeNull();
		const starts = [first, second, third].flatMap((page) =>
			(page.body!.collection as { start_time: string; status: string }[]).map((event) => [event.start_time, event.status])
		);
		expect(starts).toEqual([3, 4, 5, 6, 7].map((n) => [day(n).toISOString(), n === 6 ? 'canceled' : 'active']));
		const uuid = String(booked[0]!.event.uri).split('/').pop();
		const listed = await request('GET', `/scheduled_events/${uuid}/invitees`);
		expect(listed.body!.collection).toEqual([booked[0]!.invitee]);
		expect(listed.body!.collection).toEqual([expect.not.objectContaining({ scheduled_event: expect.anything() })]);
		expect((await request('GET', '/scheduled_events/unknown/invitees')).status).toBe(404);
	});

	test('a cancellation and a no-show show on the invitee (status, cancellation, no_show) and a canceled one-on-one event', async () => {
		const { api, request } = await standin();
		const kept = api.book({ startsAt: new Date(Date.UTC(2026, 11, 9, 10)) });
		const dropped = api.book({ startsAt: new Date(Date.UTC(2026, 11, 10, 10)) });
		api.cancel(String(dropped.invitee.uri), new Date(Date.UTC(2026, 11, 8, 9)), { reason: 'Sick' });
		api.markNoShow(String(kept.invitee.uri), new Date(Date.UTC(2026, 11, 9, 11)));
		const inviteesOf = async (booked: { event: Record<string, unknown> }) =>
			(await request('GET', `/scheduled_events/${String(booked.event.uri).split('/').pop()}/invitees`)).body!.collection as Record<
				string,
				unknown
			>[];
		expect(await inviteesOf(dropped)).toEqual([
			expect.objectContaining({
				status: 'canceled',
				updated_at: '2026-12-08T09:00:00.000Z',
				cancellation: expect.objectContaining({ reason: 'Sick', canceler_type: 'invitee', created_at: '2026-12-08T09:00:00.000Z' })
			})
		]);
		expect(await inviteesOf(kept)).toEqual([
			expect.objectContaining({ status: 'active', no_show: expect.objectContaining({ created_at: '2026-12-09T11:00:00.000Z' }) })
		]);
		const query = new URLSearchParams({ user: api.user.uri, min_start_time: new Date(Date.UTC(2026, 11, 1)).toISOString() });
		const listed = (await request('GET', `/scheduled_events?${query.toString()}`)).body!.collection as { uri: string; status: string }[];
		expect(listed.map((event) => [event.uri, event.status])).toEqual([
			[kept.event.uri, 'active'],
			[dropped.event.uri, 'canceled']
		]);
	});
});
