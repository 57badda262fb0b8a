import { beforeAll, describe, expect, test } from 'vitest';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { bookThroughLink } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';

/** Funnel step 7: a referral code travels from a happy member to a friend's booking, and earns credit. */
describe('referrals and credit', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' }) });
	let staff: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('credits');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	/** The member books the Full Tune-Up through their personal link (with `extra` /book options). */
	async function book(member: FakeMember, extra: Record<string, string> = {}) {
		const { link, invitee } = await bookThroughLink(ctx.bot.http.url, member, signingKey, extra);
		const [row] = await ctx.bot.db.query<{ id: string; discount_aed: string; price_aed: string }>(
			'select id, discount_aed::text, price_aed::text from public.bookings where calendly_invitee_uri = $1',
			[invitee]
		);
		return { link, booking: row! };
	}

	test('code shared -> friend books with 10% off -> friend’s session completed -> AED 50 credit -> no-show correction reverses it', async () => {
		const rima = await ctx.fake.members.create({ username: 'rima', joined: true });
		const summary = await (await rima.slash('referral', { subcommand: 'show' })).message();
		const code = /code: ([A-HJ-NP-Z2-9]{6})/.exec(summary.text)?.[1];
		expect(code).toBeDefined();
		expect(summary.buttons.map((button) => button.label)).toEqual(['Share on WhatsApp', 'Share on X']);

		const omar = await ctx.fake.members.create({ username: 'omar', joined: true });
		const applied = await (await omar.slash('referral', { subcommand: 'use', options: { code: code!.toLowerCase() } })).message();
		expect(applied.text).toContain('10% off');
		const { booking } = await book(omar);
		expect(booking).toMatchObject({ price_aed: '399.00', discount_aed: '39.90' });

		// Booked is not enough: the credit waits for the completed session.
		expect((await (await rima.slash('credits', { subcommand: 'show' })).message()).text).toContain('AED 0');
		await (await staff.slash('session', { subcommand: 'complete', options: { member: omar.user.id } })).message();
		const dm = await rima.nextDm({ predicate: (message) => message.text.includes('credit is yours') });
		expect(dm.text).toContain('AED 50');
		const credits = await (await rima.slash('credits', { subcommand: 'show' })).message();
		expect(credits.text).toContain('Balance: **AED 50**');
		const after = await (await rima.slash('referral', { subcommand: 'show' })).message();
		expect(after.text).toMatch(/Friends who used it\s*1/);
		expect(after.text).toMatch(/Credit earned\s*AED 50/);

		// Staff correct the session to a no-show: the reward is taken back, once.
		const corrected = await (await staff.slash('session', { subcommand: 'no-show', options: { member: omar.user.id } })).message();
		expect(corrected.text).toContain('no-show');
		const reversed = await (await rima.slash('credits', { subcommand: 'show' })).message();
		expect(reversed.text).toContain('Balance: **AED 0**');
		expect(reversed.text).toContain('no-show');
		const ledger = await ctx.bot.db.query<{ entry_type: string }>(
			`select l.entry_type from public.credit_ledger l join public.members m on m.id = l.member_id where m.discord_user_id = $1 order by l.id`,
			[rima.user.id]
		);
		expect(ledger.map((entry) => entry.entry_type)).toEqual(['earned', 'reversed']);
	});

	test('a member cannot use their own code, and /book code: says so while still giving the link', async () => {
		const sara = await ctx.fake.members.create({ username: 'sara', joined: true });
		const code = /code: ([A-HJ-NP-Z2-9]{6})/.exec((await (await sara.slash('referral', { subcommand: 'show' })).message()).text)![1]!;
		const own = await (await sara.slash('referral', { subcommand: 'use', options: { code } })).message();
		expect(own.text).toContain('your own code');
		const { link, booking } = await book(sara, { code });
		expect(link.text).toContain('your own code');
		expect(booking.discount_aed).toBe('0.00');
	});

	test('staff redeem credit against an unpaid booking, never below zero; members cannot', async () => {
		const tariq = await ctx.fake.members.create({ username: 'tariq', joined: true });
		const code = /code: ([A-HJ-NP-Z2-9]{6})/.exec((await (await tariq.slash('referral', { subcommand: 'show' })).message()).text)![1]!;
		const friend = await ctx.fake.members.create({ username: 'yusuf', joined: true });
		await book(friend, { code });
		await (await staff.slash('session', { subcommand: 'complete', options: { member: friend.user.id } })).message();
		await tariq.nextDm({ predicate: (message) => message.text.includes('credit is yours') });
		const { booking } = await book(tariq);

		const refused = await (
			await tariq.slash('credits', { subcommand: 'redeem', options: { member: tariq.user.id, amount: '50', reason: 'for me' } })
		).message();
		expect(refused.text).toContain('staff');
		const peek = await (await tariq.slash('credits', { subcommand: 'show', options: { member: friend.user.id } })).message();
		expect(peek.text).toContain('staff');

		const tooMuch = await (
			await staff.slash('credits', { subcommand: 'redeem', options: { member: tariq.user.id, amount: '80', reason: 'Referral credit' } })
		).message();
		expect(tooMuch.text).toContain('only has **AED 50**');
		const badAmount = await (
			await staff.slash('credits', { subcommand: 'redeem', options: { member: tariq.user.id, amount: 'lots', reason: 'Referral credit' } })
		).message();
		expect(badAmount.text).toContain('at most two decimals');
		const done = await (
			await staff.slash('credits', { subcommand: 'redeem', options: { member: tariq.user.id, amount: '50', reason: 'Referral credit' } })
		).message();
		expect(done.text).toContain('Balance left: **AED 0**');
		const [row] = await ctx.bot.db.query<{ credit_applied_aed: string }>('select credit_applied_aed::text from public.bookings where id = $1', [
			booking.id
		]);
		expect(row!.credit_applied_aed).toBe('50.00');
		const [entry] = await ctx.bot.db.query<{ actor: string; reason: string }>(
			`select actor, reason from public.credit_ledger where entry_type = 'redeemed' and booking_id = $1`,
			[booking.id]
		);
		expect(entry).toEqual({ actor: `discord:${staff.user.id}`, reason: 'Referral credit' });
		const staffView = await (await staff.slash('credits', { subcommand: 'show', options: { member: tariq.user.id } })).message();
		expect(staffView.text).toContain('Balance: **AED 0**');
	});

	test('a refunded booking reverses the reward it earned, after a confirmation', async () => {
		const huda = await ctx.fake.members.create({ username: 'huda', joined: true });
		const code = /code: ([A-HJ-NP-Z2-9]{6})/.exec((await (await huda.slash('referral', { subcommand: 'show' })).message()).text)![1]!;
		const friend = await ctx.fake.members.create({ username: 'kareem', joined: true });
		const { booking } = await book(friend, { code });
		const pay = await (
			await staff.slash('booking', { subcommand: 'paid', options: { booking: booking.id, method: 'cash', amount: 359.1 } })
		).message();
		await (await staff.click(pay, 'Yes, record the payment')).message();
		await (await staff.slash('session', { subcommand: 'complete', options: { member: friend.user.id } })).message();
		await huda.nextDm({ predicate: (message) => message.text.includes('credit is yours') });

		const ask = await (await staff.slash('booking', { subcommand: 'refund', options: { booking: booking.id } })).message();
		expect(ask.text).toContain('referral reward');
		const done = await (await staff.click(ask, 'Yes, record the refund')).message();
		expect(done.text).toContain('refunded');
		expect(done.text).toContain('referral reward this booking had earned was reversed');
		const credits = await (await huda.slash('credits', { subcommand: 'show' })).message();
		expect(credits.text).toContain('Balance: **AED 0**');
		expect(credits.text).toContain('refunded');
		const again = await (await staff.slash('booking', { subcommand: 'refund', options: { booking: booking.id } })).message();
		expect(again.text).toContain('no payment to refund');
	});
});
