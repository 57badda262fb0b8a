/**
 * A closed ticket's transcript (the messages people wrote in its thread, with authors and times) and the numbers of
 * the member's summary. Labels are passed in, so the text stays translatable and this module knows no Discord.
 */
/**
 * A file someone posted in the thread: its name and size only. Discord's attachment links are signed and expire
 * (a day, reportedly), so a transcript that kept them would point at nothing; rows stored before may still hold a
 * `url`, which is never shown.
 */
export interface TranscriptAttachment {
	name: string;
	size?: number;
}

export interface TranscriptMessage {
	author_discord_id: string;
	author_name: string | null;
	author_is_staff: boolean;
	content: string;
	attachments: readonly TranscriptAttachment[];
	created_at: Date;
}

export interface TranscriptLabels {
	/** Lines above the messages (ticket number, topic, who closed it and why...). */
	header: readonly string[];
	/** Shown after a staff author's name, e.g. "(staff)". */
	staffTag: string;
	/** The line when nobody wrote anything. */
	empty: string;
	/** A file's size in words, e.g. "12.5 KB". */
	fileSize: (bytes: number) => string;
}

/** `2026-01-12 10:00 UTC`: unambiguous for the member and for staff in any time zone. */
export function formatTime(at: Date): string {
	return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatMessage(message: TranscriptMessage, labels: TranscriptLabels): string {
	const author = `${message.author_name ?? message.author_discord_id}${message.author_is_staff ? ` ${labels.staffTag}` : ''}`;
	const lines = [`[${formatTime(message.created_at)}] ${author}: ${message.content.replace(/\r\n?/g, '\n').replace(/\n/g, '\n    ')}`.trimEnd()];
	for (const file of message.attachments)
		lines.push(`    + ${file.name}${typeof file.size === 'number' ? ` (${labels.fileSize(file.size)})` : ''}`);
	return lines.join('\n');
}

/** Plain text, oldest first; messages written at the same time keep the order they were recorded in. */
export function formatTranscript(messages: readonly TranscriptMessage[], labels: TranscriptLabels): string {
	const body = messages.length === 0 ? [labels.empty] : messages.map((message) => formatMessage(message, labels));
	return [...labels.header, '', ...body, ''].join('\n');
}

export interface TicketSummary {
	messages: number;
	fromMember: number;
	fromStaff: number;
	/** Staff who wrote, by Discord id, in order of their first message. */
	staffIds: string[];
	/** Whole minutes the ticket was open (at least 1). */
	openMinutes: number;
}

export function summarizeTicket(openedAt: Date, closedAt: Date, memberUserId: string | null, messages: readonly TranscriptMessage[]): TicketSummary {
	const staffIds: string[] = [];
	let fromMember = 0;
	let fromStaff = 0;
	for (const message of messages) {
		if (message.author_is_staff) {
			fromStaff += 1;
			if (!staffIds.includes(message.author_discord_id)) staffIds.push(message.author_discord_id);
		} else if (message.author_discord_id === memberUserId) {
			fromMember += 1;
		}
	}
	const openMinutes = Math.max(1, Math.round((closedAt.getTime() - openedAt.getTime()) / 60_000));
	return { messages: messages.length, fromMember, fromStaff, staffIds, openMinutes };
}

/** Kilobytes with one decimal (at least 0.1), for a file's size in a transcript. */
export function kilobytes(bytes: number): string {
	return Math.max(0.1, Math.round(bytes / 102.4) / 10).toFixed(1);
}

/** "2 h 5 min", "3 d 4 h", "12 min": how long the ticket was open, for the summary. */
export function durationParts(minutes: number): { days: number; hours: number; minutes: number } {
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	return { days, hours, minutes: minutes % 60 };
}
