import { AUTO_CLOSER, clip, MESSAGE_CONTENT_MAX, STORED_DESCRIPTION_MAX } from '../tickets/rules.ts';
import type { TranscriptAttachment, TranscriptMessage } from '../tickets/transcript.ts';
import type { Db, Queryable } from './db.ts';
import { planNotification } from './notifications.ts';

/**
 * Support tickets in the database. One open ticket per member is the unique index
 * `support_tickets_one_open_per_member`; every change of state is a conditional UPDATE, so the first of two
 * concurrent claims, closes or nudges wins and the other learns why it lost. Inactivity runs on the outbox: a
 * `ticket_nudge` row per quiet spell (pushed back by each message) and, once the nudge went out, a
 * `ticket_autoclose` row; the ticket row decides whether each still applies when it falls due.
 */

export interface Ticket {
	id: string;
	number: number;
	member_id: string;
	member_discord_id: string | null;
	member_name: string | null;
	booking_id: string | null;
	topic: string;
	description: string;
	status: 'open' | 'closed';
	channel_id: string | null;
	claimed_by: string | null;
	claimed_at: Date | null;
	closed_by: string | null;
	close_reason: string | null;
	closed_at: Date | null;
	last_activity_at: Date;
	nudged_at: Date | null;
	created_at: Date;
}

type TicketRow = Ticket & Record<string, unknown>;

const select = `select t.id, t.number, t.member_id, m.discord_user_id as member_discord_id,
	coalesce(m.display_name, m.username) as member_name, t.booking_id, t.topic, t.description,
	t.status, t.channel_id, t.claimed_by, t.claimed_at, t.closed_by, t.close_reason, t.closed_at, t.last_activity_at,
	t.nudged_at, t.created_at
	from public.support_tickets t join public.members m on m.id = t.member_id`;

/**
 * Plans the nudge of the quiet spell that began at the ticket's last activity, unless a nudge is already waiting
 * (one not being delivered right now: `except` is the row whose delivery is asking). The key names the spell, so a
 * spell is planned once.
 */
async function planNudge(db: Queryable, ticketId: string, nudgeAfterSeconds: number, except: string | null = null): Promise<void> {
	await db.query(
		`select public.plan_notification('ticket_nudge', t.last_activity_at + make_interval(secs => $2),
			p_member_id => t.member_id, p_ticket_id => t.id,
			p_dedupe_key => 'ticket-nudge:' || t.id || ':' || floor(extract(epoch from t.last_activity_at) * 1000)::bigint)
		 from public.support_tickets t
		 where t.id = $1 and t.status = 'open' and not exists (
			select 1 from public.notifications n
			where n.ticket_id = t.id and n.kind = 'ticket_nudge' and n.status = 'pending' and n.id is distinct from $3::uuid
				and (n.claimed_until is null or n.claimed_until < now())
		 )`,
		[ticketId, nudgeAfterSeconds, except]
	);
}

export async function loadTicket(db: Queryable, id: string): Promise<Ticket | null> {
	const [row] = await db.query<TicketRow>(`${select} where t.id = $1`, [id]);
	return row ?? null;
}

export async function findOpenTicket(db: Queryable, discordUserId: string): Promise<Ticket | null> {
	const [row] = await db.query<TicketRow>(`${select} where m.discord_user_id = $1 and t.status = 'open'`, [discordUserId]);
	return row ?? null;
}

/** The ticket whose thread this is (open or closed), or null. */
export async function ticketOfChannel(db: Queryable, channelId: string): Promise<Ticket | null> {
	const [row] = await db.query<TicketRow>(`${select} where t.channel_id = $1`, [channelId]);
	return row ?? null;
}

export interface NewTicket {
	memberId: string;
	topic: string;
	description: string;
	/** Kept only when it names a booking that exists. */
	bookingId?: string | null;
	nudgeAfterSeconds: number;
}

/** How long a new ticket may wait for its thread before it counts as abandoned. */
const ABANDONED_AFTER_SECONDS = 120;

