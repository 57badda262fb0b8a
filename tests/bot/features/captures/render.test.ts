import type { AttachmentBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { renderCaptureReading, renderCaptureRefusal, renderReportCard, REPORT_CARD_FILE } from '../../../../src/bot/features/captures/render.ts';
import type { CaptureReading } from '../../../../src/lib/frametimes/index.ts';
import { LOCALES_UNDER_TEST, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { readPng } from '../../../support/png.ts';
import frametimes from '../../../../src/languages/en-US/frametimes.json' with { type: 'json' };

const reading: CaptureReading = {
	format: 'presentmon-2',
	application: 'cs2.exe',
	frames: 12_000,
	duration_s: 60.4,
	avg_fps: 198.6,
	p1_fps: 121.2,
	p01_fps: 80.9,
	stutters: 14
};
const chart = Array.from({ length: 600 }, (_, index) => 5 + (index % 7));
const before = {
	id: 'c1',
	avg_fps: 200,
	p1_fps: 120,
	p01_fps: 80,
	stutters: 10,
	duration_s: 60,
	chart_ms: chart,
	created_at: new Date('2026-12-01T10:00:00Z')
};

describe.each(LOCALES_UNDER_TEST)('capture messages in %s', (locale) => {
	const t = tIn(locale);

	test.each([...Object.keys(frametimes.refusals), 'download_failed'])('the refusal "%s" is a text of its own', (reason) => {
		const refusal = renderCaptureRefusal(t, reason as Parameters<typeof renderCaptureRefusal>[1], 4);
		expect(messageProblems(refusal)).toEqual([]);
		expect(textOf(refusal)).not.toMatch(UNTRANSLATED);
	});

	test.each(['baseline', 'noBaseline'] as const)('a reading (%s) gives the rounded figures', (key) => {
		const message = renderCaptureReading(t, reading, key);
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		for (const figure of ['199', '121', '81', '60', '14']) expect(text).toContain(figure);
	});

	test('the report card: the PNG, and the figures with the change in per cent beside it', async () => {
		const message = await renderReportCard(t, {
			before,
			after: { avg_fps: 260, p1_fps: 180, chart_ms: chart },
			fixed: ['ram_xmp_off', 'unknown_rule'],
			rtl: locale === 'ar'
		});
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('260');
		expect(text).toContain('30');
		expect(text).toContain('50');
		const [file] = (message.files ?? []) as AttachmentBuilder[];
		expect(file?.name).toBe(REPORT_CARD_FILE);
		expect(readPng(file!.attachment as Buffer).width).toBe(1080);
	});
});
