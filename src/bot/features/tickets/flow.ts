import { container } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import {
	ChannelType,
	DiscordAPIError,
	MessageFlags,
	RESTJSONErrorCodes,
	ThreadAutoArchiveDuration,
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	type Message,
	type ThreadChannel
} from 'discord.js';
import type { TFunction } from 'i18next';
import { isUuid } from '../../../lib/custom-ids.ts';
import { hasLeft } from '../../../lib/data/departures.ts';
import { setDmStatus, upsertMember } from '../../../lib/data/members.ts';
import {
	backfillTicketMessages,
	claimTicket,
	closeTicket,
	createTicket,
	discardTicket,
	findOpenTicket,
	memberContext,
	recordTicketMessage,
	setTicketChannel,
	ticketTranscript,
	unclaimTicket,
	type IncomingMessage,
	type Ticket
} from '../../../lib/data/tickets.ts';
import { timingSeconds, type TicketTimings } from '../../../lib/tickets/deadlines.ts';
import { actorUserId, discordActor, THREAD_GONE_CLOSER, THREAD_GONE_REASON } from '../../../lib/tickets/rules.ts';
import { inBatches } from '../../../lib/staff.ts';
import { normaliseTopic } from '../../../lib/tickets/topics.ts';
import { formatTranscript, summarizeTicket } from '../../../lib/tickets/transcript.ts';
import { memberT, serverT } from '../../i18n.ts';
import { dmMember } from '../../member-reach.ts';
import { nonceFor } from '../../outbox/nonce.ts';
import {
	cardButtons,
	renderClaimNotice,
	renderCloseNotice,
	renderFollowUp,
	renderStaffCall,
	renderSummary,
	renderTicketCard,
	renderTopicMenu,
	threadName,
	transcriptLabels
} from './render.ts';
import { bringStaffIn, reopenIfArchived } from '../../staff-roster.ts';
import { memberIsStaff } from '../../staff.ts';

export interface OpenTicketInput {
	guildId: string;
	memberDiscordId: string;
	/** A topic code (src/lib/tickets/topics.ts): a menu topic, or `low_rating`; anything else is stored as `other`. */
	topic: string;
	description: string;
	bookingId?: string;
	origin: 'member' | 'low_rating';
	/**
	 * From the outbox: the nonce of the notification, put on the messages this call posts, so a retry after a crash
	 * (the card posted, the row not yet marked sent) shows nothing twice: Discord returns the earlier message.
	 */
	nonce?: string;
}

export type OpenTicketResult =
	| { ok: true; ticketId: string; number: number; threadId: string; created: boolean }
	| { ok: false; reason: 'already_open'; threadId: string | null }
	| { ok: false; reason: 'not_configured' };

export function ticketTimings(): TicketTimings {
	return { nudgeAfterHours: container.config.TICKET_NUDGE_HOURS, closeAfterNudgeHours: container.config.TICKET_AUTOCLOSE_HOURS };
}

async function fetchThread(channelId: string | null): Promise<ThreadChannel | null> {
	if (!channelId) return null;
	const channel = await container.client.channels.fetch(channelId).catch(() => null);
	return channel?.isThread() ? channel : null;
}

/**
 * An open ticket whose thread was deleted in Discord (staff removed it instead of closing it) would block its member
 * for good: it is closed, and true returned. Only Discord's "Unknown Channel" counts; any other failure keeps it.
 */
async function releaseIfThreadGone(ticket: Ticket): Promise<boolean> {
	if (!ticket.channel_id) return false;
	const gone = await container.client.channels.fetch(ticket.channel_id).then(
		() => false,
		(error: unknown) => error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownChannel
	);
	if (!gone) return false;
	const closed = await closeTicket(container.db, ticket.id, THREAD_GONE_CLOSER, THREAD_GONE_REASON);
	if (closed.ok) container.log.warn('Ticket closed: its thread was deleted', { ticket: ticket.id, number: ticket.number });
	return true;
}

const once = (nonce: string | undefined) => (nonce ? { nonce, enforceNonce: true } : {});

/**
 * Opens a support ticket: a private thread in DISCORD_SUPPORT_CHANNEL_ID with the member and every staff member
 * (added to the thread and mentioned by name, see bringStaffIn),
 * starting with a card of the member's context and the Claim / Close buttons. One open ticket per member: a
 * member's second request is refused with the open ticket's thread. A low rating while a ticket is open adds its
 * context to that ticket and answers `ok` with `created: false`; while that ticket's thread is still being created
 * (threadId null) it answers `already_open`, and the caller may try again later. Nothing half-made stays behind: a
 * ticket whose thread could not be created is removed.
 */
