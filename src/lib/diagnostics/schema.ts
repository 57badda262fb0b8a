import { z } from 'zod';
import { amount, count, date, flag, section, sectionList, strictDate, text } from './coerce.ts';

/**
 * The `fpsos-diagnostic/1` contract (shared/DESIGN.md). Only these keys are copied out of the parsed JSON;
 * every other key, `__proto__` and `constructor` included, is dropped.
 */
export const sectionShapes = {
	os: {
		name: text,
		build: count,
		power_plan: text,
		game_mode: flag,
		game_dvr: flag,
		hags: flag,
		memory_integrity: flag
	},
	cpu: { name: text, cores: count, threads: count },
	gpus: { name: text, driver_version: text, driver_date: date },
	memory: { total_gb: amount, modules: count, speed_mhz: amount, rated_speed_mhz: amount },
	displays: { primary: flag, current_hz: amount, max_hz: amount },
	storage: { system_free_gb: amount, system_total_gb: amount },
	network: { connection: text, ping_ms: amount },
	input: { mouse_acceleration: flag }
} as const;

/**
 * The optional benchmark: the tool's PresentMon step (only with the member's yes), read as the bot reads a capture
 * (src/lib/frametimes). The testimonial's measured badge and the report card prefer frame-time captures; a
 * diagnostic's average FPS is the fallback.
 */
export const measurementShape = { avg_fps: amount, p1_fps: amount, p01_fps: amount, frames: count, duration_s: amount } as const;

/** Sections that are lists of objects (a single GPU or display may arrive as a bare object). */
export const LIST_SECTIONS = ['gpus', 'displays'] as const;

/** Top-level values that are not sections. */
export const TOP_LEVEL_KEYS = ['schema', 'tool_version', 'generated_at', 'startup_apps'] as const;

export const diagnosticSchema = z.object({
	schema: z.string(),
	tool_version: text,
	generated_at: strictDate,
	os: section(sectionShapes.os),
	cpu: section(sectionShapes.cpu),
	gpus: sectionList(sectionShapes.gpus),
	memory: section(sectionShapes.memory),
	displays: sectionList(sectionShapes.displays),
	storage: section(sectionShapes.storage),
	network: section(sectionShapes.network),
	input: section(sectionShapes.input),
	startup_apps: count,
	performance: section(measurementShape)
});

export type Diagnostic = z.output<typeof diagnosticSchema>;

/** Every key the contract knows, as dotted paths (`os.power_plan`, `gpus.driver_date`, `startup_apps`). */
export function knownDiagnosticKeys(): string[] {
	const nested = Object.entries({ ...sectionShapes, performance: measurementShape }).flatMap(([name, shape]) =>
		Object.keys(shape).map((key) => `${name}.${key}`)
	);
	return [...TOP_LEVEL_KEYS, ...nested].sort();
}
