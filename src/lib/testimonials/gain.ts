/** The FPS figures a testimonial shows: measured by diagnostics when both exist, else what the member reported. */
export interface FpsFigures {
	before: number;
	after: number;
	/** Whole percent, rounded; negative when the game got slower. */
	gainPercent: number;
	measured: boolean;
}

export function fpsFigures(input: {
	fps_before: number | null;
	fps_after: number | null;
	measured_fps_before: number | null;
	measured_fps_after: number | null;
}): FpsFigures | null {
	const measured = input.measured_fps_before !== null && input.measured_fps_after !== null;
	const before = measured ? input.measured_fps_before : input.fps_before;
	const after = measured ? input.measured_fps_after : input.fps_after;
	if (before === null || after === null || before <= 0) return null;
	return { before, after, gainPercent: Math.round(((after - before) / before) * 100), measured };
}
