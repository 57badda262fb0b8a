import { EmbedBuilder, type ModalBuilder, TextInputStyle, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import type { QuickAnswers, QuickResult } from '../../../lib/assessment/quick.ts';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { Package } from '../../../lib/data/packages.ts';
import { recommendationTextKey } from '../../../lib/diagnostics/locale-keys.ts';
import { formatAed } from '../../../lib/money.ts';
import { bookButton } from '../packages/render.ts';
import { colours } from '../../theme.ts';
import { buttonRow } from '../../buttons.ts';
import { textModal, type TextField } from '../../modal-fields.ts';

export const QUICK_FIELDS = { gpu: 'gpu', fps: 'fps', refresh: 'refresh', problems: 'problems' } as const;

export function renderQuickModal(t: TFunction): ModalBuilder {
	const field = (id: string, style: TextInputStyle, maxLength: number, required: boolean): TextField => ({
		id,
		label: t(`assessment:modal.${id}`),
		placeholder: t(`assessment:modal.${id}Placeholder`),
		style,
		maxLength,
		required
	});
	return textModal(
		customId(CUSTOM_ID_KINDS.quickAssessmentModal),
		t('assessment:modal.title'),
		field(QUICK_FIELDS.gpu, TextInputStyle.Short, 100, true),
		field(QUICK_FIELDS.fps, TextInputStyle.Short, 5, true),
		field(QUICK_FIELDS.refresh, TextInputStyle.Short, 5, true),
		field(QUICK_FIELDS.problems, TextInputStyle.Paragraph, 1000, false)
	);
}

export function renderQuickErrors(t: TFunction, errors: readonly string[]): BaseMessageOptions {
	const lines = errors.map((key) => `- ${t(`assessment:errors.${key}`)}`);
	return { content: [t('assessment:errors.intro'), ...lines, t('assessment:errors.retry')].join('\n') };
}

export function renderQuickResult(t: TFunction, answers: QuickAnswers, result: QuickResult, pkg: Package | null): BaseMessageOptions {
	const lines = result.reasons.map(
		(reason) =>
			`${t(`diagnostic:severity.${reason.severity}`)} ${t(`assessment:reasons.${reason.id}`, { fps: answers.fps, refresh: answers.refresh })}`
	);
	const embed = new EmbedBuilder()
		.setColor(result.recommendation === 'good' ? colours.good : colours.brand)
		.setTitle(t('assessment:result.title'))
		.setDescription([t(recommendationTextKey(result.recommendation)), '', ...lines].join('\n').trim())
		.setFooter({ text: t('assessment:result.note') });
	if (pkg)
		embed.addFields({ name: '\u200b', value: `**${t('diagnostic:result.recommended', { name: pkg.name, price: formatAed(pkg.price_aed) })}**` });
	const components = pkg ? [buttonRow(bookButton(t, pkg))] : [];
	return { embeds: [embed], components };
}
