import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { listNotifications } from '../../src/lib/outbox/admin.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';
import { bookForMember } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';

/**
 * Nothing fails silently (issue 14, item 5): the staff channel's overwrites deny the bot Send Messages, so every staff
 * booking card gets Discord's 403 50013 and fails for good. Staff hear of it once per kind per window, in the alert
 * channel, with what to do; the member's own confirmation is unaffected; `fpsos notifications list` shows the failed
 * cards as covered by the alert.
 */
describe('staff alerts for notifications that fail for good', () => {
	let lockedStaffChannel = '';
	const ctx = useBot({
		env: (fake) => {
			lockedStaffChannel = fake.createChannel('staff-locked', { staffOnly: true, botCanSend: false });
			return {
				CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
				DISCORD_STAFF_CHANNEL_ID: lockedStaffChannel,
				DISCORD_ALERT_CHANNEL_ID: fake.channels.logs
			};
		}
	});

	const book = (member: FakeMember) => bookForMember(ctx.bot, member, signingKey);
	const card = async (bookingId: string) =>
		(
			await ctx.bot.db.query<{ id: string; status: string; last_error: string | null }>(
				`select id, status, last_error from public.notifications where booking_id = $1 and kind = 'staff_booking_card'`,
				[bookingId]
			)
		)[0];
	const failureAlerts = () => ctx.fake.messages(ctx.fake.channels.logs).filter((message) => message.text.includes('failed for good'));

	beforeAll(async () => {
		await ctx.fake.waitForCommand('ping');
	});

	test('two staff cards refused with 403 50013: one alert naming the first, the fix and the retry command; both listed as alerted', async () => {
		const rana = await ctx.fake.members.create({ username: 'rana', joined: true });
		const firstBooking = await book(rana);
		const alert = await ctx.fake.waitForMessage(
			{ channelId: ctx.fake.channels.logs, predicate: (message) => message.text.includes('failed for good') },
			{ timeoutMs: 20_000 }
		);
		const first = await card(firstBooking);
		expect(first).toMatchObject({ status: 'failed' });
		expect(first?.last_error).toMatch(/^Discord 403 50013/);
		expect(alert.text).toContain('`staff_booking_card` notification failed for good after 1 attempt(s)');
		expect(alert.text).toContain('Discord 403 50013');
		expect(alert.text).toContain('View Channel, Send Messages');
		expect(alert.text).toContain(`npx fpsos notifications retry ${first!.id}`);
		expect(alert.text).not.toMatch(/Missing Permissions|rana/);
		// The member's own confirmation is not held up by the staff channel's problem.
		expect((await rana.nextDm()).text).toContain("You're booked");

		const sami = await ctx.fake.members.create({ username: 'sami', joined: true });
		const secondBooking = await book(sami);
		await until(async () => (await card(secondBooking))?.status === 'failed', 20_000);
		expect((await sami.nextDm()).text).toContain("You're booked");
		await sleep(1_500); // time for a second alert to be sent, if one had been planned
		expect(failureAlerts()).toHaveLength(1);

		const listed = await listNotifications(ctx.bot.db, 'failed', 50);
		expect(listed.map((row) => [row.kind, row.alerted]).sort()).toEqual([
			['staff_booking_card', true],
			['staff_booking_card', true]
		]);
		const refused = ctx.fake.takeViolations();
		expect(refused.map((violation) => violation.kind)).toEqual(['missing-permission', 'missing-permission']);
		for (const violation of refused) expect(violation.reason).toContain('lacks SendMessages');
	}, 90_000);
});
