import type { Recommendation, RuleId } from './findings.ts';
import type { RefusalReason } from './refusal.ts';

/** The i18next namespace of the diagnostic texts: `src/languages/<locale>/diagnostics.json`. */
export const DIAGNOSTICS_NAMESPACE = 'diagnostics';

/** `diagnostics:rules.<id>.title` / `.fix`; the finding's details are the interpolation values. */
export function ruleTextKeys(id: RuleId): { title: string; fix: string } {
	return { title: `${DIAGNOSTICS_NAMESPACE}:rules.${id}.title`, fix: `${DIAGNOSTICS_NAMESPACE}:rules.${id}.fix` };
}

/** `diagnostics:refusals.<reason>`: what went wrong and how to get the right file. */
export function refusalTextKey(reason: RefusalReason): string {
	return `${DIAGNOSTICS_NAMESPACE}:refusals.${reason}`;
}

/** `diagnostics:recommendations.<recommendation>`: one sentence under the findings. */
export function recommendationTextKey(recommendation: Recommendation): string {
	return `${DIAGNOSTICS_NAMESPACE}:recommendations.${recommendation}`;
}
