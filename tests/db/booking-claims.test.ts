import { describe, expect, test } from 'vitest';
import { createBookingLinkToken } from '../../supabase/functions/_shared/booking-token.ts';
import { buildCalendlyDelivery } from '../../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCanceled, inviteeCreated, inviteeUriOf, newInviteeUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { confirmClaim, declineClaim } from '../../src/lib/data/booking-claims.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { exportMemberData } from '../../src/lib/data/member-data.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { ensureReferralCode } from '../../src/lib/data/referrals.ts';
import { completeSession } from '../../src/lib/data/sessions.ts';
import { linkBooking } from '../../src/lib/data/staff-tools.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

/**
 * Bookings are linked to members only on proof (calendly_insert_booking, migration
 * 20261207152000_calendly_plans_notifications.sql): the personal link's token, spent once within 14 days. What anyone
 * can type (a Discord id or username in the form, an e-mail seen before) and a token used twice or expired only make a
 * claim the member confirms, or staff link.
 */
const HOUR = 3600_000;
let counter = 0;
const nextDiscordId = () => `7100000000000${String(++counter).padStart(5, '0')}`;

interface BookingRow {
	id: string;
	member_id: string | null;
	match_method: string | null;
	needs_staff_review: boolean;
	booking_link_id: string | null;
	referral_code_id: string | null;
	discount_aed: string;
}

