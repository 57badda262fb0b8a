import type { AttachmentBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import {
	cardButtons,
	closerText,
	renderClaimNotice,
	renderCloseModal,
	renderCloseNotice,
	renderDescriptionModal,
	renderFollowUp,
	renderKnownAnswer,
	renderNudge,
	renderPanel,
	renderSolved,
	renderStaffCall,
	renderStaffNudge,
	renderSummary,
	renderTicketCard,
	renderTopicMenu,
	threadName,
	transcriptLabels
} from '../../../../src/bot/features/tickets/render.ts';
import type { MemberContext, Ticket } from '../../../../src/lib/data/tickets.ts';
import { STAFF_MENTIONS_PER_MESSAGE } from '../../../../src/lib/staff.ts';
import { MENU_TOPICS } from '../../../../src/lib/tickets/topics.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, modalProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { MEMBER_DISCORD_ID } from '../../../support/views.ts';

const TICKET = '3b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const STAFF = '300000000000000001';
const at = new Date('2026-12-01T10:00:00Z');

const ticket = (overrides: Partial<Ticket> = {}): Ticket => ({
	id: TICKET,
	number: 42,
	member_id: 'm1',
	member_discord_id: MEMBER_DISCORD_ID,
	member_name: 'Alice',
	booking_id: null,
	topic: 'session',
	description: 'My FPS dropped after the update',
	status: 'open',
	channel_id: '400000000000000001',
	claimed_by: null,
	claimed_at: null,
	closed_by: null,
	close_reason: null,
	closed_at: null,
	last_activity_at: at,
	nudged_at: null,
	created_at: at,
	...overrides
});

const context = (overrides: Partial<MemberContext> = {}): MemberContext => ({
	package_name: 'Full Optimization',
	session_at: at,
	session_status: 'completed',
	verdict: 'full',
	verdict_source: 'tool',
	critical_count: 2,
	warning_count: 3,
	verdict_at: at,
	rating: 6,
	...overrides
});

const staffIds = (count: number) => Array.from({ length: count }, (_, index) => `3000000000000${String(index).padStart(5, '0')}`);

describe.each(LOCALES_UNDER_TEST)('support tickets in %s', (locale) => {
	const t = tIn(locale);

	test('the topic menu offers every topic', () => {
		const menu = renderTopicMenu(t);
		expect(messageProblems(menu)).toEqual([]);
		expect(textOf(menu)).not.toMatch(UNTRANSLATED);
		expect(JSON.stringify(messageBody(menu))).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(menu)).toEqual(['support-topic']);
		expect((messageBody(menu).components as { components: { options: unknown[] }[] }[])[0]!.components[0]!.options).toHaveLength(
			MENU_TOPICS.length
		);
	});

	test.each(['diagnostic', 'reschedule', 'payment'] as const)('the known answer for %s, with Solved / Open a ticket', (topic) => {
		const answer = renderKnownAnswer(t, topic);
		expect(messageProblems(answer)).toEqual([]);
		expect(textOf(answer)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(answer)).toEqual([`support-solved|${topic}`, `support-open|${topic}`]);
		expect(textOf(renderSolved(t))).not.toMatch(UNTRANSLATED);
	});

	test.each(MENU_TOPICS)('the description form for %s', (topic) => {
		const modal = renderDescriptionModal(t, topic);
		expect(modalProblems(modal)).toEqual([]);
		expect(modal.toJSON().custom_id).toBe(`support-modal|${topic}`);
		expect(JSON.stringify(modal.toJSON())).not.toMatch(UNTRANSLATED);
	});

	test('the close form asks for a reason for this ticket', () => {
		const modal = renderCloseModal(t, TICKET);
		expect(modalProblems(modal)).toEqual([]);
		expect(modal.toJSON().custom_id).toBe(`ticket-close-modal|${TICKET}`);
	});

	test('the panel offers to open a ticket and pings nobody', () => {
		const panel = renderPanel(t);
		expect(messageProblems(panel)).toEqual([]);
		expect(customIdsOf(panel)).toEqual(['support-start']);
		expect(messageBody(panel).allowed_mentions).toEqual({ parse: [] });
	});

	test('the card names the member and the staff it calls, with context, Claim and Close, and pings only them', () => {
		const called = staffIds(STAFF_MENTIONS_PER_MESSAGE);
		const card = renderTicketCard(t, ticket(), context(), called);
		expect(messageProblems(card)).toEqual([]);
		const text = textOf(card);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain(`<@${MEMBER_DISCORD_ID}>`);
		expect(text).toContain(`<@${called[24]}>`);
		expect(text).toContain('Full Optimization');
		expect(text).toContain('My FPS dropped after the update');
		expect(customIdsOf(card)).toEqual([`ticket-claim|${TICKET}`, `ticket-close|${TICKET}`]);
		expect(messageBody(card).allowed_mentions).toEqual({ users: [MEMBER_DISCORD_ID, ...called] });
	});

	test('a low-rating card from a quick assessment, claimed, with the longest description, still fits', () => {
		const card = renderTicketCard(
			t,
			ticket({ topic: 'low_rating', claimed_by: `discord:${STAFF}`, description: 'd'.repeat(4000) }),
			context({ verdict_source: 'quick', rating: null })
		);
		expect(messageProblems(card)).toEqual([]);
		expect(textOf(card)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(card)).toEqual([`ticket-unclaim|${TICKET}`, `ticket-close|${TICKET}`]);
	});

	test('a member with no context yet', () => {
		const empty = context({
			package_name: null,
			session_at: null,
			session_status: null,
			verdict: null,
			verdict_source: null,
			critical_count: null,
			warning_count: null,
			verdict_at: null,
			rating: null
		});
		const card = renderTicketCard(t, ticket({ member_discord_id: null }), empty);
		expect(messageProblems(card)).toEqual([]);
		expect(textOf(card)).toContain(t('tickets:card.none'));
		expect(messageBody(card).allowed_mentions).toEqual({ users: [] });
	});

	test('a closed ticket has no buttons', () => {
		expect(cardButtons(t, ticket({ status: 'closed' }))).toEqual([]);
	});

	test('notices in the thread: follow-up, claim, nudges, staff call, close', () => {
		const messages = [
			renderFollowUp(t, 'low_rating', 'f'.repeat(5000)),
			renderClaimNotice(t, STAFF, true),
			renderClaimNotice(t, STAFF, false),
			renderNudge(t, ticket(), new Date('2026-12-02T10:00:00Z')),
			renderStaffNudge(t, ticket(), staffIds(3), 24),
			renderStaffNudge(t, ticket({ claimed_by: `discord:${STAFF}` }), staffIds(3), 24),
			renderStaffCall(t, staffIds(STAFF_MENTIONS_PER_MESSAGE)),
			renderCloseNotice(t, ticket({ status: 'closed', closed_by: `discord:${STAFF}`, close_reason: 'Solved' })),
			renderCloseNotice(t, ticket({ status: 'closed', closed_by: 'system:autoclose' }))
		];
		for (const message of messages) {
			expect(messageProblems(message)).toEqual([]);
			expect(textOf(message)).not.toMatch(UNTRANSLATED);
		}
		expect(messageBody(messages[5]!).allowed_mentions).toEqual({ users: [STAFF] });
		expect(messageBody(messages[1]!).allowed_mentions).toEqual({ parse: [] });
	});

	test('who closed: a person, or the bot', () => {
		expect(closerText(t, ticket({ closed_by: `discord:${STAFF}` }))).toBe(`<@${STAFF}>`);
		expect(closerText(t, ticket({ closed_by: 'system:autoclose' }))).toBe(t('tickets:summary.closerAuto'));
	});

	test('the summary DM: reason, how long, how many messages, the transcript attached', () => {
		const closed = ticket({
			status: 'closed',
			closed_by: `discord:${STAFF}`,
			close_reason: 'Solved',
			closed_at: new Date('2026-12-02T13:05:00Z')
		});
		const message = renderSummary(
			t,
			closed,
			{ messages: 7, fromMember: 4, fromStaff: 3, staffIds: [STAFF], openMinutes: 1625 },
			'transcript text'
		);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).toContain('Solved');
		const [file] = (message.files ?? []) as AttachmentBuilder[];
		expect(file?.name).toContain('42');
		const auto = renderSummary(
			t,
			ticket({ status: 'closed', closed_by: 'system:autoclose' }),
			{ messages: 0, fromMember: 0, fromStaff: 0, staffIds: [], openMinutes: 0 },
			''
		);
		expect(messageProblems(auto)).toEqual([]);
		expect(textOf(auto)).toContain(t('tickets:summary.autoReason'));
	});

	test("the transcript's header and the thread's name", () => {
		const labels = transcriptLabels(t, ticket({ closed_at: at, closed_by: `discord:${STAFF}`, close_reason: 'Solved' }));
		expect(labels.header.join('\n')).not.toMatch(UNTRANSLATED);
		expect(labels.header).toHaveLength(7);
		expect(labels.fileSize(2048)).not.toMatch(UNTRANSLATED);
		expect(threadName(t, ticket(), 'u'.repeat(200)).length).toBeLessThanOrEqual(100);
	});
});
