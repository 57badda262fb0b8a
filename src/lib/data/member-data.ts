import type { Db, Queryable } from './db.ts';

/**
 * Members' own data: everything stored about a member, as one JSON document, and its erasure. What accounting must
 * keep (bookings with their prices and payments, the credit ledger, referral rewards) stays, tied to an anonymised
 * member row with no Discord id, name or contact left; everything else is deleted.
 */

const EXPORT_QUERIES = {
	profile: `select id, discord_user_id, username, display_name, locale, timezone, joined_at, screening_passed_at, welcomed_at,
			dm_status, last_chat_reply_at, created_at, updated_at from public.members where id = $1`,
	diagnostics: `select id, created_at, source, schema_version, tool_version, generated_at, recommendation, critical_count,
			warning_count, findings, avg_fps, raw from public.diagnostics where member_id = $1 order by created_at`,
	captures: `select id, created_at, phase, source, format, application, frames, duration_s, avg_fps, p1_fps, p01_fps, stutters
			from public.captures where member_id = $1 order by created_at`,
	quick_assessments: `select id, created_at, gpu, current_fps, refresh_hz, problems, recommendation, reasons
			from public.quick_assessments where member_id = $1 order by created_at`,
	bookings: `select id, created_at, package_code, status, starts_at, ends_at, timezone, invitee_name, invitee_email, price_aed,
			discount_aed, credit_applied_aed, payment_status, paid_aed, payment_method, paid_at, cancel_reason, canceled_by,
			canceled_at, no_show_at, completed_at, checklist, performance_check_answer from public.bookings where member_id = $1 order by starts_at`,
	calendly_deliveries: `select w.received_at, w.event_type, w.raw_body from public.webhook_events w
			join public.bookings b on b.id = w.booking_id where b.member_id = $1 order by w.received_at`,
	testimonials: `select id, booking_id, created_at, rating, fps_before, fps_after, feedback, status
			from public.testimonials where member_id = $1 order by created_at`,
	referral_code: `select code, created_at from public.referral_codes where member_id = $1`,
	referrals: `select id, created_at, status, rewarded_at, reversed_at,
			case when referrer_member_id = $1 then 'referrer' else 'referred' end as role
			from public.referrals where referrer_member_id = $1 or referred_member_id = $1 order by created_at`,
	credit_ledger: `select created_at, entry_type, amount_aed, reason from public.credit_ledger where member_id = $1 order by id`,
	support_tickets: `select t.id, t.number, t.created_at, t.topic, t.description, t.status, t.close_reason, t.closed_at,
			coalesce((select jsonb_agg(jsonb_build_object('at', m.created_at, 'from_staff', m.author_is_staff, 'content', m.content)
				order by m.created_at) from public.ticket_messages m where m.ticket_id = t.id), '[]'::jsonb) as messages
			from public.support_tickets t where t.member_id = $1 order by t.created_at`,
	messages_scheduled: `select kind, status, due_at, sent_at from public.notifications where member_id = $1 order by due_at`,
	booking_claims: `select created_at, basis, status, decided_at from public.booking_claims where member_id = $1 order by created_at`
} as const;

export type MemberExport = { exported_at: string; omitted?: string } & Record<keyof typeof EXPORT_QUERIES, unknown>;

/** Discord takes files up to 10 MiB from bots; the export stays under it with room to spare. */
export const MAX_EXPORT_BYTES = 9 * 1024 * 1024;

/**
 * The export as a file's bytes. Diagnostics keep their raw files (up to 1 MiB each) while it fits; when it does not,
 * the raw files are left out (their findings stay) and `omitted` says so.
 */
export function exportFile(data: MemberExport): Buffer {
	const full = Buffer.from(JSON.stringify(data, null, 2));
	if (full.length <= MAX_EXPORT_BYTES) return full;
	const diagnostics = Array.isArray(data.diagnostics)
		? (data.diagnostics as Record<string, unknown>[]).map(({ raw: _raw, ...rest }) => rest)
		: data.diagnostics;
	return Buffer.from(JSON.stringify({ ...data, diagnostics, omitted: 'diagnostics.raw (too large for one file: ask staff for the raw files)' }));
}

/** Everything stored about the member with this Discord id, or null when the bot has no record of them. */
export async function exportMemberData(db: Queryable, discordUserId: string): Promise<MemberExport | null> {
	const [member] = await db.query<{ id: string }>('select id from public.members where discord_user_id = $1', [discordUserId]);
	if (!member) return null;
	const sections = await Promise.all(
		Object.entries(EXPORT_QUERIES).map(async ([name, sql]) => {
			const rows = await db.query(sql, [member.id]);
			return [name, name === 'profile' || name === 'referral_code' ? (rows[0] ?? null) : rows] as const;
		})
	);
	return { exported_at: new Date().toISOString(), ...Object.fromEntries(sections) } as MemberExport;
}

