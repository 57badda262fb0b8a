import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/**
 * The funnel chart `/stats` attaches: an SVG built here, rendered to PNG by resvg compiled to WebAssembly with the
 * Inter and Noto Sans Arabic fonts shipped in npm packages (no native binary, no system fonts; resvg falls back to
 * the Arabic font for Arabic text and shapes it). Texts arrive translated.
 *
 * The Arabic locale keeps the chart's few texts in English: resvg ignores SVG's `direction` and, measured on its
 * rendered pixels, orders a line that mixes Arabic with numbers or Latin words (a date, "25%", "FPSOS") differently
 * from how it reads, with or without isolates and marks. The embed beside the chart carries every figure in Arabic.
 */
export interface FunnelStage {
	label: string;
	value: number;
	/** The value as shown (e.g. "1,234"). */
	valueText: string;
	/** A small line under the label (e.g. "42% of the previous step"), or null. */
	note: string | null;
}

export interface FunnelChart {
	title: string;
	subtitle: string;
	stages: readonly FunnelStage[];
}

const WIDTH = 900;
const TOP = 110;
const ROW = 84;
const BAR_HEIGHT = 60;
const BAR_LEFT = 320;
const BAR_AREA = 540;
const COLOURS = ['#7c3aed', '#8b5cf6', '#a78bfa', '#c4b5fd', '#ddd6fe', '#ede9fe'];

/** Escapes text for SVG character data and attribute values. */
export function escapeXml(text: string): string {
	return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);
}

/** Bars centred on one axis, each as wide as its share of the largest stage (a thin sliver for zero). */
export function funnelSvg(chart: FunnelChart): string {
	const height = TOP + chart.stages.length * ROW + 30;
	const largest = Math.max(1, ...chart.stages.map((stage) => stage.value));
	const rows = chart.stages.map((stage, index) => {
		const y = TOP + index * ROW;
		const width = Math.max(4, Math.round((Math.max(0, stage.value) / largest) * BAR_AREA));
		const x = BAR_LEFT + (BAR_AREA - width) / 2;
		const middle = y + BAR_HEIGHT / 2;
		const fill = COLOURS[index % COLOURS.length]!;
		const inside = width >= 110;
		const valueX = inside ? BAR_LEFT + BAR_AREA / 2 : x + width + 10;
		const valueColour = inside && index < 3 ? '#ffffff' : inside ? '#1e1b4b' : '#f2f3f5';
		return [
			`<text x="40" y="${middle - (stage.note ? 4 : -7)}" font-size="20" font-weight="700" fill="#f2f3f5">${escapeXml(stage.label)}</text>`,
			stage.note ? `<text x="40" y="${middle + 20}" font-size="15" fill="#b5bac1">${escapeXml(stage.note)}</text>` : '',
			`<rect x="${x}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="8" fill="${fill}"/>`,
			`<text x="${valueX}" y="${middle + 8}" font-size="22" font-weight="700" fill="${valueColour}" text-anchor="${inside ? 'middle' : 'start'}">${escapeXml(stage.valueText)}</text>`
		].join('');
	});
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Inter, Noto Sans Arabic">`,
		`<rect width="${WIDTH}" height="${height}" fill="#2b2d31"/>`,
		`<text x="40" y="52" font-size="28" font-weight="700" fill="#ffffff">${escapeXml(chart.title)}</text>`,
		`<text x="40" y="82" font-size="17" fill="#b5bac1">${escapeXml(chart.subtitle)}</text>`,
		...rows,
		'</svg>'
	].join('');
}

const FONT_FILES = [
	'@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
	'@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf',
	'@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
	'@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'
];

interface Renderer {
	fonts: Uint8Array[];
}

let renderer: Promise<Renderer> | undefined;

/** Loads the WebAssembly module and the fonts once, on first use (the bot never pays for them otherwise). */
function loadRenderer(): Promise<Renderer> {
	renderer ??= (async () => {
		const require = createRequire(import.meta.url);
		const [wasm, ...fonts] = await Promise.all([
			readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')),
			...FONT_FILES.map((file) => readFile(require.resolve(file)))
		]);
		await initWasm(wasm);
		return { fonts };
	})().catch((error: unknown) => {
		renderer = undefined;
		throw error;
	});
	return renderer;
}

/** Renders an SVG to PNG bytes. */
export async function svgToPng(svg: string): Promise<Buffer> {
	const { fonts } = await loadRenderer();
	const resvg = new Resvg(svg, { font: { fontBuffers: fonts, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter', loadSystemFonts: false } });
	try {
		const image = resvg.render();
		try {
			return Buffer.from(image.asPng());
		} finally {
			image.free();
		}
	} finally {
		resvg.free();
	}
}

export function renderFunnelPng(chart: FunnelChart): Promise<Buffer> {
	return svgToPng(funnelSvg(chart));
}
