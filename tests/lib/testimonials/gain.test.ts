import { describe, expect, test } from 'vitest';
import { fpsFigures } from '../../../src/lib/testimonials/gain.ts';

describe('the FPS gain a testimonial shows', () => {
	const none = { fps_before: null, fps_after: null, measured_fps_before: null, measured_fps_after: null };

	test('measured figures win over reported ones, only when both are measured', () => {
		expect(fpsFigures({ fps_before: 100, fps_after: 400, measured_fps_before: 150, measured_fps_after: 260 })).toEqual({
			before: 150,
			after: 260,
			gainPercent: 73,
			measured: true
		});
		expect(fpsFigures({ fps_before: 100, fps_after: 400, measured_fps_before: 150, measured_fps_after: null })).toEqual({
			before: 100,
			after: 400,
			gainPercent: 300,
			measured: false
		});
	});

	test('a loss shows as negative; missing figures show nothing', () => {
		expect(fpsFigures({ ...none, fps_before: 200, fps_after: 150 })?.gainPercent).toBe(-25);
		expect(fpsFigures({ ...none, fps_before: 200 })).toBeNull();
		expect(fpsFigures(none)).toBeNull();
	});
});
