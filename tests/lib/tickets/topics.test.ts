import { describe, expect, test } from 'vitest';
import { hasKnownAnswer, MENU_TOPICS, normaliseTopic, parseMenuTopic } from '../../../src/lib/tickets/topics.ts';

describe('ticket topics', () => {
	test.each([
		['diagnostic', 'diagnostic'],
		['other', 'other'],
		['low_rating', null],
		['Diagnostic', null],
		['', null],
		[null, null],
		[undefined, null]
	])('the menu accepts %j as %j', (value, expected) => {
		expect(parseMenuTopic(value)).toBe(expected);
	});

	test.each([
		['payment', 'payment'],
		['low_rating', 'low_rating'],
		['refund please', 'other'],
		['', 'other']
	])('a ticket stores topic %j as %j', (value, expected) => {
		expect(normaliseTopic(value)).toBe(expected);
	});

	test('the diagnostic, rescheduling and payment questions have a known answer; the rest go to a ticket', () => {
		expect(MENU_TOPICS.filter(hasKnownAnswer)).toEqual(['diagnostic', 'reschedule', 'payment']);
		expect(hasKnownAnswer('low_rating')).toBe(false);
	});

	test('the menu fits Discord: at most 25 options, codes short enough for a custom id', () => {
		expect(MENU_TOPICS.length).toBeLessThanOrEqual(25);
		for (const topic of MENU_TOPICS) expect(topic).toMatch(/^[\w.-]{1,50}$/);
	});
});
