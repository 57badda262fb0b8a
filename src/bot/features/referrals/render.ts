import { EmbedBuilder, TimestampStyles, time, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import type { CreditEntry, CreditStatement } from '../../../lib/data/credits.ts';
import type { ReferralSummary } from '../../../lib/data/referrals.ts';
import { formatAed } from '../../../lib/money.ts';
import { REFERRAL_REWARD_AED } from '../../../lib/referrals/rules.ts';
import { shareButtons } from '../testimonials/render.ts';
import { colours } from '../../theme.ts';

/**
 * The ledger keeps its reasons as written (English, for the audit); the referral system's own entries are shown to
 * members in their language.
 */
function reasonText(t: TFunction, entry: CreditEntry): string {
	if (entry.actor !== 'system:referral') return entry.reason.slice(0, 120);
	if (entry.entry_type === 'earned') return t('referrals:credits.reasons.earned');
	return t(entry.reason.includes('no-show') ? 'referrals:credits.reasons.reversedNoShow' : 'referrals:credits.reasons.reversedRefund');
}

const signedAed = (amount: string) => (Number(amount) > 0 ? `+${formatAed(amount)}` : `-${formatAed(Math.abs(Number(amount)))}`);

export function renderReferralSummary(t: TFunction, summary: ReferralSummary): BaseMessageOptions {
	const reward = formatAed(REFERRAL_REWARD_AED);
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('referrals:summary.title', { code: summary.code }))
		.setDescription(`${t('referrals:summary.body', { reward })}\n\n${t('referrals:summary.howTo', { code: summary.code })}`)
		.addFields(
			{ name: t('referrals:summary.friends'), value: String(summary.friends), inline: true },
			{ name: t('referrals:summary.rewarded'), value: String(summary.rewarded), inline: true },
			{ name: t('referrals:summary.earned'), value: formatAed(summary.earnedAed), inline: true }
		);
	return { embeds: [embed], components: [shareButtons(t, summary.code)] };
}

export function renderCreditStatement(t: TFunction, statement: CreditStatement, ofMember?: string): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(ofMember ? t('referrals:credits.titleOf', { member: ofMember }) : t('referrals:credits.title'))
		.setDescription(
			statement.recent.length === 0
				? `${t('referrals:credits.balance', { balance: formatAed(statement.balanceAed) })}\n${t('referrals:credits.empty', { reward: formatAed(REFERRAL_REWARD_AED) })}`
				: t('referrals:credits.balance', { balance: formatAed(statement.balanceAed) })
		);
	if (statement.recent.length > 0) {
		const lines = statement.recent.map((entry) =>
			t('referrals:credits.entry', {
				date: time(entry.created_at, TimestampStyles.ShortDate),
				amount: signedAed(entry.amount_aed),
				reason: reasonText(t, entry)
			})
		);
		embed.addFields({ name: t('referrals:credits.recent'), value: lines.join('\n').slice(0, 1024) });
	}
	return { embeds: [embed], allowedMentions: { parse: [] } };
}
