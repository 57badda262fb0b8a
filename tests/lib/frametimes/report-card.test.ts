import { describe, expect, test, vi } from 'vitest';
import { CHART_BOX, percentChange, REPORT_COLOURS, renderReportCardPng, type ReportCard } from '../../../src/lib/frametimes/report-card.ts';
import { readPixels } from '../../support/png.ts';

// The first render loads resvg's WebAssembly and four fonts: seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const rgb = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
const texts = {
	title: 'FPSOS report card',
	subtitle: 'Measured before and after your session',
	average: 'Average FPS',
	low: '1% low FPS',
	before: 'Before',
	after: 'After',
	chart: 'Frame time',
	fixedTitle: 'Fixed in the session',
	fixed: ['RAM at its rated speed']
};
// Before: 5 ms with a 25 ms spike every 100 points; after: a flat 3.5 ms.
const card = (before: number, after: number, rtl = false): ReportCard => ({
	before: { avg_fps: before, p1_fps: before / 2, chart_ms: Array.from({ length: 600 }, (_, i) => (i % 100 === 50 ? 25 : 5)) },
	after: { avg_fps: after, p1_fps: after / 2, chart_ms: Array.from({ length: 600 }, () => 3.5) },
	texts,
	rtl
});

/** Pixels of exactly this colour inside a box (anti-aliased edges excluded: only the solid middle counts). */
function count(
	png: ReturnType<typeof readPixels>,
	hex: string,
	box: { x: number; y: number; width: number; height: number }
): { n: number; topmost: number } {
	const [r, g, b] = rgb(hex);
	let n = 0;
	let topmost = Number.POSITIVE_INFINITY;
	for (let y = box.y; y < box.y + box.height; y += 1)
		for (let x = box.x; x < box.x + box.width; x += 1) {
			const [pr, pg, pb] = png.rgba(x, y);
			if (pr === r && pg === g && pb === b) {
				n += 1;
				topmost = Math.min(topmost, y);
			}
		}
	return { n, topmost };
}

describe('report card', () => {
	test('percent change is signed and whole', () => {
		expect(percentChange(200, 260)).toBe('+30%');
		expect(percentChange(200, 190)).toBe('-5%');
		expect(percentChange(200, 200.4)).toBe('0%');
	});

	test('the PNG draws both runs on the chart: the before run reaches its spikes, the after run stays low', async () => {
		const png = readPixels(await renderReportCardPng(card(212, 288)));
		expect(png.width).toBe(1080);
		const before = count(png, REPORT_COLOURS.before, CHART_BOX);
		const after = count(png, REPORT_COLOURS.after, CHART_BOX);
		expect(before.n).toBeGreaterThan(1000);
		expect(after.n).toBeGreaterThan(1000);
		// The chart's top is 25 ms: the before spikes reach the top fifth, the flat 3.5 ms after run the bottom fifth.
		expect(before.topmost).toBeLessThan(CHART_BOX.y + CHART_BOX.height / 5);
		expect(after.topmost).toBeGreaterThan(CHART_BOX.y + (CHART_BOX.height * 4) / 5);
	});

	test('an improvement is drawn in the after colour, a loss in the before colour', async () => {
		// The change line sits in the lower part of each figure panel (y 470-560).
		const changeRow = { x: 60, y: 470, width: 960, height: 100 };
		const better = readPixels(await renderReportCardPng(card(200, 260)));
		const worse = readPixels(await renderReportCardPng(card(260, 200)));
		expect(count(better, REPORT_COLOURS.after, changeRow).n).toBeGreaterThan(500);
		expect(count(better, REPORT_COLOURS.before, changeRow).n).toBe(0);
		expect(count(worse, REPORT_COLOURS.before, changeRow).n).toBeGreaterThan(500);
		expect(count(worse, REPORT_COLOURS.after, changeRow).n).toBe(0);
	});

	test('right to left: the before figure sits on the right of each panel', async () => {
		const figures = (png: ReturnType<typeof readPixels>, half: 'left' | 'right') => {
			const panel = { x: half === 'left' ? 60 : 290, y: 330, width: 230, height: 90 };
			return { before: count(png, REPORT_COLOURS.before, panel).n, after: count(png, REPORT_COLOURS.after, panel).n };
		};
		const ltr = readPixels(await renderReportCardPng(card(212, 288)));
		const rtl = readPixels(
			await renderReportCardPng({ ...card(212, 288, true), texts: { ...texts, title: 'بطاقة النتائج', before: 'قبل', after: 'بعد' } })
		);
		expect(figures(ltr, 'left').before).toBeGreaterThan(200);
		expect(figures(ltr, 'right').after).toBeGreaterThan(200);
		expect(figures(rtl, 'left').after).toBeGreaterThan(200);
		expect(figures(rtl, 'right').before).toBeGreaterThan(200);
	});
});
