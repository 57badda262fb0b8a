import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCanceled, inviteeCreated, newInviteeUri, signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const fullTuneUpPage = 'https://calendly.com/fpsos/full-tune-up';

/** Funnel step 4: a member books on Calendly and Discord knows who it is within seconds. */
describe('booking pipeline', () => {
	const ctx = useBot({
		env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: fullTuneUpPage })
	});

	async function deliver(delivery: unknown): Promise<Response> {
		return postCalendly(ctx.bot.http.url, delivery, signingKey);
	}

	/** The member presses Book on the booking view and gets their personal link; returns its token. */
	async function personalToken(member: FakeMember): Promise<string> {
		const choices = await (await member.slash('book')).message();
		const link = await (await member.click(choices, 'Book Full Tune-Up (AED 399)')).message();
		const url = new URL(link.buttons[0]!.url!);
		return url.searchParams.get('utm_content')!;
	}

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
	});

	test('Book gives a personal Calendly link: name pre-filled, utm_source=discord and a token that hides the Discord id', async () => {
		const amal = await ctx.fake.members.create({ username: 'amal', globalName: 'Amal', joined: true });
		const choices = await (await amal.slash('book')).message();
		const link = await (await amal.click(choices, 'Book Full Tune-Up (AED 399)')).message();
		const url = new URL(link.buttons[0]!.url!);
		expect(`${url.origin}${url.pathname}`).toBe(fullTuneUpPage);
		expect(url.searchParams.get('name')).toBe('Amal');
		expect(url.searchParams.get('utm_source')).toBe('discord');
		const token = url.searchParams.get('utm_content')!;
		expect(token).toMatch(/^[\w-]{43}$/);
		expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(amal.user.id);
		const stored = await ctx.bot.db.query<{ token_hash: string }>('select token_hash from public.booking_links');
		expect(stored.map((row) => row.token_hash)).not.toContain(token);
	});

	test('a delivery becomes a confirmation DM with Discord timestamps, links and the checklist, and a staff card', async () => {
		const badr = await ctx.fake.members.create({ username: 'badr', joined: true });
		const token = await personalToken(badr);
		const startsAt = new Date(Date.now() + 3 * 24 * 3_600_000);
		const response = await deliver(inviteeCreated({ token, startsAt }));
		expect(response.status).toBe(200);
		const confirmation = await badr.nextDm({ timeoutMs: 2000 });
		const unix = Math.floor(startsAt.getTime() / 1000);
		expect(confirmation.text).toContain("You're booked: Full Tune-Up");
		expect(confirmation.text).toContain(`<t:${unix}:F>`);
		expect(confirmation.text).toContain(`<t:${unix}:R>`);
		expect(confirmation.text).toContain('AED 399');
		expect(confirmation.buttons.map((button) => button.label)).toEqual([
			'⬜ Install AnyDesk',
			'⬜ Update GPU drivers',
			'⬜ Join the FPSOS voice channel',
			'Reschedule',
			'Cancel'
		]);
		const card = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff });
		expect(card.text).toContain('New booking: Full Tune-Up');
		expect(card.text).toContain(badr.mention);
		expect(card.text).toContain('link_token');
	});

	test('ticking a checklist item is stored and shown', async () => {
		const dana = await ctx.fake.members.create({ username: 'dana', joined: true });
		await deliver(inviteeCreated({ token: await personalToken(dana) }));
		const confirmation = await dana.nextDm();
		const update = await (await dana.click(confirmation, '⬜ Install AnyDesk')).reply();
		if (update.kind !== 'update' && update.kind !== 'message') throw new Error(`unexpected ${update.kind}`);
		expect(update.message.buttons[0]!.label).toBe('✅ Install AnyDesk');
		const [row] = await ctx.bot.db.query<{ checklist: Record<string, boolean> }>(
			`select b.checklist from public.bookings b join public.members m on m.id = b.member_id where m.username = 'dana'`
		);
		expect(row?.checklist).toEqual({ anydesk: true });
	});

	test('the same delivery three times at once gives one booking and one DM', async () => {
		const eman = await ctx.fake.members.create({ username: 'eman', joined: true });
		const delivery = inviteeCreated({ token: await personalToken(eman) });
		const statuses = await Promise.all([deliver(delivery), deliver(delivery), deliver(delivery)]);
		expect(statuses.map((response) => response.status)).toEqual([200, 200, 200]);
		await eman.nextDm();
		await expect(eman.nextDm({ timeoutMs: 1500 })).rejects.toThrow();
		const [row] = await ctx.bot.db.query<{ n: number }>(
			`select count(*)::int as n from public.bookings b join public.members m on m.id = b.member_id where m.username = 'eman'`
		);
		expect(row?.n).toBe(1);
	});

	test.each([
		['the new booking first', true],
		['the cancellation first', false]
	])('a reschedule gives one "moved" message, never a cancellation (%s)', async (_order, newFirst) => {
		const member = await ctx.fake.members.create({ username: `fadi${newFirst ? '1' : '2'}`, joined: true });
		const oldInvitee = newInviteeUri();
		await deliver(inviteeCreated({ inviteeUri: oldInvitee, token: await personalToken(member) }));
		await member.nextDm();
		const newInvitee = newInviteeUri();
		const movedTo = new Date(Date.now() + 5 * 24 * 3_600_000);
		const created = inviteeCreated({ inviteeUri: newInvitee, oldInvitee, startsAt: movedTo });
		const canceled = inviteeCanceled({ inviteeUri: oldInvitee, rescheduled: true, newInvitee });
		for (const delivery of newFirst ? [created, canceled] : [canceled, created]) expect((await deliver(delivery)).status).toBe(200);
		const moved = await member.nextDm();
		expect(moved.text).toContain('Your session has moved');
		expect(moved.text).toContain(`<t:${Math.floor(movedTo.getTime() / 1000)}:F>`);
		await expect(member.nextDm({ timeoutMs: 1500 })).rejects.toThrow();
	});

	test('a cancellation gives a short message with a rebook button', async () => {
		const ghada = await ctx.fake.members.create({ username: 'ghada', joined: true });
		const invitee = newInviteeUri();
		await deliver(inviteeCreated({ inviteeUri: invitee, token: await personalToken(ghada) }));
		await ghada.nextDm();
		await deliver(inviteeCanceled({ inviteeUri: invitee }));
		const message: MessageView = await ghada.nextDm();
		expect(message.text).toContain('is canceled');
		expect(message.buttons.map((button) => button.label)).toEqual(['Book again']);
	});

	test('a member whose DMs are closed is confirmed in a private thread of the sessions channel', async () => {
		const hadi = await ctx.fake.members.create({ username: 'hadi', joined: true, dmsClosed: true });
		await deliver(inviteeCreated({ token: await personalToken(hadi) }));
		const thread = await ctx.fake.waitForThread({ parentId: ctx.fake.channels.sessions });
		expect(thread.private).toBe(true);
		const confirmation = await ctx.fake.waitForMessage({
			threadOf: ctx.fake.channels.sessions,
			predicate: (message) => message.text.includes("You're booked")
		});
		expect(confirmation.channelId).toBe(thread.id);
		const [row] = await ctx.bot.db.query<{ dm_status: string }>(`select dm_status from public.members where username = 'hadi'`);
		expect(row?.dm_status).toBe('closed');
	});

	test('a delivery with a bad signature is refused with 401 and nothing is written', async () => {
		const { rawBody } = await signedDelivery(inviteeCreated(), signingKey);
		const response = await fetch(`${ctx.bot.http.url}/webhooks/calendly`, {
			method: 'POST',
			body: rawBody,
			headers: { 'calendly-webhook-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }
		});
		expect(response.status).toBe(401);
	});
});