describe.each(databaseTargets())('bookings on proof, claims otherwise, on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function apply(...deliveries: Record<string, unknown>[]): Promise<void> {
		for (const delivery of deliveries) {
			const bytes = deliveryBytes(delivery);
			const built = await buildCalendlyDelivery(delivery, bytes, new Date());
			await database.db.query('select public.calendly_apply_delivery($1::text::jsonb, $2::text)', [
				JSON.stringify(built),
				new TextDecoder().decode(bytes)
			]);
		}
	}
	const booking = async (inviteeUri: string) =>
		(
			await database.db.query<BookingRow & Record<string, unknown>>('select * from public.bookings where calendly_invitee_uri = $1', [
				inviteeUri
			])
		)[0]!;
	const claimsOf = async (bookingId: string) =>
		database.db.query<{ id: string; member_id: string; basis: string; status: string }>(
			'select id, member_id, basis, status from public.booking_claims where booking_id = $1',
			[bookingId]
		);
	const notifications = async (bookingId: string) =>
		database.db.query<{ kind: string; member_id: string | null; payload: Record<string, unknown> }>(
			'select kind, member_id, payload from public.notifications where booking_id = $1 order by kind',
			[bookingId]
		);
	async function member(db: Db, username = `player${counter}`) {
		const discordUserId = nextDiscordId();
		return { ...(await upsertMember(db, { discordUserId, username })), discordUserId };
	}
	async function personalLink(db: Db, memberId: string, expiresAt?: Date): Promise<string> {
		const { token, tokenHash } = await createBookingLinkToken();
		await make.bookingLink(db, { token_hash: tokenHash, member_id: memberId, expires_at: expiresAt ?? make.fromNow('14 days') });
		return token;
	}

	test("a stranger typing a member's Discord id gets no link: the booking waits, unmatched, and the member is asked", async () => {
		const { db } = database;
		const victim = await member(db);
		const delivery = inviteeCreated({
			name: 'Mallory',
			email: 'mallory@example.com',
			answers: [{ question: 'Your Discord ID', answer: victim.discordUserId }]
		});
		await apply(delivery);
		const row = await booking(inviteeUriOf(delivery));
		expect(row).toMatchObject({ member_id: null, match_method: null, needs_staff_review: true });
		const [claim] = await claimsOf(row.id);
		expect(claim).toMatchObject({ member_id: victim.id, basis: 'discord_answer', status: 'pending' });
		const planned = await notifications(row.id);
		// Only the question goes to the member; everything carrying the booking's links has no member yet.
		expect(planned.filter((n) => n.member_id !== null)).toEqual([
			expect.objectContaining({ kind: 'booking_claim', member_id: victim.id, payload: expect.objectContaining({ claim_id: claim!.id }) })
		]);
		const exported = await exportMemberData(db, victim.discordUserId);
		expect(JSON.stringify(exported)).not.toContain('mallory@example.com');
		expect(JSON.stringify(exported)).not.toContain(row.id);
	});

	test("a username typed in the form, or an e-mail seen on someone's earlier booking, is a claim too", async () => {
		const { db } = database;
		const owner = await member(db, `owner_${counter}`);
		await apply(inviteeCreated({ token: await personalLink(db, owner.id), email: 'Shared.Address@example.com' }));
		const byEmail = inviteeCreated({ email: 'shared.address@EXAMPLE.com' });
		const byName = inviteeCreated({ answers: [{ question: 'Discord username', answer: `@${owner.username!.toUpperCase()}` }] });
		await apply(byEmail, byName);
		for (const [delivery, basis] of [
			[byEmail, 'email'],
			[byName, 'discord_answer']
		] as const) {
			const row = await booking(inviteeUriOf(delivery));
			expect(row.member_id).toBeNull();
			expect(await claimsOf(row.id)).toEqual([expect.objectContaining({ member_id: owner.id, basis, status: 'pending' })]);
		}
	});

	test('a personal link is proof once and for 14 days: a second use or an expired link is only a claim', async () => {
		const { db } = database;
		const owner = await member(db);
		const token = await personalLink(db, owner.id);
		const first = inviteeCreated({ token });
		const second = inviteeCreated({ token });
		await apply(first, second);
		expect(await booking(inviteeUriOf(first))).toMatchObject({ member_id: owner.id, match_method: 'link_token' });
		const reused = await booking(inviteeUriOf(second));
		expect(reused).toMatchObject({ member_id: null, booking_link_id: null, needs_staff_review: true });
		expect(await claimsOf(reused.id)).toEqual([expect.objectContaining({ member_id: owner.id, basis: 'link_reused' })]);

		const expired = inviteeCreated({ token: await personalLink(db, owner.id, new Date(Date.now() - HOUR)) });
		await apply(expired);
		const late = await booking(inviteeUriOf(expired));
		expect(late.member_id).toBeNull();
		expect(await claimsOf(late.id)).toEqual([expect.objectContaining({ basis: 'link_expired' })]);

		// A batch carrying the same fresh token twice: one proof, one claim.
		const shared = await personalLink(db, owner.id);
		const [x, y] = [inviteeCreated({ token: shared }), inviteeCreated({ token: shared })];
		const built = await Promise.all(
			[x, y].map(async (d) => ({
				d: await buildCalendlyDelivery(d, deliveryBytes(d), new Date()),
				raw: new TextDecoder().decode(deliveryBytes(d))
			}))
		);
		await db.query('select public.calendly_apply_deliveries($1::text::jsonb, $2::text[])', [
			JSON.stringify(built.map((b) => b.d)),
			built.map((b) => b.raw)
		]);
		const members = [(await booking(inviteeUriOf(x))).member_id, (await booking(inviteeUriOf(y))).member_id];
		expect(members.filter((id) => id === owner.id)).toHaveLength(1);
		expect(members.filter((id) => id === null)).toHaveLength(1);
	});

	test('Yes links the booking (once, only for the member named); No leaves it to staff with one alert', async () => {
		const { db } = database;
		const [named, other] = [await member(db), await member(db)];
		const yes = inviteeCreated({ answers: [{ question: 'Discord', answer: named.discordUserId }] });
		const no = inviteeCreated({ answers: [{ question: 'Discord', answer: named.discordUserId }] });
		await apply(yes, no);
		const [yesClaim] = await claimsOf((await booking(inviteeUriOf(yes))).id);
		const [noClaim] = await claimsOf((await booking(inviteeUriOf(no))).id);

		expect(await confirmClaim(db, yesClaim!.id, other.discordUserId)).toEqual({ ok: false, reason: 'not_yours' });
		const answers = await Promise.all([confirmClaim(db, yesClaim!.id, named.discordUserId), confirmClaim(db, yesClaim!.id, named.discordUserId)]);
		expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
		const linked = await booking(inviteeUriOf(yes));
		expect(linked).toMatchObject({ member_id: named.id, match_method: 'claim', needs_staff_review: false });
		expect((await notifications(linked.id)).filter((n) => n.kind !== 'booking_claim').every((n) => n.member_id === named.id)).toBe(true);
		expect(await claimsOf(linked.id)).toEqual([expect.objectContaining({ status: 'confirmed' })]);

		expect(await declineClaim(db, noClaim!.id, named.discordUserId)).toEqual({ ok: true, confirmationPlanned: false });
		expect(await declineClaim(db, noClaim!.id, named.discordUserId)).toEqual({ ok: false, reason: 'settled', status: 'declined' });
		expect(await booking(inviteeUriOf(no))).toMatchObject({ member_id: null, needs_staff_review: true });
		const alerts = await db.query<{ payload: Record<string, unknown> }>(`select payload from public.notifications where dedupe_key = $1`, [
			`claim-declined:${noClaim!.id}`
		]);
		expect(alerts).toEqual([{ payload: expect.objectContaining({ reason: 'booking_claim_declined', member: `<@${named.discordUserId}>` }) }]);
	});

	test('staff linking settles the claim; a reschedule of an unproven booking asks again about the new time', async () => {
		const { db } = database;
		const [named, real] = [await member(db), await member(db)];
		const delivery = inviteeCreated({ answers: [{ question: 'Discord', answer: named.discordUserId }] });
		await apply(delivery);
		const row = await booking(inviteeUriOf(delivery));
		expect(await linkBooking(db, row.id, real.id)).toMatchObject({ ok: true });
		expect(await claimsOf(row.id)).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
		expect(
			(
				await db.query<{ status: string }>(`select status from public.notifications where booking_id = $1 and kind = 'booking_claim'`, [
					row.id
				])
			)[0]!.status
		).toBe('canceled');

		const oldUri = newInviteeUri();
		const newUri = newInviteeUri();
		await apply(inviteeCreated({ inviteeUri: oldUri, answers: [{ question: 'Discord', answer: named.discordUserId }] }));
		await apply(
			inviteeCanceled({ inviteeUri: oldUri, rescheduled: true, newInvitee: newUri }),
			inviteeCreated({ inviteeUri: newUri, oldInvitee: oldUri, startsAt: new Date(Date.now() + 5 * 24 * HOUR) })
		);
		const [oldClaim] = await claimsOf((await booking(oldUri)).id);
		const [newClaim] = await claimsOf((await booking(newUri)).id);
		expect(oldClaim).toMatchObject({ status: 'withdrawn' });
		expect(newClaim).toMatchObject({ member_id: named.id, basis: 'discord_answer', status: 'pending' });
		expect((await booking(newUri)).member_id).toBeNull();
	});

	test('no referral credit without proof: a typed id with a friend’s code earns nothing until the member confirms', async () => {
		const { db } = database;
		const [friend, named, earlier] = [await member(db), await member(db), await member(db)];
		const code = await ensureReferralCode(db, friend.id);
		const credit = async () =>
			(await db.query<{ n: number }>('select count(*)::int as n from public.credit_ledger where member_id = $1', [friend.id]))[0]!.n;
		const unproven = inviteeCreated({
			startsAt: new Date(Date.now() + HOUR),
			answers: [
				{ question: 'Discord', answer: named.discordUserId },
				{ question: 'Referral code', answer: code }
			]
		});
		await apply(unproven);
		const first = await booking(inviteeUriOf(unproven));
		expect((await completeSession(db, first.id, 'discord:1')).ok).toBe(true);
		expect(await credit()).toBe(0);

		// Rows written before claims existed, linked by what was typed, earn nothing either.
		const legacy = await make.booking(db, {
			calendly_invitee_uri: newInviteeUri(),
			member_id: earlier.id,
			starts_at: make.ago('2 hours'),
			ends_at: make.sql`now()`,
			price_aed: 399,
			referral_code_id: make.sql`(select id from public.referral_codes where code = ${code})`,
			match_method: 'email'
		});
		expect((await completeSession(db, legacy.id, 'discord:1')).ok).toBe(true);
		expect(await credit()).toBe(0);

		const confirmed = inviteeCreated({
			startsAt: new Date(Date.now() + HOUR),
			answers: [
				{ question: 'Discord', answer: named.discordUserId },
				{ question: 'Referral code', answer: code }
			]
		});
		await apply(confirmed);
		const second = await booking(inviteeUriOf(confirmed));
		const [claim] = await claimsOf(second.id);
		expect((await confirmClaim(db, claim!.id, named.discordUserId)).ok).toBe(true);
		expect((await completeSession(db, second.id, 'discord:1')).ok).toBe(true);
		expect(await credit()).toBe(1);
	});
});
