import {
	ActionRowBuilder,
	AttachmentBuilder,
	type ButtonBuilder,
	ButtonStyle,
	EmbedBuilder,
	type ModalBuilder,
	StringSelectMenuBuilder,
	TextInputStyle,
	TimestampStyles,
	time,
	type BaseMessageOptions
} from 'discord.js';
import type { TFunction } from 'i18next';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { MemberContext, Ticket } from '../../../lib/data/tickets.ts';
import { actorUserId, DESCRIPTION_MAX, DESCRIPTION_MIN, REASON_MAX, REASON_MIN } from '../../../lib/tickets/rules.ts';
import { MENU_TOPICS, normaliseTopic, type MenuTopic } from '../../../lib/tickets/topics.ts';
import { durationParts, formatTime, kilobytes, type TicketSummary, type TranscriptLabels } from '../../../lib/tickets/transcript.ts';
import { colours } from '../../theme.ts';
import { button, buttonRow } from '../../buttons.ts';
import { textModal } from '../../modal-fields.ts';

/** Field ids of the two forms. */
export const DESCRIPTION_FIELD = 'description';
export const REASON_FIELD = 'reason';

const topicLabel = (t: TFunction, topic: string) => t(`tickets:topics.${normaliseTopic(topic)}.label`);
const mention = (userId: string | null) => (userId ? `<@${userId}>` : '—');

/** Who closed: a person (mentioned) or the bot itself. */
export function closerText(t: TFunction, ticket: Ticket): string {
	const userId = actorUserId(ticket.closed_by);
	return userId ? `<@${userId}>` : t('tickets:summary.closerAuto');
}

export function renderTopicMenu(t: TFunction): BaseMessageOptions {
	const menu = new StringSelectMenuBuilder()
		.setCustomId(customId(CUSTOM_ID_KINDS.supportTopic))
		.setPlaceholder(t('tickets:menu.placeholder'))
		.addOptions(
			MENU_TOPICS.map((topic) => ({ value: topic, label: topicLabel(t, topic), description: t(`tickets:topics.${topic}.description`) }))
		);
	return { content: t('tickets:menu.prompt'), components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)] };
}

/** A known answer first, with the choice to stop there or go on to a ticket. */
export function renderKnownAnswer(t: TFunction, topic: MenuTopic): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('tickets:faq.title', { topic: topicLabel(t, topic) }))
		.setDescription(t(`tickets:faq.${topic}`));
	const row = buttonRow(
		button(customId(CUSTOM_ID_KINDS.supportSolved, topic), ButtonStyle.Success, t('tickets:faq.solved')),
		button(customId(CUSTOM_ID_KINDS.supportOpen, topic), ButtonStyle.Secondary, t('tickets:faq.open'))
	);
	return { content: '', embeds: [embed], components: [row] };
}

export function renderSolved(t: TFunction): BaseMessageOptions {
	return { content: t('tickets:faq.glad'), embeds: [], components: [] };
}

export function renderDescriptionModal(t: TFunction, topic: MenuTopic): ModalBuilder {
	return textModal(customId(CUSTOM_ID_KINDS.supportModal, topic), t('tickets:modal.title'), {
		id: DESCRIPTION_FIELD,
		label: t('tickets:modal.description'),
		description: t('tickets:modal.hint'),
		style: TextInputStyle.Paragraph,
		placeholder: t('tickets:modal.placeholder'),
		minLength: DESCRIPTION_MIN,
		maxLength: DESCRIPTION_MAX,
		required: true
	});
}

export function renderCloseModal(t: TFunction, ticketId: string): ModalBuilder {
	return textModal(customId(CUSTOM_ID_KINDS.ticketCloseModal, ticketId), t('tickets:close.modalTitle'), {
		id: REASON_FIELD,
		label: t('tickets:close.reason'),
		style: TextInputStyle.Short,
		placeholder: t('tickets:close.reasonPlaceholder'),
		minLength: REASON_MIN,
		maxLength: REASON_MAX,
		required: true
	});
}

export function renderPanel(t: TFunction): BaseMessageOptions {
	const embed = new EmbedBuilder().setColor(colours.brand).setTitle(t('tickets:panel.title')).setDescription(t('tickets:panel.description'));
	const row = buttonRow(button(customId(CUSTOM_ID_KINDS.supportStart), ButtonStyle.Primary, t('tickets:panel.button')));
	return { embeds: [embed], components: [row], allowedMentions: { parse: [] } };
}

