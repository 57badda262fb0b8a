import type { CaptureReading } from '../frametimes/read.ts';
import type { Db } from './db.ts';

export type CaptureSource = 'dm_attachment' | 'slash_upload';
export type CapturePhase = 'before' | 'after';

/** The figures of a stored capture, as the report card and the staff view need them. */
export type CaptureFigures = {
	id: string;
	avg_fps: number;
	p1_fps: number;
	p01_fps: number;
	stutters: number;
	duration_s: number;
	chart_ms: number[];
	created_at: Date;
};

export interface StoredCapture {
	id: string;
	phase: CapturePhase;
	bookingId: string | null;
	/** For an `after` capture: the session's baseline (the latest `before` capture taken before the session). */
	baseline: CaptureFigures | null;
}

/** How long after a completed session a capture still counts as its `after` run. */
export const AFTER_WINDOW_DAYS = 30;

const FIGURES = `id, avg_fps::float8 as avg_fps, p1_fps::float8 as p1_fps, p01_fps::float8 as p01_fps, stutters,
	duration_s::float8 as duration_s, chart_ms::float8[] as chart_ms, created_at`;

/**
 * Stores a capture and decides what it is, in one transaction: the first capture after the member's latest completed
 * session (within 30 days) is that session's `after` run; any other is a `before` baseline, tied to the member's next
 * scheduled session when there is one. The member's row is locked so two uploads at once cannot both be `after`.
 */
export async function insertCapture(
	db: Db,
	memberId: string,
	source: CaptureSource,
	reading: CaptureReading,
	chartMs: number[]
): Promise<StoredCapture> {
	return db.transaction(async (tx) => {
		await tx.query('select id from public.members where id = $1 for update', [memberId]);
		const [completed] = await tx.query<{ id: string; starts_at: Date }>(
			`select b.id, b.starts_at from public.bookings b
			 where b.member_id = $1 and b.status = 'completed' and b.completed_at > now() - make_interval(days => $2)
				and not exists (select 1 from public.captures c where c.booking_id = b.id and c.phase = 'after')
			 order by b.completed_at desc limit 1`,
			[memberId, AFTER_WINDOW_DAYS]
		);
		const [upcoming] = completed
			? []
			: await tx.query<{ id: string }>(
					`select id from public.bookings where member_id = $1 and status = 'scheduled' and starts_at > now() order by starts_at limit 1`,
					[memberId]
				);
		const phase: CapturePhase = completed ? 'after' : 'before';
		const bookingId = completed?.id ?? upcoming?.id ?? null;
		const [row] = await tx.query<{ id: string }>(
			`insert into public.captures (member_id, booking_id, phase, source, format, application, frames, duration_s, avg_fps, p1_fps, p01_fps, stutters, chart_ms)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::real[]) returning id`,
			[
				memberId,
				bookingId,
				phase,
				source,
				reading.format,
				reading.application,
				reading.frames,
				reading.duration_s,
				reading.avg_fps,
				reading.p1_fps,
				reading.p01_fps,
				reading.stutters,
				chartMs
			]
		);
		const baseline = completed
			? ((
					await tx.query<CaptureFigures>(
						`select ${FIGURES} from public.captures where member_id = $1 and phase = 'before' and created_at < $2 order by created_at desc limit 1`,
						[memberId, completed.starts_at]
					)
				)[0] ?? null)
			: null;
		return { id: row!.id, phase, bookingId, baseline };
	});
}

/**
 * Claims the posting of a session's report card to its booking thread: the thread's id once per `after` capture,
 * whichever process asks first; null when it was claimed already or the booking has no thread.
 */
export async function claimStaffCard(db: Db, captureId: string): Promise<string | null> {
	const [row] = await db.query<{ thread_channel_id: string }>(
		`update public.captures c set staff_card_posted_at = now() from public.bookings b
		 where c.id = $1 and b.id = c.booking_id and b.thread_channel_id is not null and c.staff_card_posted_at is null
		 returning b.thread_channel_id`,
		[captureId]
	);
	return row?.thread_channel_id ?? null;
}

/**
 * The diagnostic findings a session fixed: those of the member's latest diagnostic before the session that their
 * latest diagnostic since its start no longer has. Empty without a diagnostic on both sides.
 */
export async function findingsFixed(db: Db, bookingId: string): Promise<string[]> {
	const [row] = await db.query<{ before: { id: string }[] | null; after: { id: string }[] | null }>(
		`select
			(select d.findings from public.diagnostics d where d.member_id = b.member_id and d.created_at < b.starts_at order by d.created_at desc limit 1) as before,
			(select d.findings from public.diagnostics d where d.member_id = b.member_id and d.created_at >= b.starts_at order by d.created_at desc limit 1) as after
		 from public.bookings b where b.id = $1`,
		[bookingId]
	);
	if (!row?.before || !row.after) return [];
	const remaining = new Set(row.after.map((finding) => finding.id));
	return row.before.map((finding) => finding.id).filter((id) => !remaining.has(id));
}
