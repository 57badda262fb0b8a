import { describe, expect, test } from 'vitest';
import { upsertMember } from '../../src/lib/data/members.ts';
import { reviewTestimonial, submitTestimonial } from '../../src/lib/data/testimonials.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

describe.each(databaseTargets())('testimonials on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function completedBooking(discordUserId: string): Promise<string> {
		const member = await upsertMember(database.db, { discordUserId });
		const row = await make.booking(database.db, {
			member_id: member.id,
			status: 'completed',
			starts_at: make.ago('3 hours'),
			ends_at: make.ago('1 hour'),
			price_aed: 399
		});
		return row.id;
	}

	const answers = (rating: number, feedback = '') => ({ rating, fpsBefore: undefined, fpsAfter: undefined, feedback });
	const planned = (id: string) =>
		database.db.query<{ kind: string; dedupe_key: string }>(
			`select kind, dedupe_key from public.notifications where payload ->> 'testimonial_id' = $1 order by created_at, kind`,
			[id]
		);

	test('one row per booking; each revision gets its own review card; only the booking’s member can submit', async () => {
		const booking = await completedBooking('700000000000000001');
		expect(await submitTestimonial(database.db, booking, '700000000000000009', answers(10))).toBeNull();
		const first = await submitTestimonial(database.db, booking, '700000000000000001', answers(10));
		const second = await submitTestimonial(database.db, booking, '700000000000000001', answers(8, 'edited'));
		expect(second).toEqual({ ...first, revision: 2 });
		expect((await planned(first!.id)).map((row) => row.dedupe_key)).toEqual([
			`testimonial-review:${first!.id}:1`,
			`testimonial-review:${first!.id}:2`
		]);
	});

	test('a low rating plans one ticket and one alert, however often it is resubmitted', async () => {
		const booking = await completedBooking('700000000000000002');
		const saved = await submitTestimonial(database.db, booking, '700000000000000002', answers(3));
		await submitTestimonial(database.db, booking, '700000000000000002', answers(2));
		const kinds = (await planned(saved!.id)).map((row) => row.kind).sort();
		expect(kinds).toEqual(['low_rating_ticket', 'staff_alert', 'testimonial_review', 'testimonial_review']);
	});

	test('staff decide on the revision they saw: a stale card cannot approve an edited review; the first decision wins', async () => {
		const booking = await completedBooking('700000000000000003');
		const saved = await submitTestimonial(database.db, booking, '700000000000000003', answers(9));
		await submitTestimonial(database.db, booking, '700000000000000003', answers(9, 'unreviewed text'));
		expect(await reviewTestimonial(database.db, saved!.id, 1, { approve: true, actor: 'coach' })).toEqual({ ok: false, reason: 'changed' });
		const decisions = await Promise.all([
			reviewTestimonial(database.db, saved!.id, 2, { approve: true, actor: 'coach' }),
			reviewTestimonial(database.db, saved!.id, 2, { approve: false, actor: 'other', reason: 'no' })
		]);
		expect(decisions.filter((decision) => decision.ok)).toHaveLength(1);
		expect(decisions.find((decision) => !decision.ok)).toEqual({ ok: false, reason: 'already_reviewed' });
		expect(await reviewTestimonial(database.db, '00000000-0000-0000-0000-000000000000', 1, { approve: true, actor: 'coach' })).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});
});
