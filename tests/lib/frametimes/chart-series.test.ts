import { describe, expect, test } from 'vitest';
import { CHART_POINTS, chartSeries } from '../../../src/lib/frametimes/chart-series.ts';

describe('the frame times a chart draws', () => {
	test('a run no longer than the points is kept whole, rounded to hundredths of a millisecond', () => {
		expect(chartSeries(Float64Array.from([16.666, 8.333333, 40.125, 7]), 4)).toEqual([16.67, 8.33, 40.13, 7]);
	});

	test('a longer run keeps the slowest frame of each slice, so a stutter stays visible', () => {
		// 10 frames in 4 slices: frames 0-1, 2-4, 5-6 and 7-9.
		expect(chartSeries(Float64Array.from([5, 9, 6, 7, 30, 8, 8, 7, 6, 12]), 4)).toEqual([9, 30, 8, 12]);
	});

	test('by default a run is cut to 600 points, and one 100 ms hitch in 6000 frames is among them', () => {
		const frames = new Float64Array(6000).fill(16.666);
		frames[3001] = 100;
		const series = chartSeries(frames);
		expect(CHART_POINTS).toBe(600);
		expect(series).toHaveLength(600);
		expect(series[300]).toBe(100);
		expect(series.filter((ms) => ms !== 16.67)).toEqual([100]);
	});
});
