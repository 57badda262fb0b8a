import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCanceled, inviteeCreated, newInviteeUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const HOUR = 3_600_000;

/**
 * Funnel step 5, on the real clock: a booking that starts just over 24 h (or 2 h) from now has its reminder fall due
 * a few seconds into the test, and the bot must deliver it then, not before, with the right content.
 */
describe('reminders', () => {
	const ctx = useBot({
		env: (fake) => ({
			CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
			CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up',
			DISCORD_VOICE_CHANNEL_ID: fake.channels.general
		})
	});

	async function deliver(delivery: unknown) {
		const response = await postCalendly(ctx.bot.http.url, delivery, signingKey);
		expect(response.status).toBe(200);
	}

	async function tokenFor(member: FakeMember): Promise<string> {
		const link = await (await member.slash('book', { options: { package: 'full' } })).message();
		return new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
	}

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
	});

	test('the 24 h reminder arrives when it falls due, not before, listing what is left on the checklist', async () => {
		const vera = await ctx.fake.members.create({ username: 'vera', joined: true });
		const startsAt = new Date(Date.now() + 24 * HOUR + 4000);
		await deliver(inviteeCreated({ token: await tokenFor(vera), startsAt }));
		const confirmation = await vera.nextDm({ predicate: (message) => message.text.includes("You're booked") });
		await (await vera.click(confirmation, '⬜ Install AnyDesk')).reply();
		const reminder = await vera.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes('Your session is tomorrow') });
		const arrived = Date.now();
		expect(arrived).toBeGreaterThanOrEqual(startsAt.getTime() - 24 * HOUR);
		expect(reminder.text).toContain(`<t:${Math.floor(startsAt.getTime() / 1000)}:F>`);
		expect(reminder.text).toContain('Update GPU drivers');
		expect(reminder.text).not.toContain('Install AnyDesk');
	});

	test('the 2 h reminder carries the voice channel link', async () => {
		const wael = await ctx.fake.members.create({ username: 'wael', joined: true });
		const startsAt = new Date(Date.now() + 2 * HOUR + 4000);
		await deliver(inviteeCreated({ token: await tokenFor(wael), startsAt }));
		const reminder = await wael.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes('starts in 2 hours') });
		expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime() - 2 * HOUR);
		expect(reminder.text).toContain(`https://discord.com/channels/${ctx.fake.guildId}/${ctx.fake.channels.general}`);
		const [row] = await ctx.bot.db.query<{ n: number }>(
			`select count(*)::int as n from public.notifications n join public.bookings b on b.id = n.booking_id join public.members m on m.id = b.member_id where m.username = 'wael' and n.kind = 'reminder_24h'`
		);
		expect(row?.n).toBe(0);
	});

	test("after a reschedule the old time's reminders never arrive", async () => {
		const yara = await ctx.fake.members.create({ username: 'yara', joined: true });
		const oldInvitee = newInviteeUri();
		await deliver(inviteeCreated({ inviteeUri: oldInvitee, token: await tokenFor(yara), startsAt: new Date(Date.now() + 2 * HOUR + 3000) }));
		const newInvitee = newInviteeUri();
		await deliver(inviteeCanceled({ inviteeUri: oldInvitee, rescheduled: true, newInvitee }));
		await deliver(inviteeCreated({ inviteeUri: newInvitee, oldInvitee, startsAt: new Date(Date.now() + 5 * 24 * HOUR) }));
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const reminders = yara.dms().filter((message) => message.text.includes('starts in 2 hours'));
		expect(reminders).toEqual([]);
		const [old] = await ctx.bot.db.query<{ status: string }>(
			`select n.status from public.notifications n join public.bookings b on b.id = n.booking_id where b.calendly_invitee_uri = $1 and n.kind = 'reminder_2h'`,
			[oldInvitee]
		);
		expect(old?.status).toBe('canceled');
	});
});
