import { insertCapture, type CaptureSource, type StoredCapture } from '../data/captures.ts';
import type { Db } from '../data/db.ts';
import { chartSeries, MAX_CAPTURE_BYTES, MIN_CAPTURE_SECONDS, readCapture, type CaptureReading, type CaptureRefusal } from '../frametimes/index.ts';
import { downloadLimited } from '../integrations/download.ts';
import type { UploadedFile } from './diagnostic-intake.ts';

export type CaptureIntakeRefusal = CaptureRefusal | 'too_large' | 'too_short' | 'download_failed';

export type CaptureIntakeOutcome =
	{ ok: true; reading: CaptureReading; stored: StoredCapture; chartMs: number[] } | { ok: false; reason: CaptureIntakeRefusal; seconds?: number };

/** Frame-time captures are CSV files; everything else a member uploads is taken for a diagnostic. */
export function isCaptureFile(name: string | null | undefined): boolean {
	return typeof name === 'string' && name.toLowerCase().endsWith('.csv');
}

/**
 * A member's frame-time capture from upload to stored reading: the declared size is checked before downloading, the
 * bytes again while downloading; a capture under 10 seconds is refused; a refused file stores nothing.
 */
export async function takeInCapture(db: Db, memberId: string, file: UploadedFile, source: CaptureSource): Promise<CaptureIntakeOutcome> {
	if (file.size > MAX_CAPTURE_BYTES) return { ok: false, reason: 'too_large' };
	const download = await downloadLimited(file.url, MAX_CAPTURE_BYTES);
	if (!download.ok) return { ok: false, reason: download.reason === 'too_large' ? 'too_large' : 'download_failed' };
	const outcome = readCapture(download.bytes);
	if (!outcome.ok) return { ok: false, reason: outcome.reason };
	const { reading, frameTimesMs } = outcome.capture;
	if (reading.duration_s < MIN_CAPTURE_SECONDS) return { ok: false, reason: 'too_short', seconds: Math.round(reading.duration_s * 10) / 10 };
	const chartMs = chartSeries(frameTimesMs);
	const stored = await insertCapture(db, memberId, source, reading, chartMs);
	return { ok: true, reading, stored, chartMs };
}
