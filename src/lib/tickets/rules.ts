/**
 * Who may do what with a ticket, and what a member's text must look like. Pure rules: the data layer enforces
 * "one open ticket per member" with a unique index, and the bot checks staff from Discord's member data.
 */

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 1000;
/** What the database keeps of a description written by the bot (a low rating's context). */
export const STORED_DESCRIPTION_MAX = 4000;
export const REASON_MIN = 3;
export const REASON_MAX = 500;
/** Discord's limit on a stored message's text; the transcript keeps at most this much per message. */
export const MESSAGE_CONTENT_MAX = 4000;

/** Who closed or claimed: `discord:<user id>` for people, `system:<why>` for the bot itself. */
export const AUTO_CLOSER = 'system:inactivity';
export const AUTO_CLOSE_REASON = 'No reply after the reminder: closed automatically';
/** A ticket whose thread someone deleted in Discord is closed with this, so the member can open a new one. */
export const THREAD_GONE_CLOSER = 'system:thread-deleted';
export const THREAD_GONE_REASON = 'The ticket thread was deleted in Discord';

export function discordActor(userId: string): string {
	return `discord:${userId}`;
}

/** The Discord user id behind an actor, or null for the bot itself. */
export function actorUserId(actor: string | null | undefined): string | null {
	const match = /^discord:(\d{17,20})$/.exec(actor ?? '');
	return match?.[1] ?? null;
}

export interface TicketActor {
	userId: string;
	isStaff: boolean;
}

/** Only staff claim or unclaim. */
export function canClaim(actor: TicketActor): boolean {
	return actor.isStaff;
}

/** The member who opened the ticket, or staff, may close it. */
export function canClose(actor: TicketActor, ticketMemberUserId: string | null): boolean {
	return actor.isStaff || (ticketMemberUserId !== null && actor.userId === ticketMemberUserId);
}

export type TextCheck = { ok: true; text: string } | { ok: false; problem: 'tooShort' | 'tooLong' };

function checkLength(raw: string | undefined, min: number, max: number): TextCheck {
	const text = (raw ?? '').trim();
	if (text.length < min) return { ok: false, problem: 'tooShort' };
	if (text.length > max) return { ok: false, problem: 'tooLong' };
	return { ok: true, text };
}

/** A member's description of their problem (the form allows the same limits; this is the server-side check). */
export function parseDescription(raw: string | undefined): TextCheck {
	return checkLength(raw, DESCRIPTION_MIN, DESCRIPTION_MAX);
}

/** Why a ticket is closed: required, short. */
export function parseCloseReason(raw: string | undefined): TextCheck {
	return checkLength(raw, REASON_MIN, REASON_MAX);
}

/** Text the bot stores on a member's behalf: trimmed and cut to what the column holds, never refused. */
export function clip(text: string, max: number): string {
	const trimmed = text.trim();
	return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}