export interface ErasureResult {
	/** Public testimonial posts and staff cards (of testimonials and bookings) to take down from Discord. */
	testimonialMessageIds: { publicIds: string[]; staffIds: string[] };
	/** Private ticket and session threads to delete from Discord. */
	threadIds: string[];
	keptBookings: number;
}

/** What erased text is replaced with, in raw bodies and ledger reasons. */
export const ERASED_BODY = '{"erased":true}';
export const ERASED_REASON = '(erased)';

/**
 * A case-insensitive POSIX pattern for a username standing on its own (optionally as `@name`) in text: not inside a
 * longer name. Usernames are letters, digits, `_` and `.`; anything else is escaped.
 */
function usernamePattern(username: string): string {
	const escaped = username.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&');
	return `(^|[^[:alnum:]_.])@?${escaped}([^[:alnum:]_.]|$)`;
}

/**
 * Erases the member, in one transaction (all or nothing):
 * - deleted: diagnostics, quick checks, booking links, reviews, tickets, scheduled messages, claims naming them (the
 *   bookings those claims were about stay unmatched, for staff review), and staff alerts about them;
 * - kept for accounting without personal data: their bookings (no name, e-mail, links, invitee URIs, threads) and
 *   credit entries (free-text reasons erased), tied to the anonymised member row;
 * - scrubbed: the raw Calendly deliveries of their bookings and any other delivery whose body carries their Discord
 *   id, username or one of their booking e-mails (an unmatched booking they typed their id into, say);
 * - revoked: their referral code, which stops giving discounts; pending referrals on it are void.
 */
