import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hashBookingToken } from '../../supabase/functions/_shared/booking-token.ts';
import { parseDiscordAnswer, parseReferralAnswer } from '../../supabase/functions/_shared/calendly/answers.ts';
import { buildCalendlyDelivery, cleanText } from '../../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCanceled, inviteeCreated, noShowCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';

const now = new Date('2026-03-02T17:04:11Z');
const build = (delivery: unknown) => buildCalendlyDelivery(delivery, deliveryBytes(delivery), now);

describe('parseDiscordAnswer', () => {
	test.each([
		['300000000000000001', { discordUserId: '300000000000000001' }],
		['<@300000000000000001>', { discordUserId: '300000000000000001' }],
		['<@!300000000000000001>', { discordUserId: '300000000000000001' }],
		['my id is 300000000000000001 thanks', { discordUserId: '300000000000000001' }],
		['@Player_One', { username: 'Player_One' }],
		['player.one#1234', { username: 'player.one' }],
		['  player_one  ', { username: 'player_one' }],
		['Player One', null],
		['x', null],
		['', null]
	])('%j -> %j', (answer, expected) => {
		expect(parseDiscordAnswer(answer)).toEqual(expected);
	});
});

describe('parseReferralAnswer', () => {
	test.each([
		['abcd2345', 'ABCD2345'],
		[' ABCD-2345 ', 'ABCD2345'],
		['no code', null],
		['ABCD0000', null],
		['', null]
	])('%j -> %j', (answer, expected) => {
		expect(parseReferralAnswer(answer)).toBe(expected);
	});
});

describe('buildCalendlyDelivery', () => {
	test('invitee.created: times, event type, token hashed, answers read, dedupe key from event + invitee + created_at', async () => {
		const token = 'A'.repeat(43);
		const delivery = inviteeCreated({
			token,
			createdAt: '2026-03-02T17:04:11.482913Z',
			answers: [
				{ question: 'Your Discord username', answer: '<@300000000000000001>' },
				{ question: 'Referral code (optional)', answer: 'abcd2345' }
			]
		});
		const built = await build(delivery);
		const payload = delivery.payload as { uri: string; scheduled_event: { start_time: string } };
		expect(built).toMatchObject({
			kind: 'created',
			event_type: 'invitee.created',
			dedupe_key: `invitee.created|${payload.uri}|2026-03-02T17:04:11.482913Z`,
			invitee_uri: payload.uri,
			starts_at: payload.scheduled_event.start_time,
			token_hash: await hashBookingToken(token),
			discord_user_id: '300000000000000001',
			discord_username: null,
			referral_code: 'ABCD2345',
			now: now.toISOString()
		});
	});

	test('the project fixture (captured shape) reads its event type, name and times', async () => {
		const text = readFileSync(new URL('../../supabase/functions/_shared/fixtures/invitee-created.json', import.meta.url), 'utf8');
		const built = await buildCalendlyDelivery(JSON.parse(text), new TextEncoder().encode(text), now);
		expect(built).toMatchObject({
			kind: 'created',
			event_type_uri: 'https://api.calendly.com/event_types/fpsos-full-tune-up',
			event_name: 'Full Tune-Up',
			starts_at: '2026-03-09T14:00:00.000Z',
			ends_at: '2026-03-09T16:00:00.000Z',
			timezone: 'Asia/Dubai',
			discord_username: 'playerone',
			referral_code: null,
			token_hash: null
		});
	});

	test('a 2020-shaped cancellation has no times; canceled_at falls back to updated_at', async () => {
		const text = readFileSync(new URL('../../supabase/functions/_shared/fixtures/invitee-canceled.2020-shape.json', import.meta.url), 'utf8');
		const built = await buildCalendlyDelivery(JSON.parse(text), new TextEncoder().encode(text), now);
		expect(built).toMatchObject({
			kind: 'canceled',
			starts_at: null,
			ends_at: null,
			canceled_at: '2026-03-04T09:12:39.511Z',
			cancel_reason: null,
			rescheduled: false
		});
	});

	test('a rescheduling cancellation carries the new invitee and the reason', async () => {
		const built = await build(inviteeCanceled({ rescheduled: true, newInvitee: 'https://api.calendly.com/scheduled_events/e/invitees/new' }));
		expect(built).toMatchObject({
			kind: 'canceled',
			rescheduled: true,
			new_invitee_uri: 'https://api.calendly.com/scheduled_events/e/invitees/new',
			cancel_reason: 'Something came up'
		});
	});

	test('a no-show payload that names its invitee separately is read by that invitee', async () => {
		const delivery = noShowCreated({ createdAt: '2026-03-02T18:00:00Z' });
		const invitee = (delivery.payload as { uri: string }).uri;
		const built = await build({ ...delivery, payload: { uri: 'https://api.calendly.com/invitee_no_shows/x', invitee } });
		expect(built).toMatchObject({ kind: 'no_show_created', invitee_uri: invitee, no_show_at: '2026-03-02T18:00:00.000Z' });
	});

	test.each([
		['no payload uri', { event: 'invitee.created', created_at: '2026-03-02T17:04:11Z', payload: { email: 'a@b.c' } }],
		['no event', { payload: {} }],
		['ends before it starts', inviteeCreated({ startsAt: new Date('2026-03-09T14:00:00Z'), durationMinutes: -30 })]
	])('unreadable (%s): kind invalid, keyed by the body hash', async (_name, delivery) => {
		const built = await build(delivery);
		expect(built.kind).toBe('invalid');
		expect(built.error).toBeTruthy();
	});

	test('events it does not handle are ignored', async () => {
		const built = await build({
			event: 'routing_form_submission.created',
			created_at: '2026-03-02T17:04:11Z',
			payload: { uri: 'https://api.calendly.com/routing_form_submissions/1' }
		});
		expect(built).toMatchObject({
			kind: 'ignored',
			dedupe_key: 'routing_form_submission.created|https://api.calendly.com/routing_form_submissions/1|2026-03-02T17:04:11Z'
		});
	});

	test('cleanText strips what PostgreSQL refuses and bounds the length', () => {
		expect(cleanText('a\u0000b\uD800c  ')).toBe('ab\uFFFDc');
		expect(cleanText('   ')).toBeNull();
		expect(cleanText('abcdef', 3)).toBe('abc');
		expect(cleanText('😀')).toBe('😀');
	});
});
