import { AttachmentBuilder, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { formatAed } from '../../../lib/money.ts';
import { renderFunnelPng, type FunnelStage } from '../../../lib/stats/chart.ts';
import { statsCsv } from '../../../lib/stats/csv.ts';
import type { StatsReport } from '../../../lib/stats/metrics.ts';
import { colours } from '../../theme.ts';

const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const rating = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const firstDay = (report: StatsReport) => report.window.dates[0]!;
const lastDay = (report: StatsReport) => report.window.dates[report.window.dates.length - 1]!;
const fileStem = (report: StatsReport) => `fpsos-stats-${report.window.days}d-${lastDay(report)}`;

/** The funnel's steps, each with its share of the step above. */
export function funnelStages(t: TFunction, report: StatsReport): FunnelStage[] {
	const { totals } = report;
	const steps: [string, number][] = [
		['newMembers', totals.newMembers],
		['diagnosed', totals.diagnosedMembers],
		['bookings', totals.bookings],
		['completions', totals.completions]
	];
	return steps.map(([key, value], index) => {
		const above = index === 0 ? null : steps[index - 1]![1];
		return {
			label: t(`stats:chart.stages.${key}`),
			value,
			valueText: count.format(value),
			note: above ? t('stats:chart.ofPrevious', { percent: percent.format(value / above) }) : null
		};
	});
}

/** A whole per cent with its sign: +23%, -4%, 0%. */
const signed = (value: number) => `${value > 0 ? '+' : ''}${value}%`;

/** The `/stats overview` reply: one embed with every figure, the funnel chart attached and shown in it. */
export async function renderStats(t: TFunction, report: StatsReport): Promise<BaseMessageOptions> {
	const { totals } = report;
	const none = t('stats:values.none');
	const range = { from: firstDay(report), to: lastDay(report) };
	const png = await renderFunnelPng({
		title: t('stats:chart.title'),
		subtitle: t('stats:chart.subtitle', { days: report.window.days, ...range }),
		stages: funnelStages(t, report)
	});
	const chartName = `${fileStem(report)}.png`;
	const field = (key: string, value: string) => ({ name: t(`stats:fields.${key}`), value, inline: true });
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('stats:title', { days: report.window.days }))
		.setDescription(t('stats:range', range))
		.addFields(
			field('newMembers', count.format(totals.newMembers)),
			field('diagnostics', count.format(totals.diagnostics)),
			field('quickAssessments', count.format(totals.quickAssessments)),
			field('bookings', count.format(totals.bookings)),
			field('completions', count.format(totals.completions)),
			field('noShows', count.format(totals.noShows)),
			field(
				'conversion',
				totals.conversionRate === null
					? none
					: t('stats:values.conversion', {
							rate: percent.format(totals.conversionRate),
							converted: count.format(totals.convertedMembers),
							diagnosed: count.format(totals.diagnosedMembers)
						})
			),
			field('revenue', formatAed(totals.revenueFils / 100)),
			field(
				'topPackage',
				totals.topPackage
					? t('stats:values.package', { name: totals.topPackage.name, count: count.format(totals.topPackage.bookings) })
					: none
			),
			field(
				'rating',
				totals.averageRating === null
					? none
					: t('stats:values.rating', { rating: rating.format(totals.averageRating), count: count.format(totals.reviews) })
			),
			field(
				'measuredGain',
				report.measuredGain
					? t('stats:values.measuredGain', {
							avg: signed(report.measuredGain.avgPercent),
							low: signed(report.measuredGain.lowPercent),
							count: count.format(report.measuredGain.sessions)
						})
					: none
			),
			field('openTickets', count.format(report.openTickets)),
			field('unreachable', count.format(report.unreachableMembers))
		)
		.setImage(`attachment://${chartName}`)
		.setFooter({ text: t('stats:footer', { window: report.conversionWindowDays }) });
	return { embeds: [embed], files: [new AttachmentBuilder(png, { name: chartName })], allowedMentions: { parse: [] } };
}

/** The `/stats export` reply: the daily rows as a CSV file. */
export function renderStatsExport(t: TFunction, report: StatsReport): BaseMessageOptions {
	const csv = Buffer.from(statsCsv(report), 'utf8');
	return {
		content: t('stats:export.ready', { days: report.window.days, from: firstDay(report), to: lastDay(report) }),
		files: [new AttachmentBuilder(csv, { name: `${fileStem(report)}.csv` })],
		allowedMentions: { parse: [] }
	};
}
