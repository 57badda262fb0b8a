/** The most points a run keeps for its chart: a phone-width picture shows no more. */
export const CHART_POINTS = 600;

/**
 * A run cut to at most `points` values for its chart, each the slowest frame of its slice: a stutter stays visible
 * however long the capture.
 */
export function chartSeries(frameTimesMs: Float64Array, points = CHART_POINTS): number[] {
	if (frameTimesMs.length <= points) return Array.from(frameTimesMs, (ms) => Math.round(ms * 100) / 100);
	const series: number[] = [];
	for (let slice = 0; slice < points; slice += 1) {
		const start = Math.floor((slice * frameTimesMs.length) / points);
		const end = Math.floor(((slice + 1) * frameTimesMs.length) / points);
		let slowest = 0;
		for (let i = start; i < end; i += 1) if (frameTimesMs[i]! > slowest) slowest = frameTimesMs[i]!;
		series.push(Math.round(slowest * 100) / 100);
	}
	return series;
}