export type CreateOutcome = { created: true; ticket: Ticket } | { created: false; ticket: Ticket };

/**
 * Opens a ticket for the member and plans its first nudge, in one transaction; or returns the ticket already open
 * (its thread may not exist yet when another request is still creating it: `channel_id` is then null). A ticket
 * still without a thread after two minutes was abandoned mid-creation and is replaced.
 */
export async function createTicket(db: Db, input: NewTicket): Promise<CreateOutcome> {
	for (let attempt = 0; attempt < 3; attempt += 1) {
		const outcome = await db.transaction(async (tx): Promise<CreateOutcome | null> => {
			const [inserted] = await tx.query<{ id: string }>(
				`insert into public.support_tickets (member_id, booking_id, topic, description)
				 values ($1, (select b.id from public.bookings b where b.id = $2::uuid), $3, $4)
				 on conflict (member_id) where status = 'open' do nothing
				 returning id`,
				[input.memberId, input.bookingId ?? null, input.topic.slice(0, 50), clip(input.description, STORED_DESCRIPTION_MAX)]
			);
			if (inserted) {
				await planNudge(tx, inserted.id, input.nudgeAfterSeconds);
				return { created: true, ticket: (await loadTicket(tx, inserted.id))! };
			}
			// A ticket left without a thread for minutes was abandoned (the bot stopped while creating it): it goes.
			const abandoned = await tx.query(
				`delete from public.support_tickets where member_id = $1 and status = 'open' and channel_id is null
				 and created_at < now() - make_interval(secs => $2) returning id`,
				[input.memberId, ABANDONED_AFTER_SECONDS]
			);
			if (abandoned.length > 0) return null;
			const [open] = await tx.query<TicketRow>(`${select} where t.member_id = $1 and t.status = 'open'`, [input.memberId]);
			return open ? { created: false, ticket: open } : null;
		});
		// null: the open ticket closed (or was abandoned) between the insert and the read; try again.
		if (outcome) return outcome;
	}
	throw new Error("createTicket: the member's open ticket kept changing");
}

/** Records the ticket's thread; false when it already has one (another request created it first). */
export async function setTicketChannel(db: Queryable, ticketId: string, channelId: string): Promise<boolean> {
	const rows = await db.query('update public.support_tickets set channel_id = $2 where id = $1 and channel_id is null returning id', [
		ticketId,
		channelId
	]);
	return rows.length === 1;
}

/** Drops a ticket whose thread could not be created, so nothing half-made stays open (its outbox rows go with it). */
export async function discardTicket(db: Queryable, ticketId: string): Promise<void> {
	await db.query('delete from public.support_tickets where id = $1 and channel_id is null', [ticketId]);
}

export type ClaimOutcome =
	| { ok: true; ticket: Ticket }
	| { ok: false; reason: 'not_found' | 'closed' | 'not_claimed'; ticket: Ticket | null }
	| { ok: false; reason: 'already_claimed'; ticket: Ticket };

async function refusal(db: Queryable, id: string, whenOpen: 'already_claimed' | 'not_claimed'): Promise<ClaimOutcome> {
	const ticket = await loadTicket(db, id);
	if (!ticket) return { ok: false, reason: 'not_found', ticket: null };
	if (ticket.status === 'closed') return { ok: false, reason: 'closed', ticket };
	return whenOpen === 'already_claimed' ? { ok: false, reason: 'already_claimed', ticket } : { ok: false, reason: 'not_claimed', ticket };
}

/** A staff member takes an open, unclaimed ticket; the first of two claims wins. */
export async function claimTicket(db: Queryable, id: string, actor: string): Promise<ClaimOutcome> {
	const rows = await db.query(
		"update public.support_tickets set claimed_by = $2, claimed_at = now() where id = $1 and status = 'open' and claimed_by is null returning id",
		[id, actor]
	);
	if (rows.length === 0) return refusal(db, id, 'already_claimed');
	return { ok: true, ticket: (await loadTicket(db, id))! };
}

