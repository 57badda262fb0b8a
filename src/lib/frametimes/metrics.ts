/** The figures FPSOS quotes for a run, from its frame times in milliseconds. */
export interface FrameTimeSummary {
	frames: number;
	duration_s: number;
	avg_fps: number;
	/** 1% low: 1000 / the nearest-rank 99th percentile frame time. */
	p1_fps: number;
	/** 0.1% low: 1000 / the nearest-rank 99.9th percentile frame time. */
	p01_fps: number;
	/** Frames that took more than twice the median frame time. */
	stutters: number;
}

/** `frameTimesMs` must hold at least one positive frame time; the array is sorted in place. */
export function summarizeFrameTimes(frameTimesMs: Float64Array): FrameTimeSummary {
	const frames = frameTimesMs.length;
	let totalMs = 0;
	for (const ms of frameTimesMs) totalMs += ms;
	const sorted = frameTimesMs.sort();
	const middle = frames >> 1;
	const median = frames % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
	let stutters = 0;
	// Sorted ascending: the stutters are the tail past the first frame time over twice the median.
	for (let i = frames - 1; i >= 0 && sorted[i]! > 2 * median; i -= 1) stutters += 1;
	return {
		frames,
		duration_s: round(totalMs / 1000, 3),
		avg_fps: round((1000 * frames) / totalMs, 1),
		p1_fps: round(1000 / nearestRank(sorted, 990), 1),
		p01_fps: round(1000 / nearestRank(sorted, 999), 1),
		stutters
	};
}

/**
 * The nearest-rank percentile of an ascending array: the value at rank ceil(p x n). The percentile is given in
 * thousandths (990 for the 99th) so the rank is integer arithmetic: 0.999 x 1000 in floating point is not 999.
 */
export function nearestRank(sorted: Float64Array, permille: number): number {
	const rank = Math.max(1, Math.ceil((permille * sorted.length) / 1000));
	return sorted[rank - 1]!;
}

function round(value: number, digits: number): number {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
}
