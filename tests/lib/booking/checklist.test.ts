import { describe, expect, test } from 'vitest';
import { CHECKLIST_ITEMS, isChecklistItem, uncheckedItems } from '../../../src/lib/booking/checklist.ts';

describe('the pre-session checklist', () => {
	test('has AnyDesk, drivers and voice, in that order', () => {
		expect(CHECKLIST_ITEMS).toEqual(['anydesk', 'drivers', 'voice']);
	});

	test.each([
		['anydesk', true],
		['voice', true],
		['Drivers', false],
		['discord', false],
		['', false]
	])('%j is an item: %s', (value, expected) => {
		expect(isChecklistItem(value)).toBe(expected);
	});

	test.each([
		['nothing ticked', {}, ['anydesk', 'drivers', 'voice']],
		['one ticked, one explicitly unticked', { anydesk: true, drivers: false }, ['drivers', 'voice']],
		['everything ticked', { anydesk: true, drivers: true, voice: true }, []]
	])('%s leaves %j unchecked', (_situation, checklist, expected) => {
		expect(uncheckedItems(checklist)).toEqual(expected);
	});
});
