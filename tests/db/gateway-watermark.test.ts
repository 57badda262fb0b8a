import { describe, expect, test } from 'vitest';
import { advanceGatewayWatermark, latestErasure, membersAwaitingScreening, readGatewayWatermark } from '../../src/lib/data/gateway-watermark.ts';
import { eraseMemberData } from '../../src/lib/data/member-data.ts';
import { recordJoin, upsertMember } from '../../src/lib/data/members.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

describe.each(databaseTargets())('the gateway watermark on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('none before the first connection; the first advance sets both times; later ones move seen_at forward only, whoever writes', async () => {
		const { db } = database;
		expect(await readGatewayWatermark(db)).toBeNull();
		const first = new Date('2026-12-01T10:00:00Z');
		await advanceGatewayWatermark(db, first);
		expect(await readGatewayWatermark(db)).toEqual({ firstSeenAt: first, seenAt: first });
		const later = new Date('2026-12-01T10:05:00Z');
		await Promise.all([advanceGatewayWatermark(db, later), advanceGatewayWatermark(db, new Date('2026-12-01T10:01:00Z'))]);
		await advanceGatewayWatermark(db, new Date('2026-12-01T09:00:00Z'));
		expect(await readGatewayWatermark(db)).toEqual({ firstSeenAt: first, seenAt: later });
	});

	test('the latest erasure and the members awaiting rules screening are what the reconciliation asks for', async () => {
		const { db } = database;
		expect(await latestErasure(db)).toBeNull();
		const pending = await upsertMember(db, { discordUserId: '300000000000000001', username: 'pending' });
		await recordJoin(db, pending.id, new Date(), false);
		const screened = await upsertMember(db, { discordUserId: '300000000000000002', username: 'screened' });
		await recordJoin(db, screened.id, new Date(), true);
		await upsertMember(db, { discordUserId: '300000000000000003', username: 'never-joined' });
		const erased = await upsertMember(db, { discordUserId: '300000000000000004', username: 'erased' });
		await recordJoin(db, erased.id, new Date(), false);
		expect(await membersAwaitingScreening(db)).toEqual(new Set(['300000000000000001', '300000000000000004']));
		await eraseMemberData(db, '300000000000000004');
		expect(await membersAwaitingScreening(db)).toEqual(new Set(['300000000000000001']));
		expect((await latestErasure(db))?.getTime()).toBeGreaterThan(Date.now() - 60_000);
	});
});
