import { describe, expect, test } from 'vitest';
import { escapeXml, funnelSvg, renderFunnelPng } from '../../../src/lib/stats/chart.ts';
import { readPng } from '../../support/png.ts';

const stages = [
	{ label: 'New members', value: 200, valueText: '200', note: null },
	{ label: 'Diagnosed <members> & "friends"', value: 50, valueText: '50', note: '25% of the step above' },
	{ label: 'Bookings', value: 0, valueText: '0', note: null }
];

describe('funnel chart', () => {
	test('labels are escaped, and each bar is as wide as its share of the largest stage', () => {
		const svg = funnelSvg({ title: 'Funnel', subtitle: 'Last 7 days', stages });
		expect(svg).toContain('Diagnosed &lt;members&gt; &amp; &quot;friends&quot;');
		expect(svg).not.toContain('<members>');
		const widths = [...svg.matchAll(/<rect x="[\d.]+" y="\d+" width="(\d+)"/g)].map((match) => Number(match[1]));
		expect(widths).toEqual([540, 135, 4]);
	});

	test('escapeXml escapes every special character', () => {
		expect(escapeXml(`<a href='x'>&"`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;&quot;');
	});

	test("renders a valid PNG of the SVG's size, not blank, also with Arabic text", async () => {
		const png = await renderFunnelPng({ title: 'مسار العملاء', subtitle: 'آخر 7 أيام', stages });
		const info = readPng(png);
		expect(info.width).toBe(900);
		expect(info.height).toBe(110 + 3 * 84 + 30);
		expect(new Set(info.scanlines).size).toBeGreaterThan(10);
	});
});
