import type { FindingDetails, RuleId, Severity } from './findings.ts';
import type { Diagnostic } from './schema.ts';

/** Bumped whenever a rule, a threshold or the scoring changes meaning. */
export const RULES_VERSION = 1;

/** What one rule concluded: its inputs were missing, it passed, or it fired with these details. */
export type RuleOutcome = { evaluated: false } | { evaluated: true; details: FindingDetails | null };

export interface Rule {
	id: RuleId;
	severity: Severity;
	evaluate(diagnostic: Diagnostic): RuleOutcome;
}

const notEvaluated: RuleOutcome = { evaluated: false };
const passed: RuleOutcome = { evaluated: true, details: null };
const fired = (details: FindingDetails = {}): RuleOutcome => ({ evaluated: true, details });

const DAY_MS = 86_400_000;
const round1 = (value: number) => Math.round(value * 10) / 10;

interface GpuAge {
	gpu: string;
	days: number;
	driver_date: string;
	driver_version?: string;
}

/** Each GPU's driver age in whole days at the time the diagnostic was taken. */
function gpuDriverAges(diagnostic: Diagnostic): GpuAge[] {
	const generatedAt = diagnostic.generated_at.getTime();
	return (diagnostic.gpus ?? []).flatMap((gpu, index) => {
		if (!gpu.driver_date) return [];
		const age: GpuAge = {
			gpu: gpu.name ?? `GPU ${index + 1}`,
			days: Math.floor((generatedAt - gpu.driver_date.getTime()) / DAY_MS),
			driver_date: gpu.driver_date.toISOString().slice(0, 10)
		};
		if (gpu.driver_version) age.driver_version = gpu.driver_version;
		return [age];
	});
}

/** One finding per rule: the GPU with the oldest driver in the rule's age band is named. */
function gpuDriverRule(inBand: (days: number) => boolean) {
	return (diagnostic: Diagnostic): RuleOutcome => {
		const ages = gpuDriverAges(diagnostic);
		if (ages.length === 0) return notEvaluated;
		const oldest = ages.filter((age) => inBand(age.days)).sort((a, b) => b.days - a.days)[0];
		return oldest ? fired({ ...oldest }) : passed;
	};
}

const FAST_POWER_PLANS = ['high performance', 'ultimate performance'];

export const RULES: readonly Rule[] = [
	{
		id: 'ram_xmp_off',
		severity: 'critical',
		evaluate: ({ memory }) => {
			const speed = memory?.speed_mhz;
			const rated = memory?.rated_speed_mhz;
			if (speed === undefined || rated === undefined) return notEvaluated;
			// speed < 0.9 x rated, in integers so that exactly 0.9 x never fires through rounding.
			return speed * 10 < rated * 9 ? fired({ speed_mhz: Math.round(speed), rated_speed_mhz: Math.round(rated) }) : passed;
		}
	},
	{
		id: 'ram_single_channel',
		severity: 'critical',
		evaluate: ({ memory }) => {
			if (memory?.modules === undefined) return notEvaluated;
			return memory.modules === 1 ? fired({ modules: 1 }) : passed;
		}
	},
	{
		id: 'refresh_rate_low',
		severity: 'critical',
		evaluate: ({ displays }) => {
			const display = displays?.find((entry) => entry.primary === true) ?? displays?.[0];
			const current = display?.current_hz;
			const max = display?.max_hz;
			if (current === undefined || max === undefined) return notEvaluated;
			return current < max - 1 ? fired({ current_hz: Math.round(current), max_hz: Math.round(max) }) : passed;
		}
	},
	{ id: 'gpu_driver_very_old', severity: 'critical', evaluate: gpuDriverRule((days) => days > 365) },
	{ id: 'gpu_driver_old', severity: 'warning', evaluate: gpuDriverRule((days) => days > 180 && days <= 365) },
	{
		id: 'power_plan',
		severity: 'warning',
		evaluate: ({ os }) => {
			if (os?.power_plan === undefined) return notEvaluated;
			const name = os.power_plan.toLowerCase();
			return FAST_POWER_PLANS.some((plan) => name.includes(plan)) ? passed : fired({ power_plan: os.power_plan });
		}
	},
	{
		id: 'game_mode_off',
		severity: 'warning',
		evaluate: ({ os }) => (os?.game_mode === undefined ? notEvaluated : os.game_mode ? passed : fired())
	},
	{
		id: 'game_dvr_on',
		severity: 'warning',
		evaluate: ({ os }) => (os?.game_dvr === undefined ? notEvaluated : os.game_dvr ? fired() : passed)
	},
	{
		id: 'memory_integrity_on',
		severity: 'warning',
		evaluate: ({ os }) => (os?.memory_integrity === undefined ? notEvaluated : os.memory_integrity ? fired() : passed)
	},
	{
		id: 'low_ram',
		severity: 'warning',
		evaluate: ({ memory }) => {
			if (memory?.total_gb === undefined) return notEvaluated;
			return memory.total_gb < 16 ? fired({ total_gb: round1(memory.total_gb) }) : passed;
		}
	},
	{
		id: 'low_disk',
		severity: 'warning',
		evaluate: ({ storage }) => {
			const free = storage?.system_free_gb;
			if (free === undefined) return notEvaluated;
			const total = storage?.system_total_gb;
			const hasTotal = total !== undefined && total > 0;
			if (free >= 20 && !(hasTotal && free < total * 0.1)) return passed;
			return fired({
				free_gb: round1(free),
				...(hasTotal ? { total_gb: round1(total), percent_free: Math.round((free / total) * 100) } : {})
			});
		}
	},
	{
		id: 'startup_apps',
		severity: 'warning',
		evaluate: ({ startup_apps: count }) => (count === undefined ? notEvaluated : count > 10 ? fired({ count }) : passed)
	},
	{
		id: 'mouse_acceleration_on',
		severity: 'warning',
		evaluate: ({ input }) => (input?.mouse_acceleration === undefined ? notEvaluated : input.mouse_acceleration ? fired() : passed)
	},
	{
		id: 'wifi_connection',
		severity: 'warning',
		evaluate: ({ network }) => {
			if (network?.connection === undefined) return notEvaluated;
			return isWifi(network.connection) ? fired() : passed;
		}
	}
];

/** "wifi" per the contract; "Wi-Fi" and "wireless" are read the same way. */
function isWifi(connection: string): boolean {
	const name = connection.toLowerCase().replace(/[^a-z]/g, '');
	return name === 'wifi' || name === 'wireless' || name === 'wlan';
}
