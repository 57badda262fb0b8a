import { container } from '@sapphire/framework';
import { hasLeft, MEMBER_LEFT } from '../../../lib/data/departures.ts';
import { autoCloseTicket, claimNudge, loadTicket } from '../../../lib/data/tickets.ts';
import type { DeliveryResult } from '../../../lib/outbox/outcome.ts';
import type { KindsOf } from '../../../lib/outbox/kinds.ts';
import type { TypedOutboxRow } from '../../../lib/data/outbox.ts';
import { timingSeconds } from '../../../lib/tickets/deadlines.ts';
import { inBatches } from '../../../lib/staff.ts';
import { actorUserId, AUTO_CLOSE_REASON } from '../../../lib/tickets/rules.ts';
import { finishClose, ticketTimings } from './flow.ts';
import { serverT } from '../../i18n.ts';
import { noteDeparture, stillInServer } from '../../member-reach.ts';
import { renderNudge, renderStaffCall, renderStaffNudge } from './render.ts';
import { addToThread, listStaffIds, reopenIfArchived } from '../../staff-roster.ts';
import { nonceFor } from '../../outbox/nonce.ts';

/** Whether the ticket's member left the server (known, or learnt now from Discord). */
async function memberGone(discordUserId: string | null): Promise<boolean> {
	if (!discordUserId) return false;
	if (await hasLeft(container.db, discordUserId)) return true;
	if (await stillInServer(discordUserId)) return false;
	await noteDeparture(discordUserId);
	return true;
}

/**
 * Inactivity, through the outbox: the nudge is posted in the ticket's thread once per quiet spell (the ticket row
 * is claimed first, see claimNudge): to the member when staff spoke last (then the autoclose follows), else to staff.
 * The autoclose closes the ticket in the database before touching Discord, so any number of bot processes nudge and
 * close once. A delivery that finds someone wrote since stands down.
 */
export async function deliverTicketNotification(row: TypedOutboxRow<KindsOf<'ticket'>>): Promise<DeliveryResult> {
	if (!row.ticket_id) return { outcome: 'skipped', reason: 'no ticket' };
	const seconds = timingSeconds(ticketTimings());
	if (row.kind === 'ticket_nudge') {
		const claimed = await claimNudge(container.db, row.ticket_id, row.id, seconds);
		if (claimed.outcome !== 'nudge') return { outcome: 'skipped', reason: `ticket ${claimed.outcome.replaceAll('_', ' ')}` };
		const thread = claimed.ticket.channel_id ? await container.client.channels.fetch(claimed.ticket.channel_id).catch(() => null) : null;
		if (!thread?.isThread()) return { outcome: 'skipped', reason: 'the ticket has no thread' };
		const t = serverT();
		if (!(await reopenIfArchived(thread, 'Ticket reminder'))) return { outcome: 'skipped', reason: 'the ticket thread is locked' };
		if (claimed.awaiting === 'member') {
			// A member who left is not in the thread any more: the nudge would reach nobody (the autoclose still follows).
			if (await memberGone(claimed.ticket.member_discord_id)) return { outcome: 'skipped', reason: MEMBER_LEFT };
			await thread.send({ ...renderNudge(t, claimed.ticket, claimed.closesAt), nonce: nonceFor(row.id), enforceNonce: true });
			return { outcome: 'sent' };
		}
		// Staff as they are now (someone may have joined the team since the ticket opened), each added to the thread.
		const claimer = actorUserId(claimed.ticket.claimed_by);
		const staff = claimer ? [claimer] : await listStaffIds(thread.guild);
		await addToThread(thread, staff);
		const [first = [], ...rest] = inBatches(staff);
		await thread.send({
			...renderStaffNudge(t, claimed.ticket, first, container.config.TICKET_NUDGE_HOURS),
			nonce: nonceFor(row.id),
			enforceNonce: true
		});
		for (const [index, batch] of rest.entries())
			await thread.send({ ...renderStaffCall(t, batch), nonce: nonceFor(`${row.id}:staff:${index}`), enforceNonce: true });
		return { outcome: 'sent' };
	}
	if (row.kind === 'ticket_autoclose' && row.payload.finish === true) {
		// A ticket closed by the member or staff: what closing does in Discord, planned with the close.
		const ticket = await loadTicket(container.db, row.ticket_id);
		if (ticket?.status !== 'closed') return { outcome: 'skipped', reason: 'the ticket is not closed' };
		await finishClose(ticket, `ticket-close:${ticket.id}`);
		return { outcome: 'sent' };
	}
	const closed = await autoCloseTicket(container.db, row.ticket_id, seconds.closeAfterNudge, AUTO_CLOSE_REASON);
	if (closed.outcome !== 'closed') return { outcome: 'skipped', reason: `ticket ${closed.outcome.replaceAll('_', ' ')}` };
	await finishClose(closed.ticket, row.id);
	return { outcome: 'sent' };
}
