import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, newInviteeUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';

/** Funnel steps 6-7: staff close the session; the follow-ups begin. */
describe('session lifecycle', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' }) });
	let staff: FakeMember;

	/** A member booked through their personal Calendly link; returns the booking id and the staff card. */
	async function booked(member: FakeMember): Promise<{ bookingId: string; card: MessageView }> {
		const link = await (await member.slash('book', { options: { package: 'full' } })).message();
		const token = new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
		const invitee = newInviteeUri();
		const response = await postCalendly(
			ctx.bot.http.url,
			inviteeCreated({ inviteeUri: invitee, token, startsAt: new Date(Date.now() + 3600_000) }),
			signingKey
		);
		expect(response.status).toBe(200);
		const card = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.staff,
			predicate: (message) => message.text.includes(member.mention)
		});
		const [row] = await ctx.bot.db.query<{ id: string }>('select id from public.bookings where calendly_invitee_uri = $1', [invitee]);
		return { bookingId: row!.id, card };
	}

	/** Time passes: the notification falls due now and the bot is woken. */
	async function fallDue(bookingId: string, kind: string) {
		await ctx.bot.db.query(`update public.notifications set due_at = now() where booking_id = $1 and kind = $2`, [bookingId, kind]);
		await wakeOutbox(ctx.bot.db, bookingId);
	}

	beforeAll(async () => {
		await ctx.fake.waitForCommand('session');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	test('staff mark a session complete from the card; the review request arrives and the review is stored as pending', async () => {
		const pia = await ctx.fake.members.create({ username: 'pia', joined: true });
		const { bookingId, card } = await booked(pia);
		await pia.nextDm({ predicate: (message) => message.text.includes("You're booked") });
		const done = await (await staff.click(card, 'Mark complete')).message();
		expect(done.text).toContain('is complete');
		const planned = await ctx.bot.db.query<{ kind: string }>(
			`select kind from public.notifications where booking_id = $1 and status = 'pending' order by kind`,
			[bookingId]
		);
		expect(planned.map((row) => row.kind)).toEqual(['performance_check', 'reoptimize_offer', 'testimonial_request']);
		await fallDue(bookingId, 'testimonial_request');
		const ask = await pia.nextDm({ predicate: (message) => message.text.includes('How did it go?') });
		const modal = await (await pia.click(ask, 'Leave a review')).modal();
		const thanks = await (
			await pia.submitModal(modal, { rating: '10', fpsBefore: '180', fpsAfter: '290', feedback: 'Night and day!' })
		).message();
		expect(thanks.text).toContain('Thank you');
		const [review] = await ctx.bot.db.query<Record<string, unknown>>(
			'select rating, fps_before, fps_after, status from public.testimonials where booking_id = $1',
			[bookingId]
		);
		expect(review).toEqual({ rating: 10, fps_before: 180, fps_after: 290, status: 'pending' });
	});

	test('a no-show from the card asks for confirmation, then the member gets a rebook message', async () => {
		const quinn = await ctx.fake.members.create({ username: 'quinn', joined: true });
		const { bookingId, card } = await booked(quinn);
		const confirm = await (await staff.click(card, 'No-show')).message();
		expect(confirm.text).toContain('Mark this session as a no-show?');
		const done = await (await staff.click(confirm, 'Yes, mark as no-show')).message();
		expect(done.text).toContain('no-show');
		const rebook = await quinn.nextDm({ predicate: (message) => message.text.includes('We missed you') });
		expect(rebook.buttons.map((button) => button.label)).toEqual(['Book again']);
		const [row] = await ctx.bot.db.query<{ status: string }>('select status from public.bookings where id = $1', [bookingId]);
		expect(row?.status).toBe('no_show');
	});

	test('/session complete works by member, and a second time says it was already marked', async () => {
		const rana = await ctx.fake.members.create({ username: 'rana', joined: true });
		await booked(rana);
		const first = await (await staff.slash('session', { subcommand: 'complete', options: { member: rana.user.id } })).message();
		expect(first.text).toContain('is complete');
		const second = await (await staff.slash('session', { subcommand: 'complete', options: { member: rana.user.id } })).message();
		expect(second.text).toContain('has no scheduled session');
	});

	test("the one-week check-in's answer is stored and answered", async () => {
		const sami = await ctx.fake.members.create({ username: 'sami', joined: true });
		const { bookingId } = await booked(sami);
		await (await staff.slash('session', { subcommand: 'complete', options: { member: sami.user.id } })).message();
		await fallDue(bookingId, 'performance_check');
		const check = await sami.nextDm({ predicate: (message) => message.text.includes('How is your PC performing?') });
		const answered = await (await sami.click(check, 'Worse')).reply();
		if (answered.kind !== 'update' && answered.kind !== 'message') throw new Error(answered.kind);
		expect(answered.message.text).toContain('/support');
		const [row] = await ctx.bot.db.query<{ performance_check_answer: string }>(
			'select performance_check_answer from public.bookings where id = $1',
			[bookingId]
		);
		expect(row?.performance_check_answer).toBe('worse');
	});

	test('staff typing "session complete" in the booking\'s private thread completes it', async () => {
		const tala = await ctx.fake.members.create({ username: 'tala', joined: true, dmsClosed: true });
		const { bookingId } = await booked(tala);
		// The thread the bot recorded for the booking (concurrent sends may each start one; the database keeps one).
		await ctx.fake.waitForMessage({ threadOf: ctx.fake.channels.sessions, predicate: (message) => message.text.includes("You're booked") });
		const [recorded] = await ctx.bot.db.query<{ thread_channel_id: string }>('select thread_channel_id from public.bookings where id = $1', [
			bookingId
		]);
		const thread = ctx.fake.threads({ parentId: ctx.fake.channels.sessions }).find((candidate) => candidate.id === recorded?.thread_channel_id);
		if (!thread) throw new Error('the booking has no thread');
		await staff.sendMessage(thread.id, 'Session complete');
		const reply = await ctx.fake.waitForMessage({ channelId: thread.id, predicate: (message) => message.text.includes('is complete') });
		expect(reply.text).toContain(tala.mention);
		const [row] = await ctx.bot.db.query<{ status: string }>('select status from public.bookings where id = $1', [bookingId]);
		expect(row?.status).toBe('completed');
	});
});
