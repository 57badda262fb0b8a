import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, newInviteeUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import * as make from '../support/rows.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const DAY = 24 * 3600_000;

/** Staff tools: a member's history, linking an unmatched booking, recording a payment. */
describe('staff tools', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey }) });
	let staff: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('booking');
		await ctx.fake.waitForCommand('member');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	async function memberRow(member: FakeMember): Promise<string> {
		const [row] = await ctx.bot.db.query<{ id: string }>(
			`insert into public.members (discord_user_id, username) values ($1, $2) on conflict (discord_user_id) do update set username = excluded.username returning id`,
			[member.user.id, member.username]
		);
		return row!.id;
	}

	async function booking(
		memberId: string | null,
		values: { status?: string; price?: number; discount?: number; startsAt?: Date } = {}
	): Promise<{ id: string; ref: string }> {
		const startsAt = values.startsAt ?? new Date(Date.now() - DAY);
		const row = await make.booking(ctx.bot.db, {
			member_id: memberId,
			status: values.status ?? 'completed',
			starts_at: startsAt,
			ends_at: make.sql`${startsAt}::timestamptz + interval '2 hours'`,
			price_aed: values.price ?? 399,
			discount_aed: values.discount ?? 0,
			invitee_name: 'Seeded Player'
		});
		return { id: row.id, ref: row.id.slice(0, 8) };
	}

	/** A Calendly booking no member can be matched to (no personal link, no Discord answer). */
	async function unmatchedBooking(name: string): Promise<{ id: string; ref: string }> {
		const invitee = newInviteeUri();
		const response = await postCalendly(
			ctx.bot.http.url,
			inviteeCreated({ inviteeUri: invitee, name, email: `${name.split(' ')[0]!.toLowerCase()}@fpsos.test` }),
			signingKey
		);
		expect(response.status).toBe(200);
		const [row] = await ctx.bot.db.query<{ id: string; member_id: string | null }>(
			'select id, member_id from public.bookings where calendly_invitee_uri = $1',
			[invitee]
		);
		expect(row?.member_id).toBeNull();
		return { id: row!.id, ref: row!.id.slice(0, 8) };
	}

	test('/member info shows diagnostics, bookings with their references, tickets, reviews and the credit balance', async () => {
		const pia = await ctx.fake.members.create({ username: 'pia', joined: true });
		const id = await memberRow(pia);
		await make.diagnostic(ctx.bot.db, { member_id: id, critical_count: 2, warning_count: 3, recommendation: 'extreme' });
		const paid = await booking(id, { startsAt: new Date(Date.now() - 10 * DAY) });
		await ctx.bot.db.query(`update public.bookings set payment_status = 'paid', paid_aed = 399, payment_method = 'card' where id = $1`, [
			paid.id
		]);
		const upcoming = await booking(id, { status: 'scheduled', startsAt: new Date(Date.now() + 2 * DAY) });
		await make.testimonial(ctx.bot.db, { booking_id: paid.id, member_id: id, rating: 9 });
		const ticket = await make.ticket(ctx.bot.db, { member_id: id, topic: 'booking' });
		await make.credit(ctx.bot.db, { member_id: id, entry_type: 'earned', amount_aed: 50, reason: 'Referral reward', actor: 'system' });
		await make.credit(ctx.bot.db, { member_id: id, entry_type: 'redeemed', amount_aed: -20, reason: 'Used on a booking', actor: 'staff' });

		const reply = await (await staff.slash('member', { subcommand: 'info', options: { member: pia.user.id } })).message();
		expect(reply.ephemeral).toBe(true);
		const embed = reply.embeds[0]!;
		expect(embed.title).toBe('Member: pia');
		expect(embed.description).toContain(pia.mention);
		const field = (prefix: string) => embed.fields?.find((entry) => entry.name.startsWith(prefix));
		expect(embed.fields?.map((entry) => entry.name)).toEqual([
			'Diagnostics (1)',
			'Quick assessments (0)',
			'Bookings (2)',
			'Tickets (1, 1 open)',
			'Reviews',
			'Credit balance: AED 30'
		]);
		expect(field('Diagnostics')?.value).toContain('Extreme BIOSPRIME, 2 critical, 3 warnings');
		expect(field('Quick assessments')?.value).toBe('None yet');
		const bookingLines = field('Bookings')!.value.split('\n');
		expect(bookingLines[0]).toMatch(new RegExp(`^\`${upcoming.ref}\` <t:\\d+:f> · Full Tune-Up · scheduled · unpaid$`));
		expect(bookingLines[1]).toMatch(new RegExp(`^\`${paid.ref}\` <t:\\d+:f> · Full Tune-Up · completed · paid AED 399 \\(Card\\)$`));
		expect(field('Tickets')?.value).toMatch(new RegExp(`^#${ticket.number} booking · open · <t:\\d+:d>$`));
		expect(field('Reviews')?.value).toBe('1, average 9.0/10');
		expect(field('Credit')?.value).toContain('AED 50 (Referral reward)');
		expect(field('Credit')?.value).toContain('AED -20 (Used on a booking)');
	});

	test('/member info about someone the bot never met says so', async () => {
		const stranger = await ctx.fake.members.create({ username: 'stranger', joined: true });
		const reply = await (await staff.slash('member', { subcommand: 'info', options: { member: stranger.user.id } })).message();
		expect(reply.text).toBe(`I have no record of ${stranger.mention} yet: they haven't joined, diagnosed or booked while I was watching.`);
	});

	test('/booking link links an unmatched booking to the member, who then gets their confirmation; linking again changes nothing', async () => {
		const quinn = await ctx.fake.members.create({ username: 'quinn', joined: true });
		const unmatched = await unmatchedBooking('Quinn Q');
		// The confirmation had nobody to go to: the outbox skipped it.
		await until(async () => {
			const rows = await ctx.bot.db.query<{ status: string }>(
				`select status from public.notifications where booking_id = $1 and kind = 'booking_confirmation'`,
				[unmatched.id]
			);
			return rows[0]?.status === 'skipped';
		});

		const reply = await (
			await staff.slash('booking', { subcommand: 'link', options: { booking: unmatched.ref, member: quinn.user.id } })
		).message();
		expect(reply.text).toContain(`Linked booking \`${unmatched.ref}\` (Full Tune-Up,`);
		expect(reply.text).toContain(`to ${quinn.mention}.`);
		expect(reply.text).toContain('Their booking confirmation is on its way now.');
		const [row] = await ctx.bot.db.query<Record<string, unknown>>(
			`select m.discord_user_id, b.match_method, b.needs_staff_review from public.bookings b join public.members m on m.id = b.member_id where b.id = $1`,
			[unmatched.id]
		);
		expect(row).toEqual({ discord_user_id: quinn.user.id, match_method: 'staff', needs_staff_review: false });
		const dm = await quinn.nextDm({ predicate: (message) => message.text.includes("You're booked: Full Tune-Up") });
		expect(dm.text).toContain("You're booked");

		const rana = await ctx.fake.members.create({ username: 'rana', joined: true });
		const again = await (
			await staff.slash('booking', { subcommand: 'link', options: { booking: unmatched.id, member: rana.user.id } })
		).message();
		expect(again.text).toBe(`Booking \`${unmatched.ref}\` is already linked to ${quinn.mention}; nothing changed.`);
		const [still] = await ctx.bot.db.query<{ discord_user_id: string }>(
			`select m.discord_user_id from public.bookings b join public.members m on m.id = b.member_id where b.id = $1`,
			[unmatched.id]
		);
		expect(still?.discord_user_id).toBe(quinn.user.id);
		const confirmations = await ctx.bot.db.query(
			`select 1 from public.notifications where booking_id = $1 and kind = 'booking_confirmation' and status = 'sent'`,
			[unmatched.id]
		);
		expect(confirmations).toHaveLength(1);
	});

	test('a reference that matches nothing lists the unmatched bookings; text that is no reference is refused', async () => {
		const sara = await ctx.fake.members.create({ username: 'sara', joined: true });
		const unmatched = await unmatchedBooking('Rami Rahman');
		const missing = unmatched.ref === 'ffffffff' ? 'fffffffe' : 'ffffffff';
		const reply = await (await staff.slash('booking', { subcommand: 'link', options: { booking: missing, member: sara.user.id } })).message();
		expect(reply.text).toContain(`I couldn't find a booking with the reference \`${missing}\`.`);
		expect(reply.text).toContain('Unmatched bookings (newest first):');
		expect(reply.text).toMatch(new RegExp(`\`${unmatched.ref}\` <t:\\d+:f> · Full Tune-Up · Rami Rahman`));
		const invalid = await (
			await staff.slash('booking', { subcommand: 'link', options: { booking: 'the friday one', member: sara.user.id } })
		).message();
		expect(invalid.text).toContain("That isn't a booking reference.");
		const [row] = await ctx.bot.db.query<{ member_id: string | null }>('select member_id from public.bookings where id = $1', [unmatched.id]);
		expect(row?.member_id).toBeNull();
	});

	test('/booking paid asks first, then records amount, method, time and who; a second time changes nothing', async () => {
		const tala = await ctx.fake.members.create({ username: 'tala', joined: true });
		const target = await booking(await memberRow(tala), { price: 399, discount: 39.9 });
		const ask = await (
			await staff.slash('booking', { subcommand: 'paid', options: { booking: target.ref, method: 'bank_transfer', amount: 359.1 } })
		).message();
		expect(ask.text).toContain(`Record a payment of **AED 359.10** by Bank transfer for booking \`${target.ref}\` (Full Tune-Up,`);
		expect(ask.text).toContain(tala.mention);
		expect(ask.text).not.toContain('amount due');
		expect(ask.buttons.map((button) => button.label)).toEqual(['Yes, record the payment', 'Cancel']);
		const unchanged = await ctx.bot.db.query<{ payment_status: string }>('select payment_status from public.bookings where id = $1', [target.id]);
		expect(unchanged[0]?.payment_status).toBe('unpaid');

		const done = await (await staff.click(ask, 'Yes, record the payment')).message();
		expect(done.text).toBe(`Recorded: booking \`${target.ref}\` paid AED 359.10 by Bank transfer, by ${staff.mention}.`);
		expect(done.buttons).toHaveLength(0);
		const [row] = await ctx.bot.db.query<Record<string, unknown>>(
			`select payment_status, paid_aed, payment_method, paid_by, paid_at > now() - interval '1 minute' as recent from public.bookings where id = $1`,
			[target.id]
		);
		expect(row).toEqual({
			payment_status: 'paid',
			paid_aed: '359.10',
			payment_method: 'bank_transfer',
			paid_by: `discord:${staff.user.id}`,
			recent: true
		});

		const again = await (
			await staff.slash('booking', { subcommand: 'paid', options: { booking: target.id, method: 'cash', amount: 100 } })
		).message();
		expect(again.text).toBe(`Booking \`${target.ref}\` is already paid AED 359.10 (Bank transfer); nothing changed.`);
		expect(again.buttons).toHaveLength(0);
	});

	test('/booking paid refuses amounts above the price or finer than fils, bookings that were canceled, and Cancel records nothing', async () => {
		const umar = await ctx.fake.members.create({ username: 'umar', joined: true });
		const id = await memberRow(umar);
		const target = await booking(id, { price: 199, status: 'scheduled', startsAt: new Date(Date.now() + DAY) });
		const paid = (amount: number, ref = target.ref) =>
			staff.slash('booking', { subcommand: 'paid', options: { booking: ref, method: 'cash', amount } });

		expect((await (await paid(250)).message()).text).toBe("AED 250 is more than this booking's price (AED 199). Check the amount.");
		expect((await (await paid(10.005)).message()).text).toBe('The amount can have at most two decimals (fils), e.g. 359.10.');
		const canceled = await booking(id, { status: 'canceled' });
		expect((await (await paid(199, canceled.ref)).message()).text).toContain(
			`Booking \`${canceled.ref}\` was canceled, so there is nothing to pay for.`
		);

		const ask = await (await paid(150)).message();
		expect(ask.text).toContain('Note: the amount due is AED 199 (price AED 199 less discount and credit).');
		const answer = await (await staff.click(ask, 'Cancel')).message();
		expect(answer.text).toBe('Nothing recorded.');
		const rows = await ctx.bot.db.query<{ payment_status: string; paid_aed: string | null }>(
			'select payment_status, paid_aed from public.bookings where id = any($1::uuid[])',
			[[target.id, canceled.id]]
		);
		expect(rows).toEqual([
			{ payment_status: 'unpaid', paid_aed: null },
			{ payment_status: 'unpaid', paid_aed: null }
		]);
	});
});
