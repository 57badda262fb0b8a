/**
 * Diagnostic analyzer benchmark (target from shared/DESIGN.md: a 1 MiB file accepted or refused in < 50 ms).
 * Run: npx tsx bench/diagnostic.ts [runs]
 * Prints p50/p99 per case, then one JSON line with the accept and refuse figures.
 */
import { analyzeDiagnostic, MAX_DIAGNOSTIC_BYTES, type RefusalReason } from '../src/lib/diagnostics/index.ts';

const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 20;
const TARGET_MS = 50;

const encoder = new TextEncoder();

/** A real-looking diagnostic padded close to 1 MiB with an unknown key (ignored by the analyzer). */
function largeValidText(): string {
	const base = {
		schema: 'fpsos-diagnostic/1',
		tool_version: '1.0.0',
		generated_at: '2026-01-12T10:00:00.1234567Z',
		os: {
			name: 'Microsoft Windows 11 Pro',
			build: 22631,
			power_plan: 'Balanced',
			game_mode: true,
			game_dvr: true,
			hags: false,
			memory_integrity: true
		},
		cpu: { name: 'AMD Ryzen 7 5800X3D 8-Core Processor', cores: 8, threads: 16 },
		gpus: [{ name: 'NVIDIA GeForce RTX 3070', driver_version: '31.0.15.5222', driver_date: '2024-03-01T00:00:00.0000000Z' }],
		memory: { total_gb: 16, modules: 2, speed_mhz: 2133, rated_speed_mhz: 3200 },
		displays: [{ primary: true, current_hz: 60, max_hz: 144 }],
		storage: { system_free_gb: 40.5, system_total_gb: 476.9 },
		network: { connection: 'ethernet', ping_ms: 14 },
		input: { mouse_acceleration: true },
		startup_apps: 12,
		startup_entries: [] as { name: string; command: string; location: string }[]
	};
	const budget = MAX_DIAGNOSTIC_BYTES - 2_048;
	let size = JSON.stringify(base).length;
	for (let i = 0; size < budget; i++) {
		const entry = {
			name: `Startup app ${i}`,
			command: `"C:\\Program Files\\Vendor ${i % 97}\\Updater\\updater.exe" --background --id=${i}`,
			location: 'HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'
		};
		size += JSON.stringify(entry).length + 1;
		if (size < budget) base.startup_entries.push(entry);
	}
	return JSON.stringify(base);
}

function utf16le(text: string): Uint8Array {
	const bytes = new Uint8Array(2 + text.length * 2);
	bytes[0] = 0xff;
	bytes[1] = 0xfe;
	for (let i = 0; i < text.length; i++) {
		bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
		bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
	}
	return bytes;
}

/** 1 MiB whose nesting only gets too deep after a long string: the pre-scan has to read it all. */
function deepAtTheEnd(): Uint8Array {
	const head = '{"schema":"fpsos-diagnostic/1","generated_at":"2026-01-12T10:00:00Z","note":"';
	const tail = `","deep":${'['.repeat(100)}${']'.repeat(100)}}`;
	return encoder.encode(head + 'x'.repeat(MAX_DIAGNOSTIC_BYTES - head.length - tail.length) + tail);
}

interface Case {
	name: string;
	kind: 'accept' | 'refuse';
	bytes: Uint8Array;
	expected: 'accepted' | RefusalReason;
}

const valid = largeValidText();
const validUtf16Text = valid.slice(0, Math.floor(MAX_DIAGNOSTIC_BYTES / 2) - 1_024).replace(/,\{[^{}]*$/, ']}');
const cases: Case[] = [
	{ name: 'accept 1 MiB UTF-8', kind: 'accept', bytes: encoder.encode(valid), expected: 'accepted' },
	{ name: 'accept 1 MiB UTF-16 LE', kind: 'accept', bytes: utf16le(validUtf16Text), expected: 'accepted' },
	{ name: 'refuse 1 MiB of [', kind: 'refuse', bytes: encoder.encode('['.repeat(MAX_DIAGNOSTIC_BYTES)), expected: 'too_deep' },
	{ name: 'refuse 1 MiB deep at the end', kind: 'refuse', bytes: deepAtTheEnd(), expected: 'too_deep' },
	{ name: 'refuse 1 MiB not JSON', kind: 'refuse', bytes: encoder.encode(`{${valid.slice(1, -2)}`), expected: 'not_json' },
	{ name: 'refuse 1 MiB + 1 byte', kind: 'refuse', bytes: encoder.encode(valid.padEnd(MAX_DIAGNOSTIC_BYTES + 1)), expected: 'too_large' }
];

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 1_000) / 1_000;
const samples = { accept: [] as number[], refuse: [] as number[] };
const perCase: Record<string, { bytes: number; p50_ms: number; p99_ms: number }> = {};

for (const entry of cases) {
	const outcome = analyzeDiagnostic(entry.bytes);
	const got = outcome.ok ? 'accepted' : outcome.reason;
	if (got !== entry.expected) throw new Error(`${entry.name}: expected ${entry.expected}, got ${got}`);
	for (let i = 0; i < WARMUP; i++) analyzeDiagnostic(entry.bytes);
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		analyzeDiagnostic(entry.bytes);
		times.push(performance.now() - started);
	}
	samples[entry.kind].push(...times);
	times.sort((a, b) => a - b);
	perCase[entry.name] = { bytes: entry.bytes.length, p50_ms: round(percentile(times, 50)), p99_ms: round(percentile(times, 99)) };
	console.log(
		`${entry.name.padEnd(28)} ${String(entry.bytes.length).padStart(8)} B  p50 ${perCase[entry.name]!.p50_ms.toFixed(3).padStart(8)} ms  p99 ${perCase[entry.name]!.p99_ms.toFixed(3).padStart(8)} ms`
	);
}

const summary = (times: number[]) => {
	const sorted = [...times].sort((a, b) => a - b);
	return { p50_ms: round(percentile(sorted, 50)), p99_ms: round(percentile(sorted, 99)) };
};
const accept = summary(samples.accept);
const refuse = summary(samples.refuse);
console.log(
	JSON.stringify({
		bench: 'diagnostic',
		runs: RUNS,
		target_ms: TARGET_MS,
		accept,
		refuse,
		within_target: accept.p99_ms < TARGET_MS && refuse.p99_ms < TARGET_MS,
		cases: perCase
	})
);
