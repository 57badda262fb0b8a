import { beforeAll, describe, expect, test } from 'vitest';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import * as make from '../support/rows.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';
import { bookThroughLink } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';

/** Funnel step 7: the review request, the member's form, staff approval and the public post. */
describe('testimonials', () => {
	let testimonialsChannel = '';
	const ctx = useBot({
		env: (fake) => {
			testimonialsChannel = fake.createChannel('testimonials');
			return {
				CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
				CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up',
				DISCORD_TESTIMONIALS_CHANNEL_ID: testimonialsChannel
			};
		}
	});
	let staff: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('session');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	/** Booked through the personal link, session delivered, the review request in the member's DMs. */
	async function reviewRequest(
		member: FakeMember,
		beforeBooking?: (memberId: string) => Promise<void>
	): Promise<{ bookingId: string; ask: MessageView }> {
		const { invitee } = await bookThroughLink(ctx.bot.http.url, member, signingKey);
		const [row] = await ctx.bot.db.query<{ id: string; member_id: string }>(
			'select id, member_id from public.bookings where calendly_invitee_uri = $1',
			[invitee]
		);
		await beforeBooking?.(row!.member_id);
		await (await staff.slash('session', { subcommand: 'complete', options: { member: member.user.id } })).message();
		await ctx.bot.db.query(`update public.notifications set due_at = now() where booking_id = $1 and kind = 'testimonial_request'`, [row!.id]);
		await wakeOutbox(ctx.bot.db, row!.id);
		const ask = await member.nextDm({ predicate: (message) => message.text.includes('How did it go?') });
		return { bookingId: row!.id, ask };
	}

	async function review(member: FakeMember, ask: MessageView, values: Record<string, string>): Promise<MessageView> {
		const modal = await (await member.click(ask, 'Leave a review')).modal();
		// Each question is a Label (type 18) around its text input, not a deprecated action row.
		expect(modal.components.map((component) => component.type)).toEqual([18, 18, 18, 18]);
		return (await member.submitModal(modal, values)).message();
	}

	const staffCard = (member: FakeMember) =>
		ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.staff,
			predicate: (message) => message.text.includes(`Review from ${member.user.username}`)
		});

	test('a 10/10 gets the referral code with share links; staff approve; the public post shows the reported gain', async () => {
		const uma = await ctx.fake.members.create({ username: 'uma', joined: true });
		const { bookingId, ask } = await reviewRequest(uma);
		const thanks = await review(uma, ask, { rating: '10', fpsBefore: '180', fpsAfter: '290', feedback: 'Night and day!' });
		const [code] = await ctx.bot.db.query<{ code: string }>(
			'select rc.code from public.referral_codes rc join public.members m on m.id = rc.member_id where m.discord_user_id = $1',
			[uma.user.id]
		);
		expect(thanks.text).toContain(code!.code);
		expect(thanks.buttons.map((button) => button.label)).toEqual(['Share on WhatsApp', 'Share on X']);
		expect(decodeURIComponent(thanks.buttons[0]!.url!)).toContain(code!.code);

		const card = await staffCard(uma);
		expect(card.text).toContain('10/10');
		expect(card.text).toContain('180 → 290 FPS');
		expect(card.buttons.map((button) => button.label)).toEqual(['Approve', 'Reject']);

		await (await staff.click(card, 'Approve')).reply();
		const post = await ctx.fake.waitForMessage({ channelId: testimonialsChannel });
		expect(post.text).toContain('10/10 from uma');
		expect(post.text).toContain('180 → 290 FPS');
		expect(post.text).toContain('+61%');
		expect(post.text).toContain('reported by the player');
		expect(post.text).not.toContain('Measured');
		const stored = async () =>
			(
				await ctx.bot.db.query<{ status: string; public_message_id: string | null }>(
					'select status, public_message_id from public.testimonials where booking_id = $1',
					[bookingId]
				)
			)[0];
		await until(async () => (await stored())?.public_message_id !== null);
		expect(await stored()).toEqual({ status: 'approved', public_message_id: post.id });
		const updated = ctx.fake.messages(ctx.fake.channels.staff).find((message) => message.id === card.id)!;
		expect(updated.buttons).toEqual([]);
		expect(updated.text).toContain('Approved by coach');
		// A second Approve (a stale card in another client) posts nothing more.
		expect(ctx.fake.messages(testimonialsChannel)).toHaveLength(1);

		// The member rewrites their review: the old words come down until staff approve the new ones.
		await review(uma, ask, { rating: '10', fpsBefore: '180', fpsAfter: '290', feedback: 'Actually, even better than I said.' });
		await until(() => ctx.fake.messages(testimonialsChannel).length === 0);
		const revised = () =>
			ctx.fake.messages(ctx.fake.channels.staff).find((message) => message.id === card.id && message.text.includes('version 2'));
		await until(() => revised() !== undefined);
		await (await staff.click(revised()!, 'Approve')).reply();
		const reposted = await ctx.fake.waitForMessage({
			channelId: testimonialsChannel,
			predicate: (message) => message.text.includes('even better')
		});
		expect(reposted.text).toContain('10/10 from uma');
		expect(ctx.fake.messages(testimonialsChannel)).toHaveLength(1);
	});

	test('FPS from diagnostics before and after the session is posted as measured', async () => {
		const vera = await ctx.fake.members.create({ username: 'vera', joined: true });
		const { ask } = await reviewRequest(vera, async (memberId) => {
			const diagnostic = (fps: number, at: make.Sql) =>
				make.diagnostic(ctx.bot.db, {
					member_id: memberId,
					source: 'staff',
					file_bytes: 2,
					recommendation: 'good',
					avg_fps: fps,
					created_at: at
				});
			await diagnostic(150, make.ago('1 day'));
			await diagnostic(260, make.fromNow('2 hours'));
		});
		await review(vera, ask, { rating: '9', fpsBefore: '100', fpsAfter: '400' });
		const card = await staffCard(vera);
		await (await staff.click(card, 'Approve')).reply();
		const post = await ctx.fake.waitForMessage({ channelId: testimonialsChannel, predicate: (message) => message.text.includes('vera') });
		expect(post.text).toContain('150 → 260 FPS');
		expect(post.text).toContain('Measured by FPSOS');
	});

	test("the session's frame-time captures are the measured figures, over diagnostics and typed ones", async () => {
		const xena = await ctx.fake.members.create({ username: 'xena', joined: true });
		const capture = (memberId: string, phase: string, avg: number, bookingId: string | null, at: make.Sql) =>
			make.capture(ctx.bot.db, {
				member_id: memberId,
				booking_id: bookingId,
				phase,
				format: 'capframex',
				frames: 12000,
				avg_fps: avg,
				p1_fps: 90,
				p01_fps: 60,
				stutters: 3,
				chart_ms: '{4,5}',
				created_at: at
			});
		let member = '';
		const { bookingId, ask } = await reviewRequest(xena, async (memberId) => {
			member = memberId;
			await capture(memberId, 'before', 181.4, null, make.ago('1 day'));
			await make.diagnostic(ctx.bot.db, {
				member_id: memberId,
				source: 'staff',
				file_bytes: 2,
				recommendation: 'good',
				avg_fps: 120,
				created_at: make.ago('2 days')
			});
		});
		await capture(member, 'after', 249.6, bookingId, make.sql`now()`);
		await review(xena, ask, { rating: '10', fpsBefore: '100', fpsAfter: '500' });
		await (await staff.click(await staffCard(xena), 'Approve')).reply();
		const post = await ctx.fake.waitForMessage({ channelId: testimonialsChannel, predicate: (message) => message.text.includes('xena') });
		expect(post.text).toContain('181 → 250 FPS');
		expect(post.text).toContain('Measured by FPSOS');
		expect(post.text).not.toContain('500');
	});

	test('staff reject with a reason: the card says who and why, nothing is posted; a resubmission is reviewed again', async () => {
		const wes = await ctx.fake.members.create({ username: 'wes', joined: true });
		const { bookingId, ask } = await reviewRequest(wes);
		const thanks = await review(wes, ask, { rating: '8', feedback: 'Call me on +971 50 123 4567' });
		expect(thanks.text).toContain('Thank you for your review');
		const card = await staffCard(wes);
		const modal = await (await staff.click(card, 'Reject')).modal();
		expect(modal.components.map((component) => component.type)).toEqual([18]);
		const done = await (await staff.submitModal(modal, { reason: 'Contains a phone number' })).message();
		expect(done.text).toContain('Rejected');
		const rejected = ctx.fake.messages(ctx.fake.channels.staff).find((message) => message.id === card.id)!;
		expect(rejected.text).toContain('Contains a phone number');
		expect(rejected.buttons).toEqual([]);
		expect(ctx.fake.messages(testimonialsChannel).some((message) => message.text.includes('wes'))).toBe(false);

		// The member edits their review: the same row, a new revision, and the card comes back with its buttons.
		const again = await review(wes, ask, { rating: '8', feedback: 'Much smoother now.' });
		expect(again.text).toContain('updated');
		const rows = await ctx.bot.db.query<{ status: string; revision: number; feedback: string }>(
			'select status, revision, feedback from public.testimonials where booking_id = $1',
			[bookingId]
		);
		expect(rows).toEqual([{ status: 'pending', revision: 2, feedback: 'Much smoother now.' }]);
		const edited = () =>
			ctx.fake.messages(ctx.fake.channels.staff).find((message) => message.id === card.id && message.text.includes('version 2'));
		await until(() => edited() !== undefined);
		expect(edited()!.buttons.map((button) => button.label)).toEqual(['Approve', 'Reject']);
		expect(ctx.fake.messages(ctx.fake.channels.staff).filter((message) => message.text.includes('Review from wes'))).toHaveLength(1);
	});

	test('a low rating: an apology, a support ticket with the session context, and one staff alert', async () => {
		const xia = await ctx.fake.members.create({ username: 'xia', joined: true });
		const { ask } = await reviewRequest(xia);
		const sorry = await review(xia, ask, { rating: '4', feedback: 'Still stuttering in matches' });
		expect(sorry.text).toContain("We're sorry");
		const alert = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.staff,
			predicate: (message) => message.text.includes('rated their session') && message.text.includes(xia.mention)
		});
		expect(alert.text).toContain('4/10');
		expect(alert.text).toContain('support ticket');
		const ticket = await ctx.fake.waitForMessage({ threadOf: ctx.fake.channels.support, predicate: (message) => message.text.includes('4/10') });
		expect(ticket.text).toContain('Still stuttering in matches');
		const [row] = await ctx.bot.db.query<{ count: number }>(
			`select count(*)::int as count from public.support_tickets t join public.members m on m.id = t.member_id where m.discord_user_id = $1`,
			[xia.user.id]
		);
		expect(row!.count).toBe(1);
		// Resubmitting the low rating opens no second ticket and raises no second alert.
		await review(xia, ask, { rating: '3', feedback: 'Still stuttering in matches' });
		const pending = async () =>
			(
				await ctx.bot.db.query(
					`select 1 from public.notifications n join public.members m on m.id = n.member_id where m.discord_user_id = $1 and n.status = 'pending' and n.due_at <= now()`,
					[xia.user.id]
				)
			).length;
		await until(async () => (await pending()) === 0);
		const alerts = ctx.fake
			.messages(ctx.fake.channels.staff)
			.filter((message) => message.text.includes(xia.mention) && message.text.includes('rated their session'));
		expect(alerts).toHaveLength(1);
		const [after] = await ctx.bot.db.query<{ count: number }>(
			`select count(*)::int as count from public.support_tickets t join public.members m on m.id = t.member_id where m.discord_user_id = $1`,
			[xia.user.id]
		);
		expect(after!.count).toBe(1);
	});
});
