import { describe, expect, test } from 'vitest';
import { assessQuickAnswers, parseQuickAnswers } from '../../../src/lib/assessment/quick.ts';

const answers = (fps: number, refresh: number, problems = '') => ({ gpu: 'RTX 3070', fps, refresh, problems });

describe('parseQuickAnswers', () => {
	test('accepts whole numbers with spaces around them', () => {
		expect(parseQuickAnswers({ gpu: ' RTX 3070 ', fps: ' 144 ', refresh: '240', problems: undefined })).toEqual({
			ok: true,
			answers: { gpu: 'RTX 3070', fps: 144, refresh: 240, problems: '' }
		});
	});

	test.each([
		[{ gpu: 'x', fps: '100', refresh: '144' }, ['gpu.too_short']],
		[{ gpu: 'RTX', fps: 'lots', refresh: '144' }, ['fps.not_a_number']],
		[{ gpu: 'RTX', fps: '12.5', refresh: '144' }, ['fps.not_a_number']],
		[{ gpu: 'RTX', fps: '0', refresh: '144' }, ['fps.out_of_range']],
		[{ gpu: 'RTX', fps: '2000', refresh: '10' }, ['fps.out_of_range', 'refresh.out_of_range']],
		[{ gpu: 'RTX', fps: '100', refresh: '144', problems: 'x'.repeat(1001) }, ['problems.too_long']]
	])('refuses %j with %j', (raw, errors) => {
		expect(parseQuickAnswers(raw)).toEqual({ ok: false, errors });
	});
});

describe('assessQuickAnswers', () => {
	test.each([
		['FPS at the refresh rate, no complaints', answers(240, 240), 'good', []],
		['FPS above the refresh rate', answers(400, 144), 'good', []],
		['FPS just below the refresh rate', answers(130, 144), 'quick', ['fps_below_refresh']],
		['FPS exactly 75% of the refresh rate is only a warning', answers(108, 144), 'quick', ['fps_below_refresh']],
		['FPS far below the refresh rate', answers(107, 144), 'full', ['fps_far_below_refresh']],
		['far below and crashing', answers(60, 144, 'the game crashes'), 'extreme', ['fps_far_below_refresh', 'crash_reported']],
		[
			'three complaints at full FPS',
			answers(300, 240, 'stutter, input delay and high ping'),
			'full',
			['stutter_reported', 'input_lag_reported', 'network_reported']
		],
		['one complaint', answers(300, 240, 'random freezes'), 'quick', ['stutter_reported']],
		['Arabic complaint', answers(300, 240, 'تقطيع بعد كل جولة'), 'quick', ['stutter_reported']]
	])('%s -> %s', (_situation, input, recommendation, reasons) => {
		const result = assessQuickAnswers(input);
		expect(result.recommendation).toBe(recommendation);
		expect(result.reasons.map((reason) => reason.id)).toEqual(reasons);
	});

	test('critical reasons come first', () => {
		const result = assessQuickAnswers(answers(50, 144, 'stutter and blue screen'));
		expect(result.reasons.map((reason) => reason.severity)).toEqual(['critical', 'critical', 'warning']);
	});
});