/** Hands a claimed ticket back to the team. */
export async function unclaimTicket(db: Queryable, id: string): Promise<ClaimOutcome> {
	const rows = await db.query(
		"update public.support_tickets set claimed_by = null, claimed_at = null where id = $1 and status = 'open' and claimed_by is not null returning id",
		[id]
	);
	if (rows.length === 0) return refusal(db, id, 'not_claimed');
	return { ok: true, ticket: (await loadTicket(db, id))! };
}

export interface IncomingMessage {
	channelId: string;
	discordMessageId: string;
	authorDiscordId: string;
	authorName: string | null;
	authorIsStaff: boolean;
	content: string;
	attachments: readonly TranscriptAttachment[];
	createdAt: Date;
}

const insertMessage = `insert into public.ticket_messages
	(ticket_id, discord_message_id, author_discord_id, author_name, author_is_staff, content, attachments, created_at)
	select t.id, $2::text, $3::text, $4::text, $5::boolean, $6::text, $7::text::jsonb, $8::timestamptz
	from public.support_tickets t where t.channel_id = $1
	on conflict (discord_message_id) do nothing
	returning ticket_id`;

function messageParams(message: IncomingMessage): unknown[] {
	return [
		message.channelId,
		message.discordMessageId,
		message.authorDiscordId,
		message.authorName?.slice(0, 100) ?? null,
		message.authorIsStaff,
		clip(message.content, MESSAGE_CONTENT_MAX),
		JSON.stringify(message.attachments.slice(0, 10)),
		message.createdAt
	];
}

/**
 * A person wrote in a ticket's thread: the message joins the transcript (once, however many bot processes saw it)
 * and, while the ticket is open, the quiet spell starts over: the pending nudge moves back (or a new one is planned
 * when the last already went out) and an autoclose waiting after a nudge is canceled. False when the channel is no
 * ticket's or the message was already recorded.
 */
export async function recordTicketMessage(db: Db, message: IncomingMessage, nudgeAfterSeconds: number): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [recorded] = await tx.query<{ ticket_id: string }>(insertMessage, messageParams(message));
		if (!recorded) return false;
		const [open] = await tx.query<{ id: string }>(
			`update public.support_tickets set last_activity_at = greatest(last_activity_at, now()), nudged_at = null
			 where id = $1 and status = 'open' returning id`,
			[recorded.ticket_id]
		);
		if (!open) return true;
		await tx.query(
			`update public.notifications set status = 'canceled', canceled_at = now(), cancel_reason = 'the ticket has new messages'
			 where ticket_id = $1 and kind = 'ticket_autoclose' and status = 'pending'`,
			[open.id]
		);
		// A nudge being delivered right now is left alone: its delivery sees the activity and stands down.
		const moved = await tx.query(
			`update public.notifications n set due_at = t.last_activity_at + make_interval(secs => $2)
			 from public.support_tickets t
			 where t.id = $1 and n.ticket_id = t.id and n.kind = 'ticket_nudge' and n.status = 'pending'
				and (n.claimed_until is null or n.claimed_until < now())
			 returning n.id`,
			[open.id, nudgeAfterSeconds]
		);
		if (moved.length === 0) await planNudge(tx, open.id, nudgeAfterSeconds);
		return true;
	});
}

/** Messages found in the thread at closing time that the listener missed (the bot was offline): transcript only. */
export async function backfillTicketMessages(db: Queryable, messages: readonly IncomingMessage[]): Promise<number> {
	let added = 0;
	for (const message of messages) added += (await db.query(insertMessage, messageParams(message))).length;
	return added;
}

export async function ticketTranscript(db: Queryable, ticketId: string): Promise<TranscriptMessage[]> {
	return db.query<TranscriptMessage & Record<string, unknown>>(
		`select author_discord_id, author_name, author_is_staff, content, attachments, created_at
		 from public.ticket_messages where ticket_id = $1 order by created_at, id`,
		[ticketId]
	);
}

const cancelPending = (db: Queryable, ticketId: string) =>
	db.query(
		`update public.notifications set status = 'canceled', canceled_at = now(), cancel_reason = 'the ticket is closed'
		 where ticket_id = $1 and status = 'pending' and kind in ('ticket_nudge', 'ticket_autoclose')`,
		[ticketId]
	);

