import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { useBot } from './support/bot.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';

/**
 * Discord's permission defaults only hide commands; the bot decides who is staff itself. Here the bot's staff role is
 * another role than the one the moderator holds, so Discord lets the moderator through and the bot must refuse.
 */
describe('staff checks happen on the server', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, DISCORD_STAFF_ROLE_ID: '100000000000000099' }) });

	beforeAll(async () => {
		await ctx.fake.waitForCommand('session');
	});

	test('/session is refused to a member Discord shows it to but who is not staff', async () => {
		const moderator = await ctx.fake.members.create({ username: 'mod', roles: [ctx.fake.staffRoleId], joined: true });
		const member = await ctx.fake.members.create({ username: 'uma', joined: true });
		const reply = await (await moderator.slash('session', { subcommand: 'complete', options: { member: member.user.id } })).message();
		expect(reply.text).toBe('This command is for FPSOS staff only.');
	});

	test('the staff card\'s buttons are refused to someone who can see the card but is not staff', async () => {
		const moderator = await ctx.fake.members.create({ username: 'mod2', roles: [ctx.fake.staffRoleId], joined: true });
		const { rawBody, signatureHeader } = await signedDelivery(inviteeCreated(), signingKey);
		await fetch(`${ctx.bot.http.url}/webhooks/calendly`, { method: 'POST', body: rawBody, headers: { 'calendly-webhook-signature': signatureHeader } });
		const card = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff });
		const reply = await (await moderator.click(card, 'Mark complete')).message();
		expect(reply.text).toBe('This command is for FPSOS staff only.');
		const rows = await ctx.bot.db.query<{ status: string }>('select status from public.bookings');
		expect(rows.map((row) => row.status)).toEqual(['scheduled']);
	});
});
