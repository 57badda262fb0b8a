import { AttachmentBuilder, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import type { CaptureFigures } from '../../../lib/data/captures.ts';
import type { CaptureReading } from '../../../lib/frametimes/index.ts';
import { percentChange, renderReportCardPng } from '../../../lib/frametimes/report-card.ts';
import type { CaptureIntakeRefusal } from '../../../lib/funnel/capture-intake.ts';
import { colours } from '../../theme.ts';

export const REPORT_CARD_FILE = 'fpsos-report-card.png';

export function renderCaptureRefusal(t: TFunction, reason: CaptureIntakeRefusal, seconds?: number): BaseMessageOptions {
	if (reason === 'download_failed') return { content: t('diagnostic:upload.downloadFailed') };
	return { content: t(`frametimes:refusals.${reason}`, { seconds }) };
}

/** The answer to a capture with nothing to compare it with (a baseline, or an after run without one). */
export function renderCaptureReading(t: TFunction, reading: CaptureReading, key: 'baseline' | 'noBaseline'): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('frametimes:upload.title'))
		.setDescription(
			[
				t('frametimes:upload.figures', {
					avg: Math.round(reading.avg_fps),
					p1: Math.round(reading.p1_fps),
					p01: Math.round(reading.p01_fps),
					seconds: Math.round(reading.duration_s),
					stutters: reading.stutters
				}),
				t(`frametimes:upload.${key}`)
			].join('\n\n')
		);
	return { embeds: [embed] };
}

export interface ReportCardView {
	before: CaptureFigures;
	after: { avg_fps: number; p1_fps: number; chart_ms: readonly number[] };
	fixed: readonly string[];
	rtl: boolean;
}

/** The report card: the PNG, and the same figures in text beside it (screen readers, and Discord's own bidi). */
export async function renderReportCard(t: TFunction, view: ReportCardView): Promise<BaseMessageOptions> {
	const fixed = view.fixed.map((id) => t(`frametimes:card.fixed.${id}`, { defaultValue: '' })).filter((text) => text !== '');
	const png = await renderReportCardPng({
		before: view.before,
		after: view.after,
		rtl: view.rtl,
		texts: {
			title: t('frametimes:card.title'),
			subtitle: t('frametimes:card.subtitle'),
			average: t('frametimes:card.average'),
			low: t('frametimes:card.low'),
			before: t('frametimes:card.before'),
			after: t('frametimes:card.after'),
			chart: t('frametimes:card.chart'),
			fixedTitle: t('frametimes:card.fixedTitle'),
			fixed
		}
	});
	const embed = new EmbedBuilder()
		.setColor(colours.good)
		.setTitle(t('frametimes:report.title'))
		.setDescription(
			t('frametimes:report.figures', {
				avgBefore: Math.round(view.before.avg_fps),
				avgAfter: Math.round(view.after.avg_fps),
				avgChange: percentChange(view.before.avg_fps, view.after.avg_fps),
				lowBefore: Math.round(view.before.p1_fps),
				lowAfter: Math.round(view.after.p1_fps),
				lowChange: percentChange(view.before.p1_fps, view.after.p1_fps)
			})
		)
		.setImage(`attachment://${REPORT_CARD_FILE}`);
	return { embeds: [embed], files: [new AttachmentBuilder(png, { name: REPORT_CARD_FILE })] };
}
