import { describe, expect, test } from 'vitest';
import { claimStaffCard, findingsFixed, insertCapture } from '../../src/lib/data/captures.ts';
import { eraseMemberData, exportMemberData } from '../../src/lib/data/member-data.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import type { CaptureReading } from '../../src/lib/frametimes/index.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

const reading = (avg: number): CaptureReading => ({ format: 'presentmon-2', application: 'cs2.exe', frames: 12_000, duration_s: 60, avg_fps: avg, p1_fps: avg / 2, p01_fps: avg / 3, stutters: 4 });

describe.each(databaseTargets())('frame-time captures on $name', (target) => {
	const database = useMigratedDatabase(target);
	let sequence = 0;

	async function memberWithBooking(status: 'scheduled' | 'completed', startsIn: string) {
		const { db } = database;
		sequence += 1;
		const member = await upsertMember(db, { discordUserId: `61000000000000${String(sequence).padStart(4, '0')}`, username: `player${sequence}` });
		const [booking] = await db.query<{ id: string }>(
			`insert into public.bookings (calendly_invitee_uri, member_id, package_code, status, starts_at, ends_at, completed_at, thread_channel_id)
			 values ($1, $2, 'full', $3, now() + $4::interval, now() + $4::interval + interval '1 hour', case when $3 = 'completed' then now() end, $5) returning id`,
			[`https://api.calendly.com/scheduled_events/CAP${sequence}/invitees/CAP${sequence}`, member.id, status, startsIn, `71000000000000${String(sequence).padStart(4, '0')}`]
		);
		return { member, bookingId: booking!.id };
	}

	test('before a session a capture is the baseline, tied to the upcoming session', async () => {
		const { member, bookingId } = await memberWithBooking('scheduled', '2 days');
		const stored = await insertCapture(database.db, member.id, 'dm_attachment', reading(200), [5, 5.2]);
		expect(stored).toMatchObject({ phase: 'before', bookingId, baseline: null });
	});

	test('the first capture after a completed session is its after run, with the latest baseline taken before it; the next one is a baseline again', async () => {
		const { db } = database;
		const { member, bookingId } = await memberWithBooking('completed', '-2 hours');
		await db.query(`insert into public.captures (member_id, phase, source, format, application, frames, duration_s, avg_fps, p1_fps, p01_fps, stutters, chart_ms, created_at)
			values ($1, 'before', 'dm_attachment', 'ocat', 'cs2.exe', 9000, 45, 180.5, 90.2, 60.1, 12, '{6,7,30}', now() - interval '3 days'),
			       ($1, 'before', 'dm_attachment', 'ocat', 'cs2.exe', 9000, 45, 150, 70, 50, 20, '{8}', now() - interval '5 days')`, [member.id]);
		const after = await insertCapture(db, member.id, 'slash_upload', reading(260), [4, 4.1]);
		expect(after).toMatchObject({ phase: 'after', bookingId });
		expect(after.baseline).toMatchObject({ avg_fps: 180.5, p1_fps: 90.2, stutters: 12, chart_ms: [6, 7, 30] });

		const again = await insertCapture(db, member.id, 'dm_attachment', reading(265), [4]);
		expect(again).toMatchObject({ phase: 'before', bookingId: null, baseline: null });
	});

	test('two uploads at once: exactly one is the after run', async () => {
		const { member } = await memberWithBooking('completed', '-2 hours');
		const both = await Promise.all([insertCapture(database.db, member.id, 'dm_attachment', reading(240), [4]), insertCapture(database.db, member.id, 'dm_attachment', reading(241), [4])]);
		expect(both.map((stored) => stored.phase).sort()).toEqual(['after', 'before']);
	});

	test('the staff card is claimed once, and only where the booking has a thread', async () => {
		const { member } = await memberWithBooking('completed', '-1 hour');
		const after = await insertCapture(database.db, member.id, 'dm_attachment', reading(240), [4]);
		const claims = await Promise.all([claimStaffCard(database.db, after.id), claimStaffCard(database.db, after.id)]);
		expect(claims.filter((thread) => thread !== null)).toHaveLength(1);
	});

	test('findings fixed: those of the diagnostic before the session that the one after no longer has', async () => {
		const { db } = database;
		const { member, bookingId } = await memberWithBooking('completed', '-3 hours');
		const diagnostic = (findings: string[], at: string) =>
			db.query(
				`insert into public.diagnostics (member_id, source, schema_version, generated_at, rules_version, raw, file_bytes, critical_count, warning_count, recommendation, findings, created_at)
				 values ($1, 'dm_attachment', 'fpsos-diagnostic/1', now(), '1', '{}'::jsonb, 2, 0, 0, 'full', $2, now() + $3::interval)`,
				[member.id, findings.map((id) => ({ id, severity: 'warning', details: {} })), at]
			);
		expect(await findingsFixed(db, bookingId)).toEqual([]);
		await diagnostic(['ram_xmp_off', 'game_dvr_on', 'wifi_connection'], '-1 day');
		expect(await findingsFixed(db, bookingId)).toEqual([]);
		await diagnostic(['wifi_connection'], '-1 hour');
		expect(await findingsFixed(db, bookingId)).toEqual(['ram_xmp_off', 'game_dvr_on']);
	});

	test("a member's export lists their captures, and erasure deletes them", async () => {
		const { member } = await memberWithBooking('scheduled', '1 day');
		await insertCapture(database.db, member.id, 'dm_attachment', reading(199), [5]);
		const exported = await exportMemberData(database.db, member.discord_user_id);
		expect(exported?.captures).toEqual([expect.objectContaining({ phase: 'before', format: 'presentmon-2', frames: 12_000 })]);
		await eraseMemberData(database.db, member.discord_user_id);
		expect(await database.db.query('select id from public.captures where member_id = $1', [member.id])).toEqual([]);
	});
});
