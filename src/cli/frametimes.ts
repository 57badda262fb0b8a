import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readCapture, type CaptureReading, type CaptureRefusal } from '../lib/frametimes/index.ts';
import { sourceDir } from '../lib/paths.ts';
import type { Io } from './output.ts';

const LOCALE_FILE = join(sourceDir, 'languages', 'en-US', 'frametimes.json');

/** A local file is not an upload: the CLI reads long captures too, up to a size no capture reaches. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * `fpsos frametimes <file> [--json]`: the bot's reading of a frame-time capture. Exit 0 with the reading (one JSON
 * object with --json); exit 2 with one readable line on stderr and nothing on stdout when the file is not a capture.
 */
export async function runFrametimes(file: string, options: { json: boolean }, io: Io): Promise<number> {
	const refusals = (JSON.parse(await readFile(LOCALE_FILE, 'utf8')) as { refusals: Record<CaptureRefusal, string> }).refusals;
	let problem: string;
	try {
		const info = await stat(file);
		if (!info.isFile()) problem = 'not a file.';
		else if (info.size > MAX_FILE_BYTES) problem = refusals.not_capture;
		else {
			const outcome = readCapture(await readFile(file));
			if (outcome.ok) {
				io.out(options.json ? JSON.stringify(outcome.capture.reading) : humanSummary(file, outcome.capture.reading));
				return 0;
			}
			problem = refusals[outcome.reason];
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		problem = code === 'ENOENT' ? 'no such file.' : code === 'EACCES' || code === 'EPERM' ? 'permission denied.' : 'the file cannot be read.';
	}
	io.err(`fpsos frametimes: ${file}: ${problem}`);
	return 2;
}

function humanSummary(file: string, reading: CaptureReading): string {
	return [
		`Frame-time capture: ${file} (${reading.format})`,
		`${reading.application}: ${reading.frames} frames over ${reading.duration_s} s`,
		`Average ${reading.avg_fps} FPS, 1% low ${reading.p1_fps} FPS, 0.1% low ${reading.p01_fps} FPS`,
		`Stutters (frames over twice the median frame time): ${reading.stutters}`
	].join('\n');
}
