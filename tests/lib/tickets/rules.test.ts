import { describe, expect, test } from 'vitest';
import {
	actorUserId,
	canClaim,
	type TicketActor,
	canClose,
	clip,
	discordActor,
	parseCloseReason,
	parseDescription
} from '../../../src/lib/tickets/rules.ts';

const member = '400000000000000001';
const other = '400000000000000002';

describe('ticket rules', () => {
	test.each<[TicketActor, string | null, boolean, string]>([
		[{ userId: member, isStaff: false }, member, true, 'the member who opened it'],
		[{ userId: other, isStaff: false }, member, false, 'another member'],
		[{ userId: other, isStaff: true }, member, true, 'staff'],
		[{ userId: member, isStaff: false }, null, false, 'anyone, once the member is anonymised (unless staff)'],
		[{ userId: other, isStaff: true }, null, true, 'staff, once the member is anonymised']
	])('close: %j on a ticket of %s -> %s (%s)', (actor, ticketMember, allowed) => {
		expect(canClose(actor, ticketMember)).toBe(allowed);
	});

	test.each([
		[{ userId: member, isStaff: false }, false],
		[{ userId: other, isStaff: true }, true]
	])('claim: %j -> %s', (actor, allowed) => {
		expect(canClaim(actor)).toBe(allowed);
	});

	test.each([
		['  My game stutters.  ', { ok: true, text: 'My game stutters.' }],
		['too short', { ok: false, problem: 'tooShort' }],
		['          x', { ok: false, problem: 'tooShort' }],
		['x'.repeat(1000), { ok: true, text: 'x'.repeat(1000) }],
		['x'.repeat(1001), { ok: false, problem: 'tooLong' }],
		[undefined, { ok: false, problem: 'tooShort' }]
	])('description %j -> %j', (raw, expected) => {
		expect(parseDescription(raw)).toEqual(expected);
	});

	test.each([
		['Solved', { ok: true, text: 'Solved' }],
		[' ok ', { ok: false, problem: 'tooShort' }],
		['x'.repeat(501), { ok: false, problem: 'tooLong' }],
		[undefined, { ok: false, problem: 'tooShort' }]
	])('close reason %j -> %j', (raw, expected) => {
		expect(parseCloseReason(raw)).toEqual(expected);
	});

	test('actors: people are discord:<id>, the bot is not a person', () => {
		expect(discordActor(member)).toBe(`discord:${member}`);
		expect(actorUserId(discordActor(member))).toBe(member);
		expect(actorUserId('system:inactivity')).toBeNull();
		expect(actorUserId(null)).toBeNull();
		expect(actorUserId('discord:abc')).toBeNull();
	});

	test('clip keeps short text and cuts long text to the limit with an ellipsis', () => {
		expect(clip('  hi  ', 10)).toBe('hi');
		expect(clip('abcdef', 4)).toBe('abc…');
		expect(clip('abcdef', 4)).toHaveLength(4);
	});
});
