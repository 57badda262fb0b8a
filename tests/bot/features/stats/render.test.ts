import type { AttachmentBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { funnelStages, renderStats, renderStatsExport } from '../../../../src/bot/features/stats/render.ts';
import { emptyDay, totalsOf, type DailyStats, type StatsReport } from '../../../../src/lib/stats/metrics.ts';
import { statsWindow } from '../../../../src/lib/stats/period.ts';
import { readPng } from '../../../support/png.ts';
import { LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

const catalogue = [{ code: 'full', name: 'Full Optimization', sortOrder: 1 }];

function report(busy: boolean): StatsReport {
	const window = statsWindow(7, new Date('2026-12-07T10:00:00Z'));
	const days: DailyStats[] = window.dates.map((date) =>
		busy
			? {
					...emptyDay(date),
					newMembers: 10,
					diagnostics: 6,
					quickAssessments: 2,
					bookings: 3,
					completions: 2,
					noShows: 1,
					revenueFils: 79_800,
					reviews: 2,
					ratingSum: 17,
					diagnosedMembers: 8,
					convertedMembers: 3,
					packages: new Map([['full', 3]])
				}
			: emptyDay(date)
	);
	return {
		window,
		conversionWindowDays: 14,
		days,
		totals: totalsOf(days, catalogue),
		packages: catalogue,
		openTickets: busy ? 4 : 0,
		unreachableMembers: busy ? 2 : 0,
		measuredGain: busy ? { sessions: 5, avgPercent: 23, lowPercent: -4 } : null
	};
}

describe.each(LOCALES_UNDER_TEST)('/stats in %s', (locale) => {
	const t = tIn(locale);

	test('a busy week: every figure, the funnel chart attached and shown, pinging nobody', async () => {
		const message = await renderStats(t, report(true));
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		for (const figure of ['70', '42', '21', '14', 'AED 5586', 'Full Optimization', '8.5', '+23%', '-4%', '37.5%']) expect(text).toContain(figure);
		const [file] = (message.files ?? []) as AttachmentBuilder[];
		expect(file?.name).toBe('fpsos-stats-7d-2026-12-07.png');
		expect(readPng(file!.attachment as Buffer).width).toBeGreaterThan(0);
		expect(JSON.stringify(messageBody(message).embeds)).toContain('attachment://fpsos-stats-7d-2026-12-07.png');
	});

	test('an empty week says "none" where there is nothing to average', async () => {
		const message = await renderStats(t, report(false));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).toContain(t('stats:values.none'));
	});

	test("the funnel's steps carry their share of the step above", () => {
		const stages = funnelStages(t, report(true));
		expect(stages.map((stage) => stage.value)).toEqual([70, 56, 21, 14]);
		expect(stages[0]!.note).toBeNull();
		expect(stages[1]!.note).toContain('80%');
	});

	test('the export is a CSV named for the window', () => {
		const message = renderStatsExport(t, report(true));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		const [file] = (message.files ?? []) as AttachmentBuilder[];
		expect(file?.name).toBe('fpsos-stats-7d-2026-12-07.csv');
		expect((file!.attachment as Buffer).toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(8);
	});
});