export async function openTicket(input: OpenTicketInput): Promise<OpenTicketResult> {
	const { db, config, client } = container;
	const parent = config.DISCORD_SUPPORT_CHANNEL_ID ? await client.channels.fetch(config.DISCORD_SUPPORT_CHANNEL_ID).catch(() => null) : null;
	if (!parent || parent.type !== ChannelType.GuildText || parent.guildId !== input.guildId) return { ok: false, reason: 'not_configured' };
	const user = await client.users.fetch(input.memberDiscordId);
	const member = await upsertMember(db, { discordUserId: user.id, username: user.username, displayName: user.globalName });
	const topic = normaliseTopic(input.topic);
	const bookingId = input.bookingId && isUuid(input.bookingId) ? input.bookingId : null;
	const t = serverT();
	const create = () =>
		createTicket(db, {
			memberId: member.id,
			topic,
			description: input.description,
			bookingId,
			nudgeAfterSeconds: timingSeconds(ticketTimings()).nudgeAfter
		});
	let outcome = await create();
	if (!outcome.created && (await releaseIfThreadGone(outcome.ticket))) outcome = await create();
	const ticket = outcome.ticket;

	if (!outcome.created) {
		const thread = input.origin === 'low_rating' ? await fetchThread(ticket.channel_id) : null;
		if (!thread) return { ok: false, reason: 'already_open', threadId: ticket.channel_id };
		await thread.send({ ...renderFollowUp(t, topic, input.description), ...once(input.nonce) });
		container.log.info('Ticket follow-up added', { ticket: ticket.id, origin: input.origin });
		return { ok: true, ticketId: ticket.id, number: ticket.number, threadId: thread.id, created: false };
	}

	let thread: ThreadChannel | undefined;
	try {
		thread = await parent.threads.create({
			name: threadName(t, ticket, user.username),
			type: ChannelType.PrivateThread,
			invitable: false,
			autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek
		});
		await thread.members.add(user.id);
	} catch (error) {
		await discardTicket(db, ticket.id);
		await thread?.delete().catch(() => undefined);
		throw error;
	}
	if (!(await setTicketChannel(db, ticket.id, thread.id))) {
		// Too slow: the ticket was taken for abandoned and replaced meanwhile. This thread is not needed.
		await thread.delete().catch(() => undefined);
		return { ok: false, reason: 'already_open', threadId: null };
	}
	const context = await memberContext(db, member.id, bookingId);
	const [first = [], ...rest] = inBatches(await bringStaffIn(thread));
	await thread.send({ ...renderTicketCard(t, { ...ticket, channel_id: thread.id }, context, first), ...once(input.nonce) });
	for (const [index, batch] of rest.entries())
		await thread.send({ ...renderStaffCall(t, batch), ...once(input.nonce && nonceFor(`${input.nonce}:staff:${index}`)) });
	container.log.info('Ticket opened', { ticket: ticket.id, number: ticket.number, origin: input.origin, topic });
	return { ok: true, ticketId: ticket.id, number: ticket.number, threadId: thread.id, created: true };
}

