import { escapeXml, svgToPng } from '../stats/chart.ts';

/**
 * The before/after report card a member gets after their session: average and 1% low FPS with the change in per
 * cent, both runs' frame times on one chart, and what the session fixed. 1080 px wide: read on a phone at full width.
 *
 * Texts arrive translated. In a right-to-left language every label is drawn on its own, anchored right, and every
 * figure as a separate element: resvg orders a line that mixes Arabic with digits unreliably (see stats/chart.ts), a
 * line of Arabic alone it shapes and orders well.
 */
export interface ReportRun {
	avg_fps: number;
	p1_fps: number;
	chart_ms: readonly number[];
}

export interface ReportCardTexts {
	title: string;
	subtitle: string;
	average: string;
	low: string;
	before: string;
	after: string;
	chart: string;
	fixedTitle: string;
	/** One short label per finding the session fixed (may be empty). */
	fixed: readonly string[];
}

export interface ReportCard {
	before: ReportRun;
	after: ReportRun;
	texts: ReportCardTexts;
	rtl: boolean;
}

export const REPORT_COLOURS = {
	background: '#1e1f22',
	panel: '#2b2d31',
	before: '#f87171',
	after: '#4ade80',
	text: '#f2f3f5',
	muted: '#b5bac1',
	grid: '#3f4147'
} as const;

const WIDTH = 1080;
const MARGIN = 60;
const FIGURES_TOP = 190;
const FIGURE_HEIGHT = 200;
export const CHART_BOX = { x: MARGIN, y: 690, width: WIDTH - 2 * MARGIN, height: 420 } as const;
const MAX_FIXED = 6;

/** The change from `before` to `after` in whole per cent, signed ("+23%", "-4%", "0%"). */
export function percentChange(before: number, after: number): string {
	const change = Math.round(((after - before) / before) * 100);
	return `${change > 0 ? '+' : ''}${change}%`;
}

export function reportCardSvg(card: ReportCard): string {
	const { texts, rtl } = card;
	const fixed = texts.fixed.slice(0, MAX_FIXED);
	const height = CHART_BOX.y + CHART_BOX.height + 60 + (fixed.length > 0 ? 70 + fixed.length * 44 : 0);
	// A label's x and anchor: from the left edge, or mirrored from the right in a right-to-left language.
	const at = (x: number) => (rtl ? { x: WIDTH - x, anchor: 'end' } : { x, anchor: 'start' });
	const label = (x: number, y: number, size: number, fill: string, text: string, weight = 400) => {
		const place = at(x);
		return `<text x="${place.x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${place.anchor}">${escapeXml(text)}</text>`;
	};
	const figure = (x: number, y: number, size: number, fill: string, text: string, anchor = 'middle') =>
		`<text x="${x}" y="${y}" font-size="${size}" font-weight="700" fill="${fill}" text-anchor="${anchor}">${escapeXml(text)}</text>`;

	const block = (index: number, name: string, before: number, after: number) => {
		// The first block sits where reading starts: left, or right in a right-to-left language.
		const left = MARGIN + (rtl ? 1 - index : index) * ((WIDTH - 2 * MARGIN) / 2 + 10);
		const width = (WIDTH - 2 * MARGIN) / 2 - 10;
		const top = FIGURES_TOP + 20;
		const centre = (column: number) => left + (width / 3) * (rtl ? 2.5 - column : column + 0.5);
		const change = percentChange(before, after);
		return [
			`<rect x="${left}" y="${top}" width="${width}" height="${FIGURE_HEIGHT + 180}" rx="18" fill="${REPORT_COLOURS.panel}"/>`,
			`<text x="${rtl ? left + width - 28 : left + 28}" y="${top + 56}" font-size="34" font-weight="700" fill="${REPORT_COLOURS.text}" text-anchor="${rtl ? 'end' : 'start'}">${escapeXml(name)}</text>`,
			`<text x="${centre(0)}" y="${top + 120}" font-size="26" fill="${REPORT_COLOURS.muted}" text-anchor="middle">${escapeXml(texts.before)}</text>`,
			figure(centre(0), top + 190, 58, REPORT_COLOURS.before, String(Math.round(before))),
			`<text x="${centre(2)}" y="${top + 120}" font-size="26" fill="${REPORT_COLOURS.muted}" text-anchor="middle">${escapeXml(texts.after)}</text>`,
			figure(centre(2), top + 190, 58, REPORT_COLOURS.after, String(Math.round(after))),
			figure(centre(1), top + 190, 44, REPORT_COLOURS.muted, rtl ? '←' : '→'),
			figure(left + width / 2, top + 310, 72, after >= before ? REPORT_COLOURS.after : REPORT_COLOURS.before, change)
		].join('');
	};

	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Inter, Noto Sans Arabic">`,
		`<rect width="${WIDTH}" height="${height}" fill="${REPORT_COLOURS.background}"/>`,
		label(MARGIN, 100, 52, REPORT_COLOURS.text, texts.title, 700),
		label(MARGIN, 150, 28, REPORT_COLOURS.muted, texts.subtitle),
		block(0, texts.average, card.before.avg_fps, card.after.avg_fps),
		block(1, texts.low, card.before.p1_fps, card.after.p1_fps),
		label(MARGIN, CHART_BOX.y - 40, 28, REPORT_COLOURS.text, texts.chart, 700),
		chartSvg(card.before.chart_ms, card.after.chart_ms),
		legend(rtl, texts)
	];
	if (fixed.length > 0) {
		const top = CHART_BOX.y + CHART_BOX.height + 110;
		parts.push(label(MARGIN, top, 32, REPORT_COLOURS.text, texts.fixedTitle, 700));
		fixed.forEach((text, index) => {
			const lineY = top + 48 + index * 44;
			parts.push(
				`<circle cx="${rtl ? WIDTH - MARGIN - 8 : MARGIN + 8}" cy="${lineY - 9}" r="8" fill="${REPORT_COLOURS.after}"/>`,
				label(MARGIN + 30, lineY, 28, REPORT_COLOURS.text, text)
			);
		});
	}
	parts.push('</svg>');
	return parts.join('');
}

