import { describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import {
	autoCloseTicket,
	backfillTicketMessages,
	claimNudge,
	claimTicket,
	closeTicket,
	createTicket,
	discardTicket,
	findOpenTicket,
	memberContext,
	recordTicketMessage,
	setTicketChannel,
	ticketOfChannel,
	ticketTranscript,
	unclaimTicket,
	type IncomingMessage
} from '../../src/lib/data/tickets.ts';
import { AUTO_CLOSER, AUTO_CLOSE_REASON } from '../../src/lib/tickets/rules.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

const HOUR = 3600;
const seconds = { nudgeAfter: 24 * HOUR, closeAfterNudge: 24 * HOUR };
let sequence = 0;
const nextId = (prefix: string) => `${prefix}${String((sequence += 1)).padStart(6, '0')}`;

async function member(db: Db): Promise<{ id: string; discordId: string }> {
	const discordId = nextId('5100000000000');
	const row = await upsertMember(db, { discordUserId: discordId, username: `user${sequence}` });
	return { id: row.id, discordId };
}

async function openWithThread(db: Db, memberId: string): Promise<{ ticketId: string; channelId: string }> {
	const opened = await createTicket(db, {
		memberId,
		topic: 'other',
		description: 'My game stutters every few seconds.',
		nudgeAfterSeconds: seconds.nudgeAfter
	});
	if (!opened.created) throw new Error('expected a new ticket');
	const channelId = nextId('5200000000000');
	expect(await setTicketChannel(db, opened.ticket.id, channelId)).toBe(true);
	return { ticketId: opened.ticket.id, channelId };
}

function message(channelId: string, authorDiscordId: string, content: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
	return {
		channelId,
		discordMessageId: nextId('5300000000000'),
		authorDiscordId,
		authorName: 'someone',
		authorIsStaff: false,
		content,
		attachments: [],
		createdAt: new Date(),
		...extra
	};
}

const notifications = (db: Db, ticketId: string) =>
	db.query<{ kind: string; status: string; due_at: Date; dedupe_key: string }>(
		`select kind, status, due_at, dedupe_key from public.notifications where ticket_id = $1 order by created_at, kind`,
		[ticketId]
	);

/** Staff answered in the ticket: now the member is expected to reply. */
const staffReply = (db: Db, channelId: string) =>
	recordTicketMessage(
		db,
		message(channelId, '111111111111111111', 'Please try updating the driver.', { authorIsStaff: true, authorName: 'coach' }),
		seconds.nudgeAfter
	);

async function pendingNudge(db: Db, ticketId: string): Promise<string> {
	const [row] = await db.query<{ id: string }>(
		`select id from public.notifications where ticket_id = $1 and kind = 'ticket_nudge' and status = 'pending'`,
		[ticketId]
	);
	if (!row) throw new Error('no pending nudge');
	return row.id;
}

/** Time passes for one ticket: its last activity (and nudge) move into the past. */
const age = (db: Db, ticketId: string, column: 'last_activity_at' | 'nudged_at', hours: number) =>
	db.query(`update public.support_tickets set ${column} = ${column} - make_interval(hours => $2) where id = $1`, [ticketId, hours]);

describe.each(databaseTargets())('support tickets on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('opening plans the first nudge; a second ticket for the same member returns the open one, even at once', async () => {
		const { db } = database;
		const alice = await member(db);
		const outcomes = await Promise.all(
			[1, 2, 3].map(() =>
				createTicket(db, { memberId: alice.id, topic: 'payment', description: 'I was charged twice.', nudgeAfterSeconds: seconds.nudgeAfter })
			)
		);
		const created = outcomes.filter((outcome) => outcome.created);
		expect(created).toHaveLength(1);
		const ticket = created[0]!.ticket;
		expect(outcomes.every((outcome) => outcome.ticket.id === ticket.id)).toBe(true);
		expect(ticket).toMatchObject({
			status: 'open',
			topic: 'payment',
			description: 'I was charged twice.',
			member_discord_id: alice.discordId,
			channel_id: null
		});
		const [nudge] = await notifications(db, ticket.id);
		expect(nudge?.kind).toBe('ticket_nudge');
		expect(nudge!.due_at.getTime() - ticket.last_activity_at.getTime()).toBe(seconds.nudgeAfter * 1000);
		expect((await findOpenTicket(db, alice.discordId))?.id).toBe(ticket.id);
	});

	test('a ticket whose thread could not be made is discarded with its outbox rows; one with a thread is not', async () => {
		const { db } = database;
		const bob = await member(db);
		const opened = await createTicket(db, { memberId: bob.id, topic: 'other', description: 'x'.repeat(5000), nudgeAfterSeconds: 60 });
		expect(opened.ticket.description).toHaveLength(4000);
		await discardTicket(db, opened.ticket.id);
		expect(await findOpenTicket(db, bob.discordId)).toBeNull();
		expect(await notifications(db, opened.ticket.id)).toEqual([]);
		const { ticketId, channelId } = await openWithThread(db, bob.id);
		expect(await setTicketChannel(db, ticketId, '5999999999999999')).toBe(false);
		await discardTicket(db, ticketId);
		expect((await ticketOfChannel(db, channelId))?.id).toBe(ticketId);
	});

	test('a ticket abandoned before its thread existed (the bot stopped) is replaced after two minutes, not before', async () => {
		const { db } = database;
		const ned = await member(db);
		const input = { memberId: ned.id, topic: 'other', description: 'Game crashes on launch.', nudgeAfterSeconds: 60 };
		const abandoned = await createTicket(db, input);
		expect((await createTicket(db, input)).created).toBe(false);
		await db.query(`update public.support_tickets set created_at = now() - interval '3 minutes' where id = $1`, [abandoned.ticket.id]);
		const replaced = await createTicket(db, input);
		expect(replaced.created).toBe(true);
		expect(replaced.ticket.id).not.toBe(abandoned.ticket.id);
		expect(await notifications(db, abandoned.ticket.id)).toEqual([]);
	});

	test('a booking id that names no booking is dropped, not an error', async () => {
		const { db } = database;
		const cara = await member(db);
		const opened = await createTicket(db, {
			memberId: cara.id,
			topic: 'low_rating',
			description: 'Rated 4/10',
			bookingId: '00000000-0000-0000-0000-000000000000',
			nudgeAfterSeconds: 60
		});
		expect(opened.ticket.booking_id).toBeNull();
	});

	test('claims: the first staff member wins, unclaim hands it back, a closed ticket cannot be claimed', async () => {
		const { db } = database;
		const dina = await member(db);
		const { ticketId } = await openWithThread(db, dina.id);
		const [first, second] = await Promise.all([
			claimTicket(db, ticketId, 'discord:111111111111111111'),
			claimTicket(db, ticketId, 'discord:222222222222222222')
		]);
		const outcomes = [first, second];
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
		const lost = outcomes.find((outcome) => !outcome.ok);
		expect(lost).toMatchObject({ ok: false, reason: 'already_claimed' });
		expect((await unclaimTicket(db, ticketId)).ok).toBe(true);
		expect(await unclaimTicket(db, ticketId)).toMatchObject({ ok: false, reason: 'not_claimed' });
		expect((await closeTicket(db, ticketId, 'discord:111111111111111111', 'Solved')).ok).toBe(true);
		expect(await claimTicket(db, ticketId, 'discord:111111111111111111')).toMatchObject({ ok: false, reason: 'closed' });
		expect(await claimTicket(db, '00000000-0000-0000-0000-000000000000', 'discord:111111111111111111')).toEqual({
			ok: false,
			reason: 'not_found',
			ticket: null
		});
	});

	test('messages are recorded once each, in order, and each one pushes the nudge back', async () => {
		const { db } = database;
		const emil = await member(db);
		const { ticketId, channelId } = await openWithThread(db, emil.id);
		await age(db, ticketId, 'last_activity_at', 5);
		const first = message(channelId, emil.discordId, 'Hello?\nAnyone there?', {
			createdAt: new Date(Date.now() - 2000),
			attachments: [{ name: 'dxdiag.txt', size: 4096 }]
		});
		expect(await recordTicketMessage(db, first, seconds.nudgeAfter)).toBe(true);
		expect(await recordTicketMessage(db, first, seconds.nudgeAfter)).toBe(false);
		expect(await recordTicketMessage(db, message('5999999999999998', emil.discordId, 'not a ticket'), seconds.nudgeAfter)).toBe(false);
		await recordTicketMessage(
			db,
			message(channelId, '111111111111111111', 'Hi, staff here.', { authorIsStaff: true, authorName: 'coach' }),
			seconds.nudgeAfter
		);
		const transcript = await ticketTranscript(db, ticketId);
		expect(transcript.map((row) => [row.content, row.author_is_staff])).toEqual([
			['Hello?\nAnyone there?', false],
			['Hi, staff here.', true]
		]);
		expect(transcript[0]!.attachments).toEqual([{ name: 'dxdiag.txt', size: 4096 }]);
		const rows = await notifications(db, ticketId);
		expect(rows.map((row) => [row.kind, row.status])).toEqual([['ticket_nudge', 'pending']]);
		const [ticket] = await db.query<{ last_activity_at: Date }>('select last_activity_at from public.support_tickets where id = $1', [ticketId]);
		expect(rows[0]!.due_at.getTime()).toBe(ticket!.last_activity_at.getTime() + seconds.nudgeAfter * 1000);
		expect(Date.now() - ticket!.last_activity_at.getTime()).toBeLessThan(60_000);
	});

	test('the nudge waits for a quiet spell, then plans the autoclose once; a reply cancels it and plans the next nudge', async () => {
		const { db } = database;
		const fay = await member(db);
		const { ticketId, channelId } = await openWithThread(db, fay.id);
		await staffReply(db, channelId);
		const first = await pendingNudge(db, ticketId);
		// Due while someone wrote in the meantime: nothing is nudged, the next spell's nudge is planned.
		await age(db, ticketId, 'last_activity_at', 23);
		expect(await claimNudge(db, ticketId, first, seconds)).toEqual({ outcome: 'active' });
		await db.query(`update public.notifications set status = 'skipped' where id = $1`, [first]);
		const second = await pendingNudge(db, ticketId);
		expect(second).not.toBe(first);
		await age(db, ticketId, 'last_activity_at', 2);
		const nudge = await claimNudge(db, ticketId, second, seconds);
		if (nudge.outcome !== 'nudge' || nudge.awaiting !== 'member') throw new Error(JSON.stringify(nudge));
		expect(nudge.ticket.nudged_at).not.toBeNull();
		expect(nudge.closesAt.getTime()).toBe(nudge.ticket.nudged_at!.getTime() + seconds.closeAfterNudge * 1000);
		// A retry of the same delivery may send again and plans nothing new; any other nudge row stands down.
		expect(await claimNudge(db, ticketId, second, seconds)).toMatchObject({ outcome: 'nudge', awaiting: 'member', closesAt: nudge.closesAt });
		expect(await claimNudge(db, ticketId, first, seconds)).toEqual({ outcome: 'already_nudged' });
		expect((await notifications(db, ticketId)).filter((row) => row.kind === 'ticket_autoclose')).toHaveLength(1);
		// Not yet: the autoclose waits for its time after the nudge.
		expect(await autoCloseTicket(db, ticketId, seconds.closeAfterNudge, AUTO_CLOSE_REASON)).toEqual({ outcome: 'active' });
		await db.query(`update public.notifications set status = 'sent', sent_at = now() where id = $1`, [second]);
		await recordTicketMessage(db, message(channelId, fay.discordId, 'Still broken!'), seconds.nudgeAfter);
		const rows = await notifications(db, ticketId);
		expect(rows.filter((row) => row.kind === 'ticket_autoclose').map((row) => row.status)).toEqual(['canceled']);
		expect(rows.filter((row) => row.kind === 'ticket_nudge' && row.status === 'pending')).toHaveLength(1);
		const [state] = await db.query<{ nudged_at: Date | null }>('select nudged_at from public.support_tickets where id = $1', [ticketId]);
		expect(state?.nudged_at).toBeNull();
	});

	test('when the member spoke last, staff are nudged and nothing is planned to close the ticket', async () => {
		const { db } = database;
		const ola = await member(db);
		const { ticketId, channelId } = await openWithThread(db, ola.id);
		await staffReply(db, channelId);
		await recordTicketMessage(db, message(channelId, ola.discordId, 'That did not help.'), seconds.nudgeAfter);
		await age(db, ticketId, 'last_activity_at', 25);
		const nudgeId = await pendingNudge(db, ticketId);
		expect(await claimNudge(db, ticketId, nudgeId, seconds)).toMatchObject({ outcome: 'nudge', awaiting: 'staff' });
		expect(await claimNudge(db, ticketId, nudgeId, seconds)).toMatchObject({ outcome: 'nudge', awaiting: 'staff' });
		expect((await notifications(db, ticketId)).filter((row) => row.kind === 'ticket_autoclose')).toEqual([]);
		// A ticket nobody answered yet (only the description) waits on staff too.
		const pia = await member(db);
		const fresh = await openWithThread(db, pia.id);
		await age(db, fresh.ticketId, 'last_activity_at', 25);
		expect(await claimNudge(db, fresh.ticketId, await pendingNudge(db, fresh.ticketId), seconds)).toMatchObject({
			outcome: 'nudge',
			awaiting: 'staff'
		});
	});

	test('a reply while the nudge is being delivered leaves that delivery to stand down and plans the next spell once', async () => {
		const { db } = database;
		const lea = await member(db);
		const { ticketId, channelId } = await openWithThread(db, lea.id);
		const inFlight = await pendingNudge(db, ticketId);
		await db.query(
			`update public.notifications set due_at = now(), claimed_by = 'w1', claimed_until = now() + interval '1 minute' where id = $1`,
			[inFlight]
		);
		await recordTicketMessage(db, message(channelId, lea.discordId, 'Actually, one more thing'), seconds.nudgeAfter);
		expect(await claimNudge(db, ticketId, inFlight, seconds)).toEqual({ outcome: 'active' });
		const pending = (await notifications(db, ticketId)).filter((row) => row.kind === 'ticket_nudge' && row.status === 'pending');
		expect(pending).toHaveLength(2);
		expect(pending.filter((row) => row.due_at.getTime() > Date.now() + (seconds.nudgeAfter - 60) * 1000)).toHaveLength(1);
	});

	test('two nudge rows for the same quiet spell (two processes racing) nudge once', async () => {
		const { db } = database;
		const max = await member(db);
		const { ticketId, channelId } = await openWithThread(db, max.id);
		await staffReply(db, channelId);
		const first = await pendingNudge(db, ticketId);
		const twin = await make.notification(db, {
			kind: 'ticket_nudge',
			ticket_id: ticketId,
			member_id: max.id,
			dedupe_key: `ticket-nudge:${ticketId}:twin`
		});
		await age(db, ticketId, 'last_activity_at', 25);
		const outcomes = await Promise.all([claimNudge(db, ticketId, first, seconds), claimNudge(db, ticketId, twin.id, seconds)]);
		expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['already_nudged', 'nudge']);
		expect((await notifications(db, ticketId)).filter((row) => row.kind === 'ticket_autoclose')).toHaveLength(1);
	});

	test('autoclose closes a nudged, silent ticket once, returns it again to a retry, and spares a ticket someone closed', async () => {
		const { db } = database;
		const gus = await member(db);
		const { ticketId, channelId } = await openWithThread(db, gus.id);
		await staffReply(db, channelId);
		await age(db, ticketId, 'last_activity_at', 25);
		expect((await claimNudge(db, ticketId, await pendingNudge(db, ticketId), seconds)).outcome).toBe('nudge');
		await age(db, ticketId, 'nudged_at', 25);
		const [closed, concurrent] = await Promise.all([
			autoCloseTicket(db, ticketId, seconds.closeAfterNudge, AUTO_CLOSE_REASON),
			autoCloseTicket(db, ticketId, seconds.closeAfterNudge, AUTO_CLOSE_REASON)
		]);
		const fresh = [closed, concurrent].filter((outcome) => outcome.outcome === 'closed' && !outcome.resumed);
		expect(fresh).toHaveLength(1);
		const [row] = await db.query<{ status: string; closed_by: string; close_reason: string }>(
			'select status, closed_by, close_reason from public.support_tickets where id = $1',
			[ticketId]
		);
		expect(row).toEqual({ status: 'closed', closed_by: AUTO_CLOSER, close_reason: AUTO_CLOSE_REASON });
		expect(await autoCloseTicket(db, ticketId, seconds.closeAfterNudge, AUTO_CLOSE_REASON)).toMatchObject({ outcome: 'closed', resumed: true });
		expect((await notifications(db, ticketId)).filter((n) => n.status === 'pending')).toEqual([]);

		const hana = await member(db);
		const other = await openWithThread(db, hana.id);
		await closeTicket(db, other.ticketId, `discord:${hana.discordId}`, 'Fixed it myself');
		expect(await autoCloseTicket(db, other.ticketId, 0, AUTO_CLOSE_REASON)).toEqual({ outcome: 'closed_by_someone' });
		expect(await claimNudge(db, other.ticketId, '00000000-0000-0000-0000-000000000000', seconds)).toEqual({ outcome: 'closed' });
	});

	test('closing: the first close wins, the reason is kept, pending nudges are canceled, a new ticket may then open', async () => {
		const { db } = database;
		const ivo = await member(db);
		const { ticketId, channelId } = await openWithThread(db, ivo.id);
		const [a, b] = await Promise.all([
			closeTicket(db, ticketId, 'discord:111111111111111111', 'Solved by driver update'),
			closeTicket(db, ticketId, `discord:${ivo.discordId}`, 'Never mind')
		]);
		expect([a, b].filter((outcome) => outcome.ok)).toHaveLength(1);
		expect([a, b].find((outcome) => !outcome.ok)).toMatchObject({ reason: 'already_closed' });
		// The nudge is canceled; what closing does in Discord is planned once, with the close.
		const finish = { kind: 'ticket_autoclose', status: 'pending', dedupe_key: `ticket-finish:${ticketId}` };
		expect((await notifications(db, ticketId)).map((row) => ({ kind: row.kind, status: row.status, dedupe_key: row.dedupe_key }))).toEqual([
			expect.objectContaining({ kind: 'ticket_nudge', status: 'canceled' }),
			finish
		]);
		// Messages after the close still join the transcript but plan nothing more.
		expect(
			await recordTicketMessage(db, message(channelId, '111111111111111111', 'Closing note', { authorIsStaff: true }), seconds.nudgeAfter)
		).toBe(true);
		expect((await notifications(db, ticketId)).filter((row) => row.status === 'pending').map((row) => row.dedupe_key)).toEqual([
			finish.dedupe_key
		]);
		const next = await createTicket(db, { memberId: ivo.id, topic: 'other', description: 'Another problem now.', nudgeAfterSeconds: 60 });
		expect(next.created).toBe(true);
		expect(next.ticket.number).toBeGreaterThan((await ticketOfChannel(db, channelId))!.number);
	});

	test('backfill adds only the messages the listener missed', async () => {
		const { db } = database;
		const jan = await member(db);
		const { ticketId, channelId } = await openWithThread(db, jan.id);
		const seen = message(channelId, jan.discordId, 'seen live');
		await recordTicketMessage(db, seen, seconds.nudgeAfter);
		const missed = message(channelId, jan.discordId, 'sent while the bot was offline', { createdAt: new Date(Date.now() + 1000) });
		expect(await backfillTicketMessages(db, [seen, missed])).toBe(1);
		expect((await ticketTranscript(db, ticketId)).map((row) => row.content)).toEqual(['seen live', 'sent while the bot was offline']);
	});

	test('the member context: the booking the ticket is about, the latest verdict and the rating', async () => {
		const { db } = database;
		const kim = await member(db);
		const empty = await memberContext(db, kim.id, null);
		expect(empty).toMatchObject({ package_name: null, verdict: null, rating: null });
		const booking = await make.booking(db, {
			member_id: kim.id,
			status: 'completed',
			starts_at: make.ago('3 days'),
			ends_at: make.sql`now() - interval '3 days' + interval '2 hours'`,
			price_aed: 399
		});
		await make.booking(db, {
			member_id: kim.id,
			package_code: 'quick',
			status: 'canceled',
			starts_at: make.fromNow('3 days'),
			ends_at: make.fromNow('3 days 1 hour'),
			price_aed: 199
		});
		await make.quickAssessment(db, { member_id: kim.id, gpu: 'RTX 3060', created_at: make.ago('10 days') });
		await make.diagnostic(db, {
			member_id: kim.id,
			source: 'slash_upload',
			critical_count: 2,
			warning_count: 3,
			recommendation: 'extreme',
			created_at: make.ago('5 days')
		});
		await make.testimonial(db, { booking_id: booking.id, member_id: kim.id, rating: 4 });
		const context = await memberContext(db, kim.id, booking.id);
		expect(context).toMatchObject({
			package_name: 'Full Tune-Up',
			session_status: 'completed',
			verdict: 'extreme',
			verdict_source: 'tool',
			critical_count: 2,
			warning_count: 3,
			rating: 4
		});
		expect((await memberContext(db, kim.id, null)).package_name).toBe('Full Tune-Up');
	});
});