/** `/support` and the panel's button: the topic menu, or the open ticket's thread when the member has one. */
export async function answerSupportStart(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<void> {
	await interaction.deferReply({ flags: MessageFlags.Ephemeral });
	const t = await fetchT(interaction);
	const open = await findOpenTicket(container.db, interaction.user.id);
	if (open && !(await releaseIfThreadGone(open))) {
		await interaction.editReply({
			content: open.channel_id ? t('tickets:open.alreadyOpen', { thread: `<#${open.channel_id}>` }) : t('tickets:open.alreadyOpenPending')
		});
		return;
	}
	await interaction.editReply(renderTopicMenu(t));
}

const claimRefusals = { not_found: 'notFound', closed: 'closed', already_claimed: 'alreadyClaimed', not_claimed: 'notClaimed' } as const;

/** Staff claim or unclaim from the card: the card shows who has the ticket, and the thread is told. */
export async function answerClaim(interaction: ButtonInteraction, t: TFunction, ticketId: string, claim: boolean): Promise<void> {
	await interaction.deferUpdate();
	const { db } = container;
	const outcome = claim ? await claimTicket(db, ticketId, discordActor(interaction.user.id)) : await unclaimTicket(db, ticketId);
	if (!outcome.ok) {
		const holder = actorUserId(outcome.ticket?.claimed_by);
		await interaction.followUp({
			content: t(`tickets:claim.${claimRefusals[outcome.reason]}`, { staff: holder ? `<@${holder}>` : '' }),
			flags: MessageFlags.Ephemeral,
			allowedMentions: { parse: [] }
		});
		return;
	}
	const cardT = serverT();
	// A thread quiet for its auto-archive time is archived: the card cannot change until the thread is open again.
	// (Fetched, not read from the cache: archived threads leave it after a minute.)
	const thread = await fetchThread(interaction.channelId);
	if (thread) await reopenIfArchived(thread, `Ticket ${claim ? 'claimed' : 'unclaimed'}`);
	const context = await memberContext(db, outcome.ticket.member_id, outcome.ticket.booking_id);
	const card = renderTicketCard(cardT, outcome.ticket, context);
	await interaction.editReply({ embeds: card.embeds ?? [], components: card.components ?? [], allowedMentions: { parse: [] } });
	if (thread) await thread.send(renderClaimNotice(cardT, interaction.user.id, claim));
	container.log.info(claim ? 'Ticket claimed' : 'Ticket unclaimed', { ticket: ticketId });
}

/** What the member sees after asking for a ticket. */
export function describeOpenResult(t: TFunction, result: OpenTicketResult): string {
	if (result.ok) return t('tickets:open.created', { number: result.number, thread: `<#${result.threadId}>` });
	if (result.reason === 'not_configured') return t('tickets:open.notConfigured');
	return result.threadId ? t('tickets:open.alreadyOpen', { thread: `<#${result.threadId}>` }) : t('tickets:open.alreadyOpenPending');
}

function incoming(message: Message, ticketMemberId: string | null): IncomingMessage {
	// Only the member and staff can see a private ticket thread: anyone else who writes there is staff.
	const isStaff = message.member ? memberIsStaff(message.member) : message.author.id !== ticketMemberId;
	return {
		channelId: message.channelId,
		discordMessageId: message.id,
		authorDiscordId: message.author.id,
		authorName: message.member?.displayName ?? message.author.globalName ?? message.author.username,
		authorIsStaff: isStaff,
		content: message.content,
		attachments: message.attachments.map((file) => ({ name: file.name, size: file.size })),
		createdAt: message.createdAt
	};
}

const isPersonsMessage = (message: Message) => !message.author.bot && !message.system && !message.webhookId;

/** A person wrote in a support thread: recorded in the ticket's transcript, and the inactivity clock starts over. */
export async function recordThreadMessage(message: Message, ticketMemberId: string | null): Promise<boolean> {
	if (!isPersonsMessage(message)) return false;
	return recordTicketMessage(container.db, incoming(message, ticketMemberId), timingSeconds(ticketTimings()).nudgeAfter);
}

/** The thread's messages, oldest first (at most 1,000: a ticket is a conversation, not an archive). */
async function threadHistory(thread: ThreadChannel): Promise<Message[]> {
	const all: Message[] = [];
	let after = '0';
	for (let page = 0; page < 10; page += 1) {
		const batch = [...(await thread.messages.fetch({ after, limit: 100, cache: false })).values()].sort(
			(a, b) => a.createdTimestamp - b.createdTimestamp || (BigInt(a.id) < BigInt(b.id) ? -1 : 1)
		);
		all.push(...batch);
		if (batch.length < 100) break;
		after = batch.at(-1)!.id;
	}
	return all;
}

/**
 * Everything after a ticket closed in the database (the close itself is the claim: only its winner gets here, or a
 * retry of the same autoclose): the transcript completed from the thread's history, a closing note, the card's
 * buttons removed, the thread locked and archived, and the member's summary DM with the transcript attached. Each
 * step can run again (nonces deduplicate the messages; a locked, archived thread is left as it is).
 */
export async function finishClose(ticket: Ticket, nonceSeed: string): Promise<void> {
	const { db } = container;
	const thread = await fetchThread(ticket.channel_id);
	if (thread) {
		const history = await threadHistory(thread);
		await backfillTicketMessages(
			db,
			history.filter(isPersonsMessage).map((message) => incoming(message, ticket.member_discord_id))
		);
		if (!(thread.archived && thread.locked)) {
			const t = serverT();
			await thread.send({ ...renderCloseNotice(t, ticket), nonce: nonceFor(`${nonceSeed}:notice`), enforceNonce: true });
			const card = history.find((message) => message.author.id === container.client.user?.id && message.components.length > 0);
			if (card)
				await card
					.edit({ components: cardButtons(t, ticket) })
					.catch((error: unknown) => container.log.warn('Could not update the ticket card', { error, ticket: ticket.id }));
			await thread.edit({ archived: true, locked: true, reason: `Ticket #${ticket.number} closed` });
		}
	}
	if (!ticket.member_discord_id) return;
	const dmT = await memberT(ticket.member_discord_id);
	const messages = await ticketTranscript(db, ticket.id);
	const summary = summarizeTicket(ticket.created_at, ticket.closed_at ?? new Date(), ticket.member_discord_id, messages);
	// A member who left gets no summary (Discord would refuse the DM); the transcript stays for staff.
	if (!(await hasLeft(db, ticket.member_discord_id))) {
		const transcript = formatTranscript(messages, transcriptLabels(dmT, ticket));
		const sent = await dmMember(ticket.member_discord_id, {
			...renderSummary(dmT, ticket, summary, transcript),
			nonce: nonceFor(`${nonceSeed}:summary`),
			enforceNonce: true
		});
		if (sent.ok) await setDmStatus(db, ticket.member_id, 'open');
		else if (sent.refused === 'closed') await setDmStatus(db, ticket.member_id, 'closed');
	}
	container.log.info('Ticket closed', {
		ticket: ticket.id,
		number: ticket.number,
		messages: summary.messages,
		auto: !ticket.closed_by?.startsWith('discord:')
	});
}