function contextFields(t: TFunction, context: MemberContext): { name: string; value: string; inline: boolean }[] {
	const none = t('tickets:card.none');
	const session = context.session_at
		? t('tickets:card.sessionValue', {
				when: time(context.session_at, TimestampStyles.ShortDate),
				status: t(`tickets:status.${context.session_status}`)
			})
		: none;
	let verdict = none;
	if (context.verdict && context.verdict_at) {
		const values = { verdict: t(`tickets:verdicts.${context.verdict}`), when: time(context.verdict_at, TimestampStyles.ShortDate) };
		verdict =
			context.verdict_source === 'tool'
				? t('tickets:card.verdictTool', { ...values, critical: context.critical_count ?? 0, warnings: context.warning_count ?? 0 })
				: t('tickets:card.verdictQuick', values);
	}
	return [
		{ name: t('tickets:card.package'), value: context.package_name ?? none, inline: true },
		{ name: t('tickets:card.session'), value: session, inline: true },
		{
			name: t('tickets:card.rating'),
			value: context.rating === null ? none : t('tickets:card.ratingValue', { rating: context.rating }),
			inline: true
		},
		{ name: t('tickets:card.verdict'), value: verdict, inline: false }
	];
}

/** The card's controls: Claim or Unclaim, and Close (none once the ticket is closed). */
export function cardButtons(t: TFunction, ticket: Ticket): ActionRowBuilder<ButtonBuilder>[] {
	if (ticket.status === 'closed') return [];
	const claim = ticket.claimed_by
		? button(customId(CUSTOM_ID_KINDS.ticketUnclaim, ticket.id), ButtonStyle.Secondary, t('tickets:buttons.unclaim'))
		: button(customId(CUSTOM_ID_KINDS.ticketClaim, ticket.id), ButtonStyle.Primary, t('tickets:buttons.claim'));
	const close = button(customId(CUSTOM_ID_KINDS.ticketClose, ticket.id), ButtonStyle.Danger, t('tickets:buttons.close'));
	return [buttonRow(claim, close)];
}

/**
 * The ticket's first message. It names the member and the first staff (`staffIds`, at most
 * STAFF_MENTIONS_PER_MESSAGE; renderStaffCall names the rest) as users: in a private thread a bot's role mention
 * reaches nobody, so staff are added to the thread and mentioned one by one, and nothing else in it can ping.
 */
export function renderTicketCard(t: TFunction, ticket: Ticket, context: MemberContext, staffIds: readonly string[] = []): BaseMessageOptions {
	const origin = ticket.topic === 'low_rating' ? 'low_rating' : 'member';
	const member = mention(ticket.member_discord_id);
	const embed = new EmbedBuilder()
		.setColor(origin === 'low_rating' ? colours.warning : colours.brand)
		.setTitle(t('tickets:card.title', { number: ticket.number, topic: topicLabel(t, ticket.topic) }))
		.addFields(
			{ name: t('tickets:card.description'), value: ticket.description.slice(0, 1024) || t('tickets:card.none') },
			...contextFields(t, context),
			{ name: t('tickets:card.claimedBy'), value: ticket.claimed_by ? mention(actorUserId(ticket.claimed_by)) : t('tickets:card.unclaimed') }
		)
		.setFooter({ text: t(`tickets:card.origin.${origin}`) })
		.setTimestamp(ticket.created_at);
	const content =
		staffIds.length > 0
			? t('tickets:card.intro', { member, staff: staffIds.map((id) => `<@${id}>`).join(' ') })
			: t('tickets:card.introNoStaff', { member });
	return {
		content,
		embeds: [embed],
		components: cardButtons(t, ticket),
		allowedMentions: { users: [...(ticket.member_discord_id ? [ticket.member_discord_id] : []), ...staffIds] }
	};
}

/** A follow-up the bot adds to a ticket already open (e.g. a low rating while the member has a ticket). */
export function renderFollowUp(t: TFunction, topic: string, description: string): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.warning)
		.setTitle(t('tickets:followUp.title', { topic: topicLabel(t, topic) }))
		.setDescription(description.slice(0, 4096) || t('tickets:card.none'))
		.setFooter({ text: t('tickets:followUp.footer') });
	return { embeds: [embed], allowedMentions: { parse: [] } };
}

export function renderClaimNotice(t: TFunction, staffId: string, claimed: boolean): BaseMessageOptions {
	return { content: t(claimed ? 'tickets:claim.claimed' : 'tickets:claim.unclaimed', { staff: `<@${staffId}>` }), allowedMentions: { parse: [] } };
}

