import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const threadIdIn = (text: string) => /<#(\d+)>/.exec(text)?.[1] ?? null;

/**
 * Private ticket and booking threads reach the whole team. The staff role here is a plain "Coach" role without Manage
 * Threads (so staff cannot see a private thread they were not added to) and not mentionable, and the team is larger
 * than one message names: every coach must be notified and able to open the thread, and nobody else pinged.
 */
describe('staff are reached in private threads', () => {
	let coachRole = '';
	const ctx = useBot({
		env: (fake) => {
			coachRole = fake.createRole({ name: 'Coach' });
			return {
				DISCORD_STAFF_ROLE_ID: coachRole,
				CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
				CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up'
			};
		}
	});
	const coaches: FakeMember[] = [];
	let bystander: FakeMember;

	beforeAll(async () => {
		for (let index = 0; index < 27; index += 1)
			coaches.push(await ctx.fake.members.create({ username: `coach${index}`, roles: [coachRole], joined: true }));
		bystander = await ctx.fake.members.create({ username: 'bystander', joined: true });
		await ctx.fake.waitForCommand('support');
		await ctx.fake.waitForCommand('book');
	});

	const notifiedIn = (threadId: string, after = '0') =>
		new Set(
			ctx.fake
				.messages(threadId)
				.filter((message) => BigInt(message.id) > BigInt(after))
				.flatMap((message) => ctx.fake.notifiedBy(message.id))
		);

	/** Every coach notified and able to open the thread; nobody outside it pinged; no role mention spent in vain. */
	function expectTeamReached(threadId: string, notified: Set<string>, team: readonly FakeMember[] = coaches) {
		for (const coach of team) {
			expect(notified.has(coach.id), `${coach.username} notified`).toBe(true);
			expect(ctx.fake.canOpen(coach, threadId), `${coach.username} can open the thread`).toBe(true);
		}
		expect(notified.has(bystander.id)).toBe(false);
		expect(ctx.fake.canOpen(bystander, threadId)).toBe(false);
		for (const message of ctx.fake.messages(threadId)) {
			expect(ctx.fake.mentionsOf(message.id)?.unreachedRoles ?? []).toEqual([]);
			expect(ctx.fake.mentionsOf(message.id)?.mentioned.length ?? 0).toBeLessThanOrEqual(26);
		}
	}

	async function openTicket(member: FakeMember): Promise<string> {
		const menu = await (await member.slash('support')).message();
		const modal = await (await member.select(menu, 'support-topic', ['session'])).modal();
		const reply = await (await member.submitModal(modal, { description: 'My FPS dropped by half since the session yesterday.' })).message();
		const threadId = threadIdIn(reply.text);
		if (!threadId) throw new Error(`no thread in "${reply.text}"`);
		await ctx.fake.waitForMessage({
			channelId: threadId,
			predicate: (message) => message.customIds.some((id) => id.startsWith('ticket-claim|'))
		});
		return threadId;
	}

	test('a new ticket notifies every staff member by name and adds them to the private thread', async () => {
		const member = await ctx.fake.members.create({ username: 'nadia', joined: true });
		const threadId = await openTicket(member);
		await ctx.fake.waitFor('every coach to be called', () => coaches.every((coach) => notifiedIn(threadId).has(coach.id)));
		expectTeamReached(threadId, notifiedIn(threadId));
		expect(notifiedIn(threadId).has(member.id)).toBe(true);
	});

	test('a nudge to staff reaches the team as it is now, including someone who joined it after the ticket opened', async () => {
		const member = await ctx.fake.members.create({ username: 'omar', joined: true });
		const threadId = await openTicket(member);
		const newcomer = await ctx.fake.members.create({ username: 'newcoach', joined: true });
		await ctx.fake.setRoles(newcomer, [coachRole]);
		const [ticket] = await ctx.bot.db.query<{ id: string }>('select id from public.support_tickets where channel_id = $1', [threadId]);
		const before = ctx.fake.messages(threadId).at(-1)!.id;
		await ctx.bot.db.query(`update public.support_tickets set last_activity_at = now() - interval '25 hours' where id = $1`, [ticket!.id]);
		await ctx.bot.db.query(
			`update public.notifications set due_at = now() where ticket_id = $1 and kind = 'ticket_nudge' and status = 'pending'`,
			[ticket!.id]
		);
		await wakeOutbox(ctx.bot.db, ticket!.id);
		await ctx.fake.waitForMessage(
			{ channelId: threadId, predicate: (message) => message.text.includes('still waiting for a reply from the team') },
			{ timeoutMs: 15_000 }
		);
		await ctx.fake.waitFor('every coach to be reminded', () =>
			[...coaches, newcomer].every((coach) => notifiedIn(threadId, before).has(coach.id))
		);
		expectTeamReached(threadId, notifiedIn(threadId, before), [...coaches, newcomer]);
		expect(notifiedIn(threadId, before).has(member.id)).toBe(false);
	});

	test('a booking thread for a member with closed DMs calls every staff member too', async () => {
		const member = await ctx.fake.members.create({ username: 'hadi', joined: true, dmsClosed: true });
		const choices = await (await member.slash('book')).message();
		const link = await (await member.click(choices, 'Book Full Tune-Up (AED 399)')).message();
		const token = new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
		const response = await postCalendly(ctx.bot.http.url, inviteeCreated({ token }), signingKey);
		expect(response.status).toBe(200);
		const thread = await ctx.fake.waitForThread({
			parentId: ctx.fake.channels.sessions,
			predicate: (candidate) => candidate.memberIds.includes(member.id)
		});
		await ctx.fake.waitForMessage(
			{ channelId: thread.id, predicate: (message) => message.text.includes("You're booked") },
			{ timeoutMs: 15_000 }
		);
		expectTeamReached(thread.id, notifiedIn(thread.id));
		expect(notifiedIn(thread.id).has(member.id)).toBe(true);
	});
});
