import { describe, expect, test } from 'vitest';
import { upsertMember } from '../../src/lib/data/members.ts';
import { claimRecheck } from '../../src/lib/data/rechecks.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

describe.each(databaseTargets())('three-month rechecks on $name', (target) => {
	const database = useMigratedDatabase(target);
	let sequence = 0;

	/** A member 92 days after a completed session; `asked`: when the three-month follow-up went out (or never). */
	async function memberAfterSession(asked: string | null) {
		const { db } = database;
		sequence += 1;
		const member = await upsertMember(db, { discordUserId: `62000000000000${String(sequence).padStart(4, '0')}`, username: `rc${sequence}` });
		const ninetyTwoDaysAgo = make.ago('92 days');
		const booking = await make.booking(db, {
			member_id: member.id,
			status: 'completed',
			starts_at: ninetyTwoDaysAgo,
			ends_at: ninetyTwoDaysAgo,
			completed_at: ninetyTwoDaysAgo
		});
		if (asked)
			await make.notification(db, {
				kind: 'reoptimize_offer',
				booking_id: booking.id,
				member_id: member.id,
				due_at: make.ago(asked),
				status: 'sent'
			});
		const diagnostic = async (findings: string[], at: string) =>
			(
				await make.diagnostic(db, {
					member_id: member.id,
					file_bytes: 2,
					findings: findings.map((id) => ({ id, severity: 'warning', details: {} })),
					created_at: make.ago(at)
				})
			).id;
		return { memberId: member.id, bookingId: booking.id, diagnostic };
	}

	test('compared with the diagnostic right after the session: what is wrong now and was not then; answered once', async () => {
		const { memberId, bookingId, diagnostic } = await memberAfterSession('1 day');
		await diagnostic(['ram_xmp_off', 'game_dvr_on', 'low_disk'], '93 days');
		await diagnostic(['low_disk'], '91 days');
		const fresh = await diagnostic(['game_dvr_on', 'low_disk', 'ram_xmp_off'], '0 days');
		expect(await claimRecheck(database.db, memberId, fresh)).toEqual({
			bookingId,
			baseline: 'after_session',
			slipped: ['game_dvr_on', 'ram_xmp_off']
		});
		expect(await claimRecheck(database.db, memberId, fresh)).toBeNull();
	});

	test('without a diagnostic after the session: what the session was there to fix and is wrong again', async () => {
		const { memberId, diagnostic } = await memberAfterSession('2 days');
		await diagnostic(['ram_xmp_off', 'wifi_connection'], '93 days');
		const fresh = await diagnostic(['wifi_connection', 'startup_apps'], '0 days');
		expect(await claimRecheck(database.db, memberId, fresh)).toMatchObject({ baseline: 'before_session', slipped: ['wifi_connection'] });
	});

	test('a check that fell due counts before the outbox records it as sent (the member can be that quick)', async () => {
		const { db } = database;
		const due = await memberAfterSession(null);
		await make.notification(db, { kind: 'reoptimize_offer', booking_id: due.bookingId, member_id: due.memberId, due_at: make.ago('1 second') });
		expect(await claimRecheck(db, due.memberId, await due.diagnostic(['ram_xmp_off'], '0 days'))).toMatchObject({
			baseline: 'none',
			slipped: ['ram_xmp_off']
		});
		const notYet = await memberAfterSession(null);
		await make.notification(db, {
			kind: 'reoptimize_offer',
			booking_id: notYet.bookingId,
			member_id: notYet.memberId,
			due_at: make.fromNow('1 day')
		});
		expect(await claimRecheck(db, notYet.memberId, await notYet.diagnostic(['ram_xmp_off'], '0 days'))).toBeNull();
	});

	test('not asked, or asked too long ago: no recheck', async () => {
		const never = await memberAfterSession(null);
		expect(await claimRecheck(database.db, never.memberId, await never.diagnostic(['ram_xmp_off'], '0 days'))).toBeNull();
		const stale = await memberAfterSession('45 days');
		expect(await claimRecheck(database.db, stale.memberId, await stale.diagnostic(['ram_xmp_off'], '0 days'))).toBeNull();
	});

	test('two diagnostics at once: one answers the check', async () => {
		const { memberId, diagnostic } = await memberAfterSession('1 hour');
		const [a, b] = [await diagnostic([], '0 days'), await diagnostic([], '0 days')];
		const results = await Promise.all([claimRecheck(database.db, memberId, a), claimRecheck(database.db, memberId, b)]);
		expect(results.filter((result) => result !== null)).toHaveLength(1);
	});
});