export function renderNudge(t: TFunction, ticket: Ticket, closesAt: Date): BaseMessageOptions {
	return {
		content: t('tickets:nudge', { member: mention(ticket.member_discord_id), when: time(closesAt, TimestampStyles.RelativeTime) }),
		allowedMentions: { users: ticket.member_discord_id ? [ticket.member_discord_id] : [] }
	};
}

/** The member spoke last and nobody answered: the claimer, else the staff (named as users, see renderTicketCard), are reminded (nothing closes). */
export function renderStaffNudge(t: TFunction, ticket: Ticket, staffIds: readonly string[], hours: number): BaseMessageOptions {
	const claimer = actorUserId(ticket.claimed_by);
	const called = claimer ? [claimer] : staffIds;
	return {
		content: t('tickets:nudgeStaff', { staff: called.map((id) => `<@${id}>`).join(' '), hours }).trim(),
		allowedMentions: { users: [...called] }
	};
}

/** More staff than one message names: the next ones, by name. */
export function renderStaffCall(t: TFunction, staffIds: readonly string[]): BaseMessageOptions {
	return { content: t('tickets:staffCall', { staff: staffIds.map((id) => `<@${id}>`).join(' ') }), allowedMentions: { users: [...staffIds] } };
}

export function renderCloseNotice(t: TFunction, ticket: Ticket): BaseMessageOptions {
	const content = actorUserId(ticket.closed_by)
		? t('tickets:close.notice', { closer: closerText(t, ticket), reason: ticket.close_reason ?? '' })
		: t('tickets:close.autoNotice');
	return { content, allowedMentions: { parse: [] } };
}

export function transcriptLabels(t: TFunction, ticket: Ticket): TranscriptLabels {
	const closer = actorUserId(ticket.closed_by) ?? t('tickets:transcript.system');
	const header = [
		t('tickets:transcript.header', { number: ticket.number }),
		t('tickets:transcript.topic', { topic: topicLabel(t, ticket.topic) }),
		t('tickets:transcript.member', { member: `${ticket.member_name ?? '?'} (${ticket.member_discord_id ?? '?'})` }),
		t('tickets:transcript.opened', { time: formatTime(ticket.created_at) }),
		...(ticket.closed_at ? [t('tickets:transcript.closed', { time: formatTime(ticket.closed_at), closer })] : []),
		...(ticket.close_reason ? [t('tickets:transcript.reason', { reason: ticket.close_reason })] : []),
		t('tickets:transcript.description', { description: ticket.description })
	];
	return {
		header,
		staffTag: t('tickets:transcript.staffTag'),
		empty: t('tickets:transcript.empty'),
		fileSize: (bytes) => t('tickets:transcript.fileSize', { kb: kilobytes(bytes) })
	};
}

function formatDuration(t: TFunction, minutes: number): string {
	const parts = durationParts(minutes);
	const shown = [
		parts.days > 0 ? t('tickets:duration.days', { count: parts.days }) : null,
		parts.hours > 0 ? t('tickets:duration.hours', { count: parts.hours }) : null,
		parts.days === 0 && parts.minutes > 0 ? t('tickets:duration.minutes', { count: parts.minutes }) : null
	].filter((part): part is string => part !== null);
	return shown.join(' ') || t('tickets:duration.minutes', { count: 1 });
}

/** The member's summary DM, with the transcript as a text file. */
export function renderSummary(t: TFunction, ticket: Ticket, summary: TicketSummary, transcript: string): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('tickets:summary.title', { number: ticket.number }))
		.setDescription(t('tickets:summary.body', { topic: topicLabel(t, ticket.topic), closer: closerText(t, ticket) }))
		.addFields(
			{
				name: t('tickets:summary.reason'),
				value: (actorUserId(ticket.closed_by) ? ticket.close_reason : t('tickets:summary.autoReason')) || '—'
			},
			{ name: t('tickets:summary.duration'), value: formatDuration(t, summary.openMinutes), inline: true },
			{ name: t('tickets:summary.messagesLabel'), value: t('tickets:summary.messages', { count: summary.messages }), inline: true }
		)
		.setFooter({ text: t('tickets:summary.footer') });
	const file = new AttachmentBuilder(Buffer.from(transcript, 'utf8'), { name: t('tickets:transcript.fileName', { number: ticket.number }) });
	return { embeds: [embed], files: [file] };
}

export function threadName(t: TFunction, ticket: Ticket, username: string): string {
	return t('tickets:thread.name', { number: ticket.number, name: username }).slice(0, 100);
}
