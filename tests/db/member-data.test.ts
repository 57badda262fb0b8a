import { describe, expect, test } from 'vitest';
import { createBookingLinkToken } from '../../supabase/functions/_shared/booking-token.ts';
import { buildCalendlyDelivery } from '../../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCreated, inviteeUriOf } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { planStaffAlert } from '../../src/lib/data/alerts.ts';
import { createBookingLink } from '../../src/lib/data/booking-links.ts';
import { eraseMemberData, erasureWarnings, exportFile, exportMemberData, MAX_EXPORT_BYTES } from '../../src/lib/data/member-data.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { applyReferralCode, ensureReferralCode } from '../../src/lib/data/referrals.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

describe.each(databaseTargets())("members' own data on $name", (target) => {
	const database = useMigratedDatabase(target);

	async function seed(discordUserId: string) {
		const { db } = database;
		const member = await upsertMember(db, { discordUserId, username: 'layla', displayName: 'Layla' });
		await make.diagnostic(db, { member_id: member.id, raw: { cpu: { name: 'Ryzen' } }, file_bytes: 20, critical_count: 1 });
		await createBookingLink(db, member.id, 'full');
		const booking = await make.booking(db, {
			calendly_invitee_uri: `https://api.calendly.com/scheduled_events/MD${discordUserId}/invitees/MD${discordUserId}`,
			member_id: member.id,
			status: 'completed',
			starts_at: make.ago('1 day'),
			ends_at: make.ago('23 hours'),
			invitee_name: 'Layla A',
			invitee_email: 'layla@example.com',
			price_aed: 399,
			payment_status: 'paid',
			paid_aed: 399,
			canceled_by: 'Layla A',
			thread_channel_id: `3${discordUserId.slice(1)}`,
			staff_message_id: `4${discordUserId.slice(1)}`
		});
		await make.webhookEvent(db, { dedupe_key: `md-${discordUserId}`, raw_body: '{"email":"layla@example.com"}', booking_id: booking.id });
		await make.testimonial(db, {
			booking_id: booking.id,
			member_id: member.id,
			rating: 10,
			feedback: 'Great',
			public_message_id: '123456789012345678'
		});
		await make.ticket(db, { member_id: member.id, description: 'help', channel_id: `2${discordUserId.slice(1)}` });
		await make.notification(db, { kind: 'performance_check', booking_id: booking.id, member_id: member.id, due_at: make.fromNow('6 days') });
		await make.credit(db, { member_id: member.id, amount_aed: 25, reason: 'goodwill' });
		await ensureReferralCode(db, member.id);
		return { member, bookingId: booking.id };
	}

	test('the export holds everything stored about the member, and nobody else’s', async () => {
		await seed('600000000000000001');
		await seed('600000000000000002');
		const data = await exportMemberData(database.db, '600000000000000001');
		expect(data?.profile).toMatchObject({ discord_user_id: '600000000000000001', username: 'layla' });
		expect(data?.diagnostics).toHaveLength(1);
		expect(data?.bookings).toEqual([expect.objectContaining({ invitee_email: 'layla@example.com', price_aed: '399.00' })]);
		expect(data?.testimonials).toHaveLength(1);
		expect(data?.support_tickets).toEqual([expect.objectContaining({ topic: 'other', messages: [] })]);
		expect(data?.credit_ledger).toHaveLength(1);
		expect(data?.referral_code).toMatchObject({ code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{6}$/) });
		expect(data?.messages_scheduled).toHaveLength(1);
		expect(data?.calendly_deliveries).toEqual([expect.objectContaining({ raw_body: '{"email":"layla@example.com"}' })]);
		expect(JSON.stringify(data)).not.toContain('600000000000000002');
		expect(await exportMemberData(database.db, '600000000000000009')).toBeNull();
	});

	test('erasure deletes the personal rows, keeps bookings and credit anonymously, and scrubs raw deliveries', async () => {
		const { db } = database;
		const { member, bookingId } = await seed('600000000000000003');
		expect(await erasureWarnings(db, '600000000000000003')).toEqual({ upcoming: 0, creditAed: '25.00' });
		const erased = await eraseMemberData(db, '600000000000000003');
		expect(erased).toEqual({
			testimonialMessageIds: { publicIds: ['123456789012345678'], staffIds: ['400000000000000003'] },
			threadIds: ['200000000000000003', '300000000000000003'],
			keptBookings: 1
		});
		const count = async (table: string) =>
			(await db.query<{ n: number }>(`select count(*)::int as n from public.${table} where member_id = $1`, [member.id]))[0]!.n;
		for (const table of ['diagnostics', 'quick_assessments', 'booking_links', 'testimonials', 'support_tickets', 'notifications'])
			expect(await count(table)).toBe(0);
		expect(await count('credit_ledger')).toBe(1);
		const [booking] = await db.query(
			'select invitee_name, invitee_email, canceled_by, thread_channel_id, price_aed::text, payment_status from public.bookings where id = $1',
			[bookingId]
		);
		expect(booking).toEqual({
			invitee_name: null,
			invitee_email: null,
			canceled_by: null,
			thread_channel_id: null,
			price_aed: '399.00',
			payment_status: 'paid'
		});
		const [event] = await db.query<{ raw_body: string }>('select raw_body from public.webhook_events where booking_id = $1', [bookingId]);
		expect(event!.raw_body).not.toContain('layla');
		const [row] = await db.query(
			'select discord_user_id, username, display_name, anonymized_at is not null as anonymized from public.members where id = $1',
			[member.id]
		);
		expect(row).toEqual({ discord_user_id: null, username: null, display_name: null, anonymized: true });
		expect(await exportMemberData(db, '600000000000000003')).toBeNull();
		expect(await eraseMemberData(db, '600000000000000003')).toBeNull();
	});

	test('erasure also reaches deliveries that never became their booking, alerts about them, invitee URIs, ledger reasons, their code and claims naming them', async () => {
		const { db } = database;
		const discordId = '600000000000000021';
		const member = await upsertMember(db, { discordUserId: discordId, username: 'zaynab.x' });
		const other = await upsertMember(db, { discordUserId: '600000000000000022', username: 'yousef' });
		const friend = await upsertMember(db, { discordUserId: '600000000000000023', username: 'friend23' });
		const apply = async (delivery: Record<string, unknown>) => {
			const bytes = deliveryBytes(delivery);
			await db.query('select public.calendly_apply_delivery($1::text::jsonb, $2::text)', [
				JSON.stringify(await buildCalendlyDelivery(delivery, bytes, new Date())),
				new TextDecoder().decode(bytes)
			]);
		};
		const { token, tokenHash } = await createBookingLinkToken();
		await make.bookingLink(db, { token_hash: tokenHash, member_id: member.id });
		const own = inviteeCreated({ token, name: 'Zaynab X', email: 'Zaynab.X@example.com' });
		const typedId = inviteeCreated({ name: 'Stranger', answers: [{ question: 'Your Discord ID', answer: discordId }] });
		const typedName = inviteeCreated({ name: 'Another', answers: [{ question: 'Discord username', answer: '@Zaynab.X' }] });
		const sameEmail = inviteeCreated({ name: 'Z.', email: 'zaynab.x@example.com' });
		const unrelated = inviteeCreated({
			name: 'Unrelated',
			email: 'unrelated@example.com',
			answers: [{ question: 'Discord username', answer: 'zaynab.xy' }]
		});
		for (const delivery of [own, typedId, typedName, sameEmail, unrelated]) await apply(delivery);
		const ownUri = inviteeUriOf(own);
		const claimed = (await db.query<{ id: string }>('select booking_id as id from public.booking_claims where member_id = $1', [member.id])).map(
			(row) => row.id
		);
		expect(claimed).toHaveLength(3);

		await planStaffAlert(db, 'test-alert-about-them', { reason: 'low_rating', rating: 3, member: `<@${discordId}>` });
		await planStaffAlert(db, 'test-alert-unrelated', { reason: 'low_rating', rating: 3, member: `<@${other.discord_user_id}>` });
		await make.credit(db, { member_id: member.id, amount_aed: 20, reason: "Goodwill: Zaynab's PC was on fire" });
		await make.credit(db, { member_id: other.id, amount_aed: 5, reason: 'Bonus for bringing zaynab.x along' });
		await make.credit(db, { member_id: other.id, amount_aed: 5, reason: 'Welcome gift' });
		const code = await ensureReferralCode(db, member.id);
		expect(await applyReferralCode(db, friend.id, code)).toMatchObject({ ok: true });

		expect(await eraseMemberData(db, discordId)).not.toBeNull();

		// Raw bodies: nothing of theirs anywhere; the unrelated delivery (a longer username) keeps its body.
		const events = await db.query<{ raw_body: string; dedupe_key: string }>('select raw_body, dedupe_key from public.webhook_events');
		for (const needle of [discordId, 'zaynab.x@', 'Zaynab.X', '@Zaynab', ownUri]) {
			expect(
				events.filter((event) => event.raw_body.toLowerCase().includes(needle.toLowerCase()) && !event.raw_body.includes('zaynab.xy'))
			).toEqual([]);
			expect(events.filter((event) => event.dedupe_key.includes(ownUri))).toEqual([]);
		}
		expect(events.filter((event) => event.raw_body.includes('unrelated@example.com'))).toHaveLength(1);
		// Invitee URIs: gone from their booking.
		expect(
			await db.query('select 1 from public.bookings where calendly_invitee_uri = $1 or old_invitee_uri = $1 or new_invitee_uri = $1', [ownUri])
		).toEqual([]);
		// Claims naming them: gone; those bookings stay without a member, for staff.
		expect(await db.query('select 1 from public.booking_claims where member_id = $1', [member.id])).toEqual([]);
		const kept = await db.query<{ member_id: string | null; needs_staff_review: boolean }>(
			'select member_id, needs_staff_review from public.bookings where id = any($1::uuid[])',
			[claimed]
		);
		expect(kept).toEqual(Array(3).fill({ member_id: null, needs_staff_review: true }));
		// Staff alerts about them: gone; others stay.
		const alerts = await db.query<{ dedupe_key: string }>(
			`select dedupe_key from public.notifications where kind = 'staff_alert' and dedupe_key like 'test-alert-%'`
		);
		expect(alerts.map((row) => row.dedupe_key)).toEqual(['test-alert-unrelated']);
		// Ledger: their free text and text naming them erased; amounts and other reasons untouched.
		const reasons = await db.query<{ reason: string; amount_aed: string }>(
			'select reason, amount_aed::text from public.credit_ledger where member_id = any($1::uuid[]) order by id',
			[[member.id, other.id]]
		);
		expect(reasons).toEqual([
			{ reason: '(erased)', amount_aed: '20.00' },
			{ reason: '(erased)', amount_aed: '5.00' },
			{ reason: 'Welcome gift', amount_aed: '5.00' }
		]);
		await expect(db.query(`update public.credit_ledger set amount_aed = 1 where member_id = $1`, [member.id])).rejects.toThrow();
		// Their referral code gives nothing any more: not in Discord, not in the booking form, not through a friend's link.
		const stranger = await upsertMember(db, { discordUserId: '600000000000000024', username: 'stranger24' });
		expect(await applyReferralCode(db, stranger.id, code)).toMatchObject({ ok: false });
		expect(
			(await db.query<{ status: string }>('select status from public.referrals where referred_member_id = $1', [friend.id]))[0]!.status
		).toBe('void');
		const withCode = inviteeCreated({ answers: [{ question: 'Referral code', answer: code }] });
		const friendToken = await createBookingLink(db, friend.id, 'full');
		const viaFriend = inviteeCreated({ token: friendToken });
		await apply(withCode);
		await apply(viaFriend);
		const discounts = await db.query<{ discount_aed: string }>(
			'select discount_aed::text from public.bookings where calendly_invitee_uri = any($1::text[])',
			[[inviteeUriOf(withCode), inviteeUriOf(viaFriend)]]
		);
		expect(discounts).toEqual([{ discount_aed: '0.00' }, { discount_aed: '0.00' }]);
	});

	test('an export too large for one Discord file leaves the raw diagnostic files out and says so', async () => {
		const data = (await exportMemberData(database.db, '600000000000000001'))!;
		expect(JSON.parse(exportFile(data).toString()).omitted).toBeUndefined();
		const big = {
			...data,
			diagnostics: Array.from({ length: 12 }, (_, index) => ({ id: index, recommendation: 'full', raw: { blob: 'x'.repeat(1024 * 1024) } }))
		};
		const file = exportFile(big);
		expect(file.length).toBeLessThanOrEqual(MAX_EXPORT_BYTES);
		const parsed = JSON.parse(file.toString()) as { omitted: string; diagnostics: Record<string, unknown>[] };
		expect(parsed.omitted).toContain('diagnostics.raw');
		expect(parsed.diagnostics).toHaveLength(12);
		expect(parsed.diagnostics[0]).toEqual({ id: 0, recommendation: 'full' });
	});
});
