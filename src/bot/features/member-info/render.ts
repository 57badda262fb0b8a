import { EmbedBuilder, TimestampStyles, escapeMarkdown, time, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import type { MemberHistory } from '../../../lib/data/member-history.ts';
import { bookingRef } from '../../../lib/data/staff-tools.ts';
import { formatAed } from '../../../lib/money.ts';
import { colours } from '../../theme.ts';

const FIELD_LIMIT = 1024;
const LINE_LIMIT = 180;

/** Member-supplied text, shortened and made inert in markdown. */
export function plain(text: string, limit = 60): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return escapeMarkdown(flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat);
}

/** Lines for one embed field: at most 1024 characters, with "+ N earlier" when there are more than shown. */
export function fieldValue(t: TFunction, lines: readonly string[], total: number): string {
	if (lines.length === 0) return t('staff-tools:info.none');
	const shown = lines.map((line) => (line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT - 1)}…` : line));
	const more = total - shown.length;
	const all = more > 0 ? [...shown, t('staff-tools:info.more', { count: more })] : shown;
	const value = all.join('\n');
	return value.length <= FIELD_LIMIT ? value : `${value.slice(0, FIELD_LIMIT - 1)}…`;
}

const day = (date: Date) => time(date, TimestampStyles.ShortDate);

export function paymentText(t: TFunction, booking: { payment_status: string; paid_aed: string | null; payment_method: string | null }): string {
	if (booking.payment_status !== 'paid') return t(`staff-tools:payments.${booking.payment_status}`);
	const method = booking.payment_method
		? t([`staff-tools:methods.${booking.payment_method}`, 'staff-tools:methods.other'])
		: t('staff-tools:methods.other');
	return t('staff-tools:payments.paid', { amount: formatAed(booking.paid_aed ?? '0'), method });
}

/** `/member info`: who they are and the latest of everything they did with FPSOS. */
export function renderMemberInfo(t: TFunction, discordUserId: string, history: MemberHistory): BaseMessageOptions {
	const { member } = history;
	const name = plain(member.display_name ?? member.username ?? discordUserId, 80);
	const description =
		t('staff-tools:info.description', {
			member: `<@${discordUserId}>`,
			firstSeen: time(member.created_at, TimestampStyles.LongDate),
			joined: member.joined_at ? t('staff-tools:info.joined', { when: time(member.joined_at, TimestampStyles.LongDate) }) : '',
			dm: t(`staff-tools:dm.${member.dm_status}`)
		}) + (member.left_at ? t('staff-tools:info.left', { when: time(member.left_at, TimestampStyles.LongDate) }) : '');
	const recommendation = (code: string) => t([`staff-tools:recommendations.${code}`, 'staff-tools:unknownPackage']);

	const diagnostics = history.diagnostics.latest.map((row) =>
		t('staff-tools:info.lines.diagnostic', {
			when: day(row.created_at),
			recommendation: recommendation(row.recommendation),
			critical: row.critical_count,
			warnings: row.warning_count
		})
	);
	const quick = history.quickAssessments.latest.map((row) =>
		t('staff-tools:info.lines.quickAssessment', {
			when: day(row.created_at),
			recommendation: recommendation(row.recommendation),
			gpu: plain(row.gpu, 40),
			fps: row.current_fps
		})
	);
	const bookings = history.bookings.latest.map((row) =>
		t('staff-tools:info.lines.booking', {
			ref: bookingRef(row.id),
			when: time(row.starts_at, TimestampStyles.ShortDateTime),
			package: row.package_name ? plain(row.package_name, 40) : t('staff-tools:unknownPackage'),
			status: t(`staff-tools:statuses.${row.status}`),
			payment: paymentText(t, row)
		})
	);
	const tickets = history.tickets.latest.map((row) =>
		t('staff-tools:info.lines.ticket', {
			number: row.number,
			topic: plain(row.topic, 50),
			status: t(`staff-tools:ticketStatuses.${row.status}`, { defaultValue: row.status }),
			when: day(row.created_at)
		})
	);
	const credit = history.credit.latest.map((row) =>
		t('staff-tools:info.lines.credit', { when: day(row.created_at), amount: formatAed(row.amount_aed), reason: plain(row.reason, 60) })
	);
	const reviews =
		history.reviews.total === 0 || history.reviews.averageRating === null
			? t('staff-tools:info.none')
			: t('staff-tools:info.lines.reviews', { count: history.reviews.total, rating: history.reviews.averageRating.toFixed(1) });

	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('staff-tools:info.title', { name }))
		.setDescription(description)
		.addFields(
			{
				name: t('staff-tools:info.fields.diagnostics', { count: history.diagnostics.total }),
				value: fieldValue(t, diagnostics, history.diagnostics.total)
			},
			{
				name: t('staff-tools:info.fields.quickAssessments', { count: history.quickAssessments.total }),
				value: fieldValue(t, quick, history.quickAssessments.total)
			},
			{
				name: t('staff-tools:info.fields.bookings', { count: history.bookings.total }),
				value: fieldValue(t, bookings, history.bookings.total)
			},
			{
				name: t('staff-tools:info.fields.tickets', { count: history.tickets.total, open: history.tickets.open }),
				value: fieldValue(t, tickets, history.tickets.total)
			},
			{ name: t('staff-tools:info.fields.reviews'), value: reviews },
			{
				name: t('staff-tools:info.fields.credit', { balance: formatAed(history.credit.balanceAed) }),
				value: fieldValue(t, credit, credit.length)
			}
		)
		.setFooter({ text: t('staff-tools:info.footer') });
	return { embeds: [embed], allowedMentions: { parse: [] } };
}
