import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, newInviteeUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const DAY = 24 * 3600_000;

/**
 * A Calendly booking that names a member only by what the booker typed (their Discord id or username) is not sent to
 * that member: they are asked whether it is theirs, and only Yes brings the confirmation with its links.
 */
describe('booking claims', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey }) });

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
	});

	async function memberRow(member: FakeMember): Promise<void> {
		await ctx.bot.db.query(`insert into public.members (discord_user_id, username) values ($1, $2) on conflict (discord_user_id) do nothing`, [
			member.user.id,
			member.username
		]);
	}

	async function deliver(delivery: Record<string, unknown>): Promise<void> {
		const response = await postCalendly(ctx.bot.http.url, delivery, signingKey);
		expect(response.status).toBe(200);
	}

	const isClaim = (message: MessageView) => message.text.includes('Is this yours?');
	const isConfirmation = (message: MessageView) => message.text.includes("You're booked");

	test("a stranger typing a member's Discord id: the member is only asked, and Yes brings the confirmation with its links", async () => {
		const nadia = await ctx.fake.members.create({ username: 'nadia', joined: true });
		await memberRow(nadia);
		const startsAt = new Date(Date.now() + 3 * DAY);
		const inviteeUri = newInviteeUri();
		await deliver(
			inviteeCreated({
				inviteeUri,
				startsAt,
				name: 'Someone Else',
				email: 'someone.else@example.com',
				answers: [{ question: 'Your Discord ID', answer: nadia.user.id }]
			})
		);

		const question = await nadia.nextDm({ predicate: isClaim });
		expect(question.text).toContain(`<t:${Math.floor(startsAt.getTime() / 1000)}:F>`);
		expect(question.text).toContain('Someone Else');
		expect(question.text).not.toContain('someone.else@example.com');
		expect(question.buttons.map((button) => ({ label: button.label, url: button.url }))).toEqual([
			{ label: "Yes, it's mine", url: null },
			{ label: 'No, not mine', url: null }
		]);
		const card = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.staff,
			predicate: (message) => message.text.includes('was asked whether it is theirs')
		});
		expect(card.text).toContain(nadia.mention);
		// Nothing carrying the booking's links reached her.
		expect(nadia.dms().filter(isConfirmation)).toEqual([]);

		const answer = await (await nadia.click(question, "Yes, it's mine")).reply();
		if (answer.kind !== 'update' && answer.kind !== 'message') throw new Error(`unexpected ${answer.kind}`);
		expect(answer.message.text).toContain('now linked to you');
		expect(answer.message.buttons).toEqual([]);
		const confirmation = await nadia.nextDm({ predicate: isConfirmation });
		expect(confirmation.buttons.map((button) => button.label)).toContain('Reschedule');
		const [row] = await ctx.bot.db.query<{ discord_user_id: string; match_method: string }>(
			`select m.discord_user_id, b.match_method from public.bookings b join public.members m on m.id = b.member_id where b.calendly_invitee_uri = $1`,
			[inviteeUri]
		);
		expect(row).toEqual({ discord_user_id: nadia.user.id, match_method: 'claim' });
	});

	test('No leaves the booking with staff: one alert, and nothing about it reaches the member', async () => {
		const omar = await ctx.fake.members.create({ username: 'omar_claims', joined: true });
		await memberRow(omar);
		const inviteeUri = newInviteeUri();
		await deliver(inviteeCreated({ inviteeUri, name: 'Not Omar', answers: [{ question: 'Discord username', answer: '@omar_claims' }] }));
		const question = await omar.nextDm({ predicate: isClaim });
		const answer = await (await omar.click(question, 'No, not mine')).reply();
		if (answer.kind !== 'update' && answer.kind !== 'message') throw new Error(`unexpected ${answer.kind}`);
		expect(answer.message.text).toContain("We won't link it to you");
		const alert = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.staff,
			predicate: (message) => message.text.includes('is not theirs')
		});
		expect(alert.text).toContain(omar.mention);
		const [row] = await ctx.bot.db.query<{ member_id: string | null; needs_staff_review: boolean }>(
			'select member_id, needs_staff_review from public.bookings where calendly_invitee_uri = $1',
			[inviteeUri]
		);
		expect(row).toEqual({ member_id: null, needs_staff_review: true });
		expect(omar.dms().filter(isConfirmation)).toEqual([]);
	});
});