export type CloseOutcome = { ok: true; ticket: Ticket } | { ok: false; reason: 'not_found' | 'already_closed'; ticket: Ticket | null };

/**
 * Closes an open ticket with a reason (the member or staff); the first close wins. Pending nudges are canceled, and
 * what closing does in Discord (transcript, notice, lock, the member's summary) is planned in the outbox in the same
 * transaction, so a crash or a Discord failure after the close delays it but never drops it.
 */
export async function closeTicket(db: Db, id: string, actor: string, reason: string): Promise<CloseOutcome> {
	return db.transaction(async (tx) => {
		const rows = await tx.query(
			`update public.support_tickets set status = 'closed', closed_by = $2, close_reason = $3, closed_at = now()
			 where id = $1 and status = 'open' returning id`,
			[id, actor, reason]
		);
		const ticket = await loadTicket(tx, id);
		if (rows.length === 0) return { ok: false, reason: ticket ? 'already_closed' : 'not_found', ticket };
		await cancelPending(tx, id);
		await planNotification(tx, {
			kind: 'ticket_autoclose',
			ticketId: id,
			memberId: ticket!.member_id,
			dedupeKey: `ticket-finish:${id}`,
			payload: { finish: true }
		});
		return { ok: true, ticket: ticket! };
	});
}

export type NudgeOutcome =
	| { outcome: 'nudge'; ticket: Ticket; awaiting: 'member'; closesAt: Date }
	| { outcome: 'nudge'; ticket: Ticket; awaiting: 'staff' }
	| { outcome: 'active' | 'already_nudged' | 'closed' | 'not_found' };

const autoCloseKey = `'ticket-autoclose:' || t.id || ':' || floor(extract(epoch from t.nudged_at) * 1000)::bigint`;

/**
 * The nudge `notificationId` fell due. When nobody wrote for `nudgeAfter` seconds, the ticket is marked nudged (once
 * per quiet spell, whichever nudge row asks first; the row records the nudge, so a retry of the same delivery may send
 * again). Who is expected to answer decides the rest: after a staff message the member is nudged and the autoclose is
 * planned; when the member spoke last (or only described the problem) staff are nudged and nothing closes. When
 * someone wrote since, the nudge of the new spell is planned instead.
 */
export async function claimNudge(
	db: Db,
	ticketId: string,
	notificationId: string,
	seconds: { nudgeAfter: number; closeAfterNudge: number }
): Promise<NudgeOutcome> {
	return db.transaction(async (tx) => {
		const [nudged] = await tx.query<{ id: string }>(
			`update public.support_tickets set nudged_at = now()
			 where id = $1 and status = 'open' and nudged_at is null and last_activity_at <= now() - make_interval(secs => $2)
			 returning id`,
			[ticketId, seconds.nudgeAfter]
		);
		if (nudged) {
			await tx.query(
				`update public.notifications n set payload = n.payload || jsonb_build_object('nudged_at', t.nudged_at)
				 from public.support_tickets t where n.id = $2 and t.id = $1`,
				[ticketId, notificationId]
			);
			await tx.query(
				`select public.plan_notification('ticket_autoclose', t.nudged_at + make_interval(secs => $2),
					p_member_id => t.member_id, p_ticket_id => t.id, p_dedupe_key => ${autoCloseKey})
				 from public.support_tickets t
				 where t.id = $1 and (select m.author_is_staff from public.ticket_messages m where m.ticket_id = t.id order by m.created_at desc, m.id desc limit 1)`,
				[ticketId, seconds.closeAfterNudge]
			);
		}
		const ticket = await loadTicket(tx, ticketId);
		if (!ticket) return { outcome: 'not_found' };
		if (ticket.status === 'closed') return { outcome: 'closed' };
		if (!ticket.nudged_at) {
			await planNudge(tx, ticketId, seconds.nudgeAfter, notificationId);
			return { outcome: 'active' };
		}
		const [mine] = await tx.query<{ closes_at: Date | null }>(
			`select (select a.due_at from public.notifications a where a.dedupe_key = ${autoCloseKey}) as closes_at
			 from public.notifications n join public.support_tickets t on t.id = n.ticket_id
			 where n.id = $2 and t.id = $1 and (n.payload ->> 'nudged_at')::timestamptz = t.nudged_at`,
			[ticketId, notificationId]
		);
		if (!mine) return { outcome: 'already_nudged' };
		return mine.closes_at
			? { outcome: 'nudge', ticket, awaiting: 'member', closesAt: mine.closes_at }
			: { outcome: 'nudge', ticket, awaiting: 'staff' };
	});
}

