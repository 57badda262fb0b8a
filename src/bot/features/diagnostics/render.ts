import { AttachmentBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { Package } from '../../../lib/data/packages.ts';
import type { AnalysisResult } from '../../../lib/diagnostics/analyze.ts';
import { recommendationTextKey, refusalTextKey, ruleTextKeys } from '../../../lib/diagnostics/locale-keys.ts';
import type { IntakeRefusal } from '../../../lib/funnel/diagnostic-intake.ts';
import { formatAed } from '../../../lib/money.ts';
import { bookButton } from '../packages/render.ts';
import { colours } from '../../theme.ts';
import { button, buttonRow } from '../../buttons.ts';

/** Findings shown as embed fields; Discord allows 25, we keep the message readable. */
const MAX_FINDINGS_SHOWN = 10;

export function renderDiagnosticIntro(t: TFunction): BaseMessageOptions {
	const embed = new EmbedBuilder().setColor(colours.brand).setTitle(t('diagnostic:intro.title')).setDescription(t('diagnostic:intro.description'));
	const row = buttonRow(
		button(customId(CUSTOM_ID_KINDS.diagnosticTool), ButtonStyle.Primary, t('diagnostic:buttons.tool')),
		button(customId(CUSTOM_ID_KINDS.diagnosticQuick), ButtonStyle.Secondary, t('diagnostic:buttons.quick'))
	);
	return { embeds: [embed], components: [row] };
}

export function renderToolDelivery(t: TFunction, script: Buffer): BaseMessageOptions {
	return { content: t('diagnostic:tool.howTo'), files: [new AttachmentBuilder(script, { name: 'fpsos-diagnostic.ps1' })] };
}

export function renderRefusal(t: TFunction, reason: IntakeRefusal): BaseMessageOptions {
	return { content: reason === 'download_failed' ? t('diagnostic:upload.downloadFailed') : t(refusalTextKey(reason)) };
}

/** Findings (critical first) with a fix hint each, the recommended package and its price, and a *Book* button. */
export function renderDiagnosticResult(t: TFunction, result: AnalysisResult, pkg: Package | null): BaseMessageOptions {
	if (result.recommendation === 'good') {
		const embed = new EmbedBuilder()
			.setColor(colours.good)
			.setTitle(t('diagnostic:result.goodTitle'))
			.setDescription(t('diagnostic:result.goodDescription'));
		return { embeds: [embed], components: [] };
	}
	const shown = result.findings.slice(0, MAX_FINDINGS_SHOWN);
	const embed = new EmbedBuilder()
		.setColor(result.critical > 0 ? colours.critical : colours.warning)
		.setTitle(t('diagnostic:result.title', { critical: result.critical, warnings: result.warnings }))
		.setDescription(t(recommendationTextKey(result.recommendation)))
		.addFields(
			shown.map((finding) => {
				const keys = ruleTextKeys(finding.id);
				const name = `${t(`diagnostic:severity.${finding.severity}`)} ${t(keys.title, finding.details)}`;
				return { name: name.slice(0, 256), value: t(keys.fix, finding.details).slice(0, 1024) };
			})
		);
	if (result.findings.length > shown.length)
		embed.addFields({ name: '\u200b', value: t('diagnostic:result.more', { count: result.findings.length - shown.length }) });
	if (pkg)
		embed.addFields({ name: '\u200b', value: `**${t('diagnostic:result.recommended', { name: pkg.name, price: formatAed(pkg.price_aed) })}**` });
	const components = pkg ? [buttonRow(bookButton(t, pkg))] : [];
	return { embeds: [embed], components };
}
