import {
	type ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	EmbedBuilder,
	TimestampStyles,
	escapeMarkdown,
	time,
	type BaseMessageOptions
} from 'discord.js';
import type { TFunction } from 'i18next';
import { CHECKLIST_ITEMS, uncheckedItems, type Checklist } from '../../../lib/booking/checklist.ts';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { BookingView } from '../../../lib/data/bookings.ts';
import { formatAed } from '../../../lib/money.ts';
import { sessionButtons } from '../follow-ups/render.ts';
import { colours } from '../../theme.ts';
import { button, buttonRow } from '../../buttons.ts';

const packageName = (t: TFunction, booking: BookingView) => booking.package_name ?? t('booking:unknownPackage');
const when = (booking: BookingView) => ({
	when: time(booking.starts_at, TimestampStyles.LongDateTime),
	relative: time(booking.starts_at, TimestampStyles.RelativeTime)
});

function linkButtons(t: TFunction, booking: BookingView): ButtonBuilder[] {
	const buttons: ButtonBuilder[] = [];
	if (booking.reschedule_url)
		buttons.push(new ButtonBuilder().setStyle(ButtonStyle.Link).setURL(booking.reschedule_url).setLabel(t('booking:buttons.reschedule')));
	if (booking.cancel_url)
		buttons.push(new ButtonBuilder().setStyle(ButtonStyle.Link).setURL(booking.cancel_url).setLabel(t('booking:buttons.cancel')));
	return buttons;
}

/** The checklist as toggle buttons: ticked items are green with a check mark. */
export function checklistRow(t: TFunction, bookingId: string, checklist: Checklist): ActionRowBuilder<ButtonBuilder> {
	return buttonRow(
		...CHECKLIST_ITEMS.map((item) =>
			button(
				customId(CUSTOM_ID_KINDS.checklist, { item, bookingId }),
				checklist[item] ? ButtonStyle.Success : ButtonStyle.Secondary,
				`${checklist[item] ? '✅' : '⬜'} ${t(`booking:checklist.${item}`)}`
			)
		)
	);
}

function withChecklist(t: TFunction, booking: BookingView, embed: EmbedBuilder): BaseMessageOptions {
	const rows = [checklistRow(t, booking.id, booking.checklist)];
	const links = linkButtons(t, booking);
	if (links.length > 0) rows.push(buttonRow(...links));
	return { embeds: [embed], components: rows };
}

export function renderConfirmation(t: TFunction, booking: BookingView): BaseMessageOptions {
	const discounted = Number(booking.discount_aed) > 0;
	const price = formatAed(Number(booking.price_aed) - Number(booking.discount_aed));
	const embed = new EmbedBuilder()
		.setColor(colours.good)
		.setTitle(t('booking:confirmation.title', { package: packageName(t, booking) }))
		.setDescription(t('booking:confirmation.description', when(booking)))
		.addFields({
			name: t('booking:confirmation.price'),
			value: discounted
				? t('booking:confirmation.priceDiscounted', { price, discount: formatAed(booking.discount_aed) })
				: t('booking:confirmation.priceValue', { price })
		})
		.setFooter({ text: t('booking:confirmation.footer') });
	return withChecklist(t, booking, embed);
}

export function renderMoved(t: TFunction, booking: BookingView): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('booking:moved.title'))
		.setDescription(t('booking:moved.description', { package: packageName(t, booking), ...when(booking) }));
	return withChecklist(t, booking, embed);
}

export function renderCanceled(t: TFunction, booking: BookingView): BaseMessageOptions {
	const lines = [
		t('booking:canceled.description', { package: packageName(t, booking), when: time(booking.starts_at, TimestampStyles.LongDateTime) })
	];
	if (booking.cancel_reason) lines.push(t('booking:canceled.reason', { reason: booking.cancel_reason.slice(0, 500) }));
	const components = booking.package_code
		? [buttonRow(button(customId(CUSTOM_ID_KINDS.book, booking.package_code), ButtonStyle.Success, t('booking:buttons.rebook')))]
		: [];
	return { content: lines.join('\n'), components };
}

export function renderReminder(
	t: TFunction,
	kind: 'reminder_24h' | 'reminder_2h' | 'session_started',
	booking: BookingView,
	voiceLink: string | null
): BaseMessageOptions {
	const values = { package: packageName(t, booking), voice: voiceLink ?? '', ...when(booking) };
	if (kind === 'session_started') {
		return {
			embeds: [
				new EmbedBuilder()
					.setColor(colours.warning)
					.setTitle(t('booking:started.title'))
					.setDescription(t('booking:started.description', values))
			]
		};
	}
	const key = kind === 'reminder_24h' ? 'reminder24h' : 'reminder2h';
	const todo = uncheckedItems(booking.checklist);
	const lines = [t(`booking:${key}.description`, values)];
	if (kind === 'reminder_2h' && voiceLink) lines.push(t('booking:reminder2h.voice', values));
	lines.push(
		'',
		todo.length > 0
			? [t(`booking:${key}.todo`), ...todo.map((item) => `⬜ ${t(`booking:checklist.${item}`)}`)].join('\n')
			: t(`booking:${key}.allDone`)
	);
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t(`booking:${key}.title`))
		.setDescription(lines.join('\n'));
	return { embeds: [embed], components: todo.length > 0 ? [checklistRow(t, booking.id, booking.checklist)] : [] };
}

/** The member, or who was asked whether the booking is theirs, or a request to link it. */
function staffCardMember(t: TFunction, booking: BookingView): string {
	if (booking.discord_user_id) return `<@${booking.discord_user_id}>`;
	const name = escapeMarkdown(booking.invitee_name ?? '?');
	if (booking.claim_discord_user_id) {
		return t('booking:staffCard.claimed', {
			name,
			member: `<@${booking.claim_discord_user_id}>`,
			basis: t(`booking:staffCard.bases.${booking.claim_basis ?? 'discord_answer'}`)
		});
	}
	return t('booking:staffCard.unmatched', { name });
}

export function renderStaffCard(t: TFunction, booking: BookingView, moved: boolean): BaseMessageOptions {
	const pkg = packageName(t, booking);
	const embed = new EmbedBuilder()
		.setColor(booking.needs_staff_review ? colours.warning : colours.brand)
		.setTitle(t(moved ? 'booking:staffCard.moved' : 'booking:staffCard.title', { package: pkg }))
		.addFields(
			{ name: t('booking:staffCard.member'), value: staffCardMember(t, booking) },
			{
				name: t('booking:staffCard.when'),
				value: `${time(booking.starts_at, TimestampStyles.LongDateTime)} (${time(booking.starts_at, TimestampStyles.RelativeTime)})`,
				inline: true
			},
			{ name: t('booking:staffCard.price'), value: formatAed(Number(booking.price_aed) - Number(booking.discount_aed)), inline: true },
			{ name: t('booking:staffCard.match'), value: booking.match_method ?? t('booking:staffCard.review'), inline: true }
		);
	return { embeds: [embed], components: [sessionButtons(t, booking.id)], allowedMentions: { parse: [] } };
}
