/** Types shared by the rules, the scoring and the analyzer's result. */

/** Stable rule ids, in the order of the rules table (shared/DESIGN.md); findings of one severity keep it. */
export const RULE_IDS = [
	'ram_xmp_off',
	'ram_single_channel',
	'refresh_rate_low',
	'gpu_driver_very_old',
	'gpu_driver_old',
	'power_plan',
	'game_mode_off',
	'game_dvr_on',
	'memory_integrity_on',
	'low_ram',
	'low_disk',
	'startup_apps',
	'mouse_acceleration_on',
	'wifi_connection'
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'critical' | 'warning';

export type Recommendation = 'extreme' | 'full' | 'quick' | 'good';

/** The values a rule's message template interpolates (`{{current_hz}}`). */
export type FindingDetails = Record<string, string | number>;

export interface Finding {
	id: RuleId;
	severity: Severity;
	details: FindingDetails;
}