export type AutoCloseOutcome = { outcome: 'closed'; ticket: Ticket; resumed: boolean } | { outcome: 'active' | 'closed_by_someone' | 'not_found' };

/**
 * An autoclose fell due: closes the ticket when it was nudged at least `closeAfterNudgeSeconds` ago and nobody wrote
 * since (a message clears `nudged_at`). A ticket this already closed is returned again (`resumed`), so a delivery
 * retried after a Discord failure finishes the job.
 */
export async function autoCloseTicket(db: Db, ticketId: string, closeAfterNudgeSeconds: number, reason: string): Promise<AutoCloseOutcome> {
	return db.transaction(async (tx) => {
		const rows = await tx.query(
			`update public.support_tickets set status = 'closed', closed_by = $2, close_reason = $3, closed_at = now()
			 where id = $1 and status = 'open' and nudged_at is not null and nudged_at <= now() - make_interval(secs => $4)
			 returning id`,
			[ticketId, AUTO_CLOSER, reason, closeAfterNudgeSeconds]
		);
		const ticket = await loadTicket(tx, ticketId);
		if (!ticket) return { outcome: 'not_found' };
		if (rows.length === 1) {
			await cancelPending(tx, ticketId);
			return { outcome: 'closed', ticket, resumed: false };
		}
		if (ticket.status === 'open') return { outcome: 'active' };
		return ticket.closed_by === AUTO_CLOSER ? { outcome: 'closed', ticket, resumed: true } : { outcome: 'closed_by_someone' };
	});
}

export interface MemberContext {
	package_name: string | null;
	session_at: Date | null;
	session_status: string | null;
	verdict: string | null;
	verdict_source: 'tool' | 'quick' | null;
	critical_count: number | null;
	warning_count: number | null;
	verdict_at: Date | null;
	rating: number | null;
}

/**
 * What staff see first on a ticket: the member's latest booking (or the one the ticket is about) with its package,
 * their latest diagnostic or quick assessment verdict, and their latest session rating.
 */
export async function memberContext(db: Queryable, memberId: string, bookingId: string | null): Promise<MemberContext> {
	const [row] = await db.query<MemberContext & Record<string, unknown>>(
		`select b.package_name, b.starts_at as session_at, b.status as session_status,
			d.recommendation as verdict, d.source as verdict_source, d.critical_count, d.warning_count, d.created_at as verdict_at,
			r.rating
		 from (select 1) as one
		 left join lateral (
			select p.name as package_name, b.starts_at, b.status from public.bookings b
			left join public.packages p on p.code = b.package_code
			where b.member_id = $1 and (b.id = $2::uuid or b.status not in ('canceled', 'rescheduled'))
			order by b.id = $2::uuid desc nulls last, b.starts_at desc limit 1
		 ) b on true
		 left join lateral (
			select * from (
				select recommendation, 'tool' as source, critical_count, warning_count, created_at from public.diagnostics where member_id = $1
				union all
				select recommendation, 'quick', null, null, created_at from public.quick_assessments where member_id = $1
			) verdicts order by created_at desc limit 1
		 ) d on true
		 left join lateral (
			select rating from public.testimonials where member_id = $1 order by booking_id = $2::uuid desc nulls last, created_at desc limit 1
		 ) r on true`,
		[memberId, bookingId]
	);
	return row!;
}