export async function eraseMemberData(db: Db, discordUserId: string): Promise<ErasureResult | null> {
	return db.transaction(async (tx) => {
		const [member] = await tx.query<{ id: string; username: string | null }>(
			'select id, username from public.members where discord_user_id = $1 for update',
			[discordUserId]
		);
		if (!member) return null;
		const id = member.id;
		// What identifies them in text, gathered before anything is erased.
		const [facts] = await tx.query<{ emails: string[]; invitee_uris: string[]; booking_ids: string[] }>(
			`select coalesce(array_agg(distinct lower(b.invitee_email)) filter (where b.invitee_email is not null), '{}') as emails,
				coalesce(array_agg(distinct u.uri) filter (where u.uri is not null), '{}') as invitee_uris,
				coalesce(array_agg(distinct b.id::text), '{}') as booking_ids
			 from public.bookings b
			 left join lateral unnest(array[b.calendly_invitee_uri, b.old_invitee_uri, b.new_invitee_uri]) as u (uri) on true
			 where b.member_id = $1`,
			[id]
		);
		const { emails, invitee_uris: inviteeUris, booking_ids: bookingIds } = facts!;
		const username = member.username && member.username.length >= 2 ? usernamePattern(member.username) : null;

		const testimonials = await tx.query<{ public_message_id: string | null; staff_message_id: string | null }>(
			'delete from public.testimonials where member_id = $1 returning public_message_id, staff_message_id',
			[id]
		);
		const tickets = await tx.query<{ channel_id: string | null }>(
			'delete from public.support_tickets where member_id = $1 returning channel_id',
			[id]
		);
		await tx.query('delete from public.notifications where member_id = $1', [id]);
		await tx.query('update public.diagnostics set booking_id = null where member_id = $1', [id]);
		await tx.query('delete from public.diagnostics where member_id = $1', [id]);
		await tx.query('delete from public.quick_assessments where member_id = $1', [id]);
		await tx.query('delete from public.captures where member_id = $1', [id]);

		// Raw deliveries: their bookings', and any still carrying their id, username or e-mail. Dedupe keys hold the
		// invitee URI, so they go too.
		const scrubbed = await tx.query<{ id: number }>(
			`update public.webhook_events w set raw_body = $6, error = null, dedupe_key = 'erased:' || w.id, scrubbed_at = now()
			 where w.booking_id = any($2::uuid[])
				or (w.scrubbed_at is null and (
					strpos(w.raw_body, $1) > 0
					or ($3::text is not null and w.raw_body ~* $3)
					or exists (select 1 from unnest($4::text[]) as e (email) where strpos(lower(w.raw_body), e.email) > 0)
					or exists (select 1 from unnest($5::text[]) as u (uri) where strpos(w.raw_body, u.uri) > 0)))
			 returning w.id`,
			[discordUserId, bookingIds, username, emails, inviteeUris, ERASED_BODY]
		);
		// Staff alerts about them: naming them, their bookings or invitees, or a delivery just scrubbed.
		await tx.query(
			`delete from public.notifications n
			 where n.kind = 'staff_alert' and (
				strpos(n.payload::text, $1) > 0
				or n.payload ->> 'webhook_event_id' = any($2::text[])
				or n.payload ->> 'invitee_uri' = any($3::text[])
				or n.payload ->> 'booking_id' = any($4::text[])
				or exists (select 1 from unnest($4::text[]) as b (id) where n.payload ->> 'booking' = left(b.id, 8)))`,
			[discordUserId, scrubbed.map((row) => String(row.id)), inviteeUris, bookingIds]
		);
		// Claims naming them, or about their bookings. A booking someone else made that only claimed them stays
		// unmatched, for staff.
		await tx.query(
			`with gone as (delete from public.booking_claims where member_id = $1 or booking_id = any($2::uuid[]) returning booking_id)
			 update public.bookings set needs_staff_review = true where id in (select booking_id from gone) and member_id is null`,
			[id, bookingIds]
		);
		const bookings = await tx.query<{ thread_channel_id: string | null; staff_message_id: string | null }>(
			`update public.bookings b set invitee_name = null, invitee_email = null, timezone = null, reschedule_url = null,
				cancel_url = null, cancel_reason = null, canceled_by = null, thread_channel_id = null, staff_message_id = null,
				checklist = '{}'::jsonb, calendly_event_uri = null, calendly_invitee_uri = 'erased:' || b.id,
				old_invitee_uri = null, new_invitee_uri = null
			 from public.bookings old
			 where b.member_id = $1 and old.id = b.id
			 returning old.thread_channel_id, old.staff_message_id`,
			[id]
		);
		await tx.query(
			'update public.bookings set booking_link_id = null where booking_link_id in (select id from public.booking_links where member_id = $1)',
			[id]
		);
		await tx.query('delete from public.booking_links where member_id = $1', [id]);
		// Ledger reasons staff typed (system reasons are fixed text), and any reason naming them.
		await tx.query(
			`update public.credit_ledger set reason = $4
			 where reason <> $4 and ((member_id = $1 and actor not like 'system:%') or strpos(reason, $2) > 0 or ($3::text is not null and reason ~* $3))`,
			[id, discordUserId, username, ERASED_REASON]
		);
		// Their code stops giving discounts; friends who applied it and have not booked lose nothing they had.
		await tx.query('update public.referral_codes set revoked_at = coalesce(revoked_at, now()) where member_id = $1', [id]);
		await tx.query(
			`update public.referrals set status = 'void'
			 where status = 'pending' and (referrer_member_id = $1 or referred_member_id = $1)`,
			[id]
		);
		await tx.query(
			`update public.members set discord_user_id = null, username = null, display_name = null, locale = null, timezone = null,
				joined_at = null, screening_passed_at = null, welcomed_at = null, dm_status = 'unknown', dm_status_at = null,
				left_at = null, last_chat_reply_at = null, anonymized_at = now()
			 where id = $1`,
			[id]
		);
		const present = (values: (string | null)[]) => values.filter((value): value is string => value !== null);
		return {
			testimonialMessageIds: {
				publicIds: present(testimonials.map((row) => row.public_message_id)),
				staffIds: present([...testimonials.map((row) => row.staff_message_id), ...bookings.map((row) => row.staff_message_id)])
			},
			threadIds: present([...tickets.map((row) => row.channel_id), ...bookings.map((row) => row.thread_channel_id)]),
			keptBookings: bookings.length
		};
	});
}

/** What the confirmation should warn about: sessions still to come, and credit that would be lost. */
export async function erasureWarnings(db: Queryable, discordUserId: string): Promise<{ upcoming: number; creditAed: string } | null> {
	const [row] = await db.query<{ upcoming: number; credit: string }>(
		`select (select count(*)::int from public.bookings b where b.member_id = m.id and b.status = 'scheduled' and b.starts_at > now()) as upcoming,
			(select coalesce(sum(amount_aed), 0)::numeric(10, 2)::text from public.credit_ledger l where l.member_id = m.id) as credit
		 from public.members m where m.discord_user_id = $1`,
		[discordUserId]
	);
	return row ? { upcoming: row.upcoming, creditAed: row.credit } : null;
}
