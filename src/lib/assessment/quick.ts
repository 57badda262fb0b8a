import { z } from 'zod';
import type { Recommendation } from '../diagnostics/findings.ts';
import { recommend } from '../diagnostics/score.ts';

/**
 * The quick assessment for members who do not run the tool: four answers, judged by documented rules and the
 * owner's scoring (the same as for diagnostics: 2+ critical -> extreme; 1 critical or 3+ warnings -> full;
 * 1-2 warnings -> quick; nothing -> good).
 *
 * | reason                | severity | when                                                         |
 * |-----------------------|----------|--------------------------------------------------------------|
 * | fps_far_below_refresh | critical | current FPS below 75% of the monitor's refresh rate           |
 * | fps_below_refresh     | warning  | current FPS at 75-100% of the refresh rate                    |
 * | stutter_reported      | warning  | the answer mentions stutter, freezes, spikes or FPS drops     |
 * | input_lag_reported    | warning  | the answer mentions input lag or delay                        |
 * | network_reported      | warning  | the answer mentions ping, packet loss or rubber-banding       |
 * | crash_reported        | critical | the answer mentions crashes or blue screens                   |
 */
export const QUICK_REASONS = [
	'fps_far_below_refresh',
	'crash_reported',
	'fps_below_refresh',
	'stutter_reported',
	'input_lag_reported',
	'network_reported'
] as const;
export type QuickReason = (typeof QUICK_REASONS)[number];

const critical = new Set<QuickReason>(['fps_far_below_refresh', 'crash_reported']);

const mentions: Partial<Record<QuickReason, RegExp>> = {
	stutter_reported: /stutter|freez|spike|hitch|fps drop|frame drop|drops|تقطيع|تقطع|تهنيج/iu,
	input_lag_reported: /input lag|input delay|delay|delayed|laggy mouse|لاق/iu,
	network_reported: /ping|packet loss|rubber ?band|high ms|loss|بنق|بينج/iu,
	crash_reported: /crash|blue screen|bsod|black screen|restart|يطفي|كراش/iu
};

const wholeNumber = (min: number, max: number, field: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{1,5}$/, { message: `${field}.not_a_number` })
		.transform(Number)
		.pipe(
			z
				.number()
				.min(min, { message: `${field}.out_of_range` })
				.max(max, { message: `${field}.out_of_range` })
		);

/** The modal's raw text answers. Error messages are locale keys under `assessment:errors`. */
export const quickAnswersSchema = z.object({
	gpu: z.string().trim().min(2, { message: 'gpu.too_short' }).max(100, { message: 'gpu.too_long' }),
	fps: wholeNumber(1, 1000, 'fps'),
	refresh: wholeNumber(24, 1000, 'refresh'),
	problems: z.string().trim().max(1000, { message: 'problems.too_long' }).default('')
});
export type QuickAnswers = z.output<typeof quickAnswersSchema>;

export type QuickParse = { ok: true; answers: QuickAnswers } | { ok: false; errors: string[] };

export function parseQuickAnswers(raw: Record<string, string | undefined>): QuickParse {
	const result = quickAnswersSchema.safeParse(raw);
	if (result.success) return { ok: true, answers: result.data };
	return { ok: false, errors: [...new Set(result.error.issues.map((issue) => issue.message))] };
}

export interface QuickResult {
	recommendation: Recommendation;
	reasons: { id: QuickReason; severity: 'critical' | 'warning' }[];
}

export function assessQuickAnswers(answers: QuickAnswers): QuickResult {
	const found = new Set<QuickReason>();
	if (answers.fps < answers.refresh * 0.75) found.add('fps_far_below_refresh');
	else if (answers.fps < answers.refresh) found.add('fps_below_refresh');
	for (const [reason, pattern] of Object.entries(mentions) as [QuickReason, RegExp][]) {
		if (pattern.test(answers.problems)) found.add(reason);
	}
	const reasons = QUICK_REASONS.filter((id) => found.has(id)).map((id) => ({
		id,
		severity: critical.has(id) ? ('critical' as const) : ('warning' as const)
	}));
	const criticalCount = reasons.filter((reason) => reason.severity === 'critical').length;
	return { recommendation: recommend(criticalCount, reasons.length - criticalCount), reasons };
}
