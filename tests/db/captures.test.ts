import { describe, expect, test } from 'vitest';
import { claimStaffCard, findingsFixed, insertCapture } from '../../src/lib/data/captures.ts';
import { eraseMemberData, exportMemberData } from '../../src/lib/data/member-data.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import type { CaptureReading } from '../../src/lib/frametimes/index.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

const reading = (avg: number): CaptureReading => ({
	format: 'presentmon-2',
	application: 'cs2.exe',
	frames: 12_000,
	duration_s: 60,
	avg_fps: avg,
	p1_fps: avg / 2,
	p01_fps: avg / 3,
	stutters: 4
});

describe.each(databaseTargets())('frame-time captures on $name', (target) => {
	const database = useMigratedDatabase(target);
	let sequence = 0;

	async function memberWithBooking(status: 'scheduled' | 'completed', startsIn: string) {
		const { db } = database;
		sequence += 1;
		const member = await upsertMember(db, { discordUserId: `61000000000000${String(sequence).padStart(4, '0')}`, username: `player${sequence}` });
		const booking = await make.booking(db, {
			member_id: member.id,
			status,
			starts_at: make.fromNow(startsIn),
			completed_at: status === 'completed' ? make.sql`now()` : null,
			thread_channel_id: `71000000000000${String(sequence).padStart(4, '0')}`
		});
		return { member, bookingId: booking.id };
	}

	test('before a session a capture is the baseline, tied to the upcoming session', async () => {
		const { member, bookingId } = await memberWithBooking('scheduled', '2 days');
		const stored = await insertCapture(database.db, member.id, 'dm_attachment', reading(200), [5, 5.2]);
		expect(stored).toMatchObject({ phase: 'before', bookingId, baseline: null });
	});

	test('the first capture after a completed session is its after run, with the latest baseline taken before it; the next one is a baseline again', async () => {
		const { db } = database;
		const { member, bookingId } = await memberWithBooking('completed', '-2 hours');
		const ocat = { member_id: member.id, format: 'ocat', frames: 9000, duration_s: 45 };
		await make.capture(db, {
			...ocat,
			avg_fps: 180.5,
			p1_fps: 90.2,
			p01_fps: 60.1,
			stutters: 12,
			chart_ms: '{6,7,30}',
			created_at: make.ago('3 days')
		});
		await make.capture(db, { ...ocat, avg_fps: 150, p1_fps: 70, p01_fps: 50, stutters: 20, chart_ms: '{8}', created_at: make.ago('5 days') });
		const after = await insertCapture(db, member.id, 'slash_upload', reading(260), [4, 4.1]);
		expect(after).toMatchObject({ phase: 'after', bookingId });
		expect(after.baseline).toMatchObject({ avg_fps: 180.5, p1_fps: 90.2, stutters: 12, chart_ms: [6, 7, 30] });

		const again = await insertCapture(db, member.id, 'dm_attachment', reading(265), [4]);
		expect(again).toMatchObject({ phase: 'before', bookingId: null, baseline: null });
	});

	test('two uploads at once: exactly one is the after run', async () => {
		const { member } = await memberWithBooking('completed', '-2 hours');
		const both = await Promise.all([
			insertCapture(database.db, member.id, 'dm_attachment', reading(240), [4]),
			insertCapture(database.db, member.id, 'dm_attachment', reading(241), [4])
		]);
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
			make.diagnostic(db, {
				member_id: member.id,
				file_bytes: 2,
				findings: findings.map((id) => ({ id, severity: 'warning', details: {} })),
				created_at: make.fromNow(at)
			});
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
