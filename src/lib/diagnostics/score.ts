import type { Recommendation } from './findings.ts';

/**
 * The owner's rule: 2+ critical -> extreme; exactly 1 critical, or 3+ warnings -> full; 1-2 warnings -> quick;
 * nothing -> good.
 */
export function recommend(critical: number, warnings: number): Recommendation {
	if (critical >= 2) return 'extreme';
	if (critical === 1 || warnings >= 3) return 'full';
	if (warnings >= 1) return 'quick';
	return 'good';
}