/** Both runs over the same box: each stretched to the full width, the height scaled to the slower run's spikes. */
function chartSvg(before: readonly number[], after: readonly number[]): string {
	const { x, y, width, height } = CHART_BOX;
	const top = niceCeiling(Math.max(...before, ...after, 1));
	const grid: string[] = [];
	for (let step = 0; step <= 4; step += 1) {
		const gy = y + height - (height * step) / 4;
		grid.push(`<line x1="${x}" y1="${gy}" x2="${x + width}" y2="${gy}" stroke="${REPORT_COLOURS.grid}" stroke-width="2"/>`);
		grid.push(
			`<text x="${x + 6}" y="${step === 4 ? gy + 28 : gy - 8}" font-size="22" fill="${REPORT_COLOURS.muted}">${Math.round((top * step) / 4)} ms</text>`
		);
	}
	const line = (series: readonly number[], colour: string) => {
		const points = series.map((ms, index) => {
			const px = x + (series.length === 1 ? width / 2 : (width * index) / (series.length - 1));
			const py = y + height - (height * Math.min(ms, top)) / top;
			return `${px.toFixed(1)},${py.toFixed(1)}`;
		});
		return `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="4" stroke-linejoin="round"/>`;
	};
	return [
		`<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${REPORT_COLOURS.panel}"/>`,
		...grid,
		line(before, REPORT_COLOURS.before),
		line(after, REPORT_COLOURS.after)
	].join('');
}

function legend(rtl: boolean, texts: ReportCardTexts): string {
	const y = CHART_BOX.y + CHART_BOX.height + 44;
	const item = (offset: number, colour: string, text: string) => {
		const swatchX = rtl ? WIDTH - MARGIN - offset - 40 : MARGIN + offset;
		const textX = rtl ? swatchX - 14 : swatchX + 54;
		return `<rect x="${swatchX}" y="${y - 20}" width="40" height="12" rx="6" fill="${colour}"/><text x="${textX}" y="${y - 6}" font-size="26" fill="${REPORT_COLOURS.text}" text-anchor="${rtl ? 'end' : 'start'}">${escapeXml(text)}</text>`;
	};
	return item(0, REPORT_COLOURS.before, texts.before) + item(260, REPORT_COLOURS.after, texts.after);
}

/** The chart's top: the slowest frame rounded up to 5, 10, 20, 25 or 50 times a power of ten. */
function niceCeiling(value: number): number {
	const power = 10 ** Math.floor(Math.log10(value));
	for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
	return 10 * power;
}

export function renderReportCardPng(card: ReportCard): Promise<Buffer> {
	return svgToPng(reportCardSvg(card));
}
