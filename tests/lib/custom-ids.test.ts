import { describe, expect, test } from 'vitest';
import { CUSTOM_ID_KINDS, customId, parseCustomId } from '../../src/lib/custom-ids.ts';

describe('custom ids', () => {
	test('a kind with an argument round-trips', () => {
		expect(parseCustomId(customId(CUSTOM_ID_KINDS.book, 'full'))).toEqual({ kind: 'book', arg: 'full' });
	});

	test('a bare kind round-trips', () => {
		expect(parseCustomId(customId(CUSTOM_ID_KINDS.welcomeDiagnostic))).toEqual({ kind: 'welcome-diagnostic', arg: null });
	});

	test.each([['unknown-kind'], ['book|'], ['book|has space'], ['book|a|b'], [`book|${'x'.repeat(100)}`], [''], ['|full']])('"%s" is not ours and parsing does not throw', (value) => {
		expect(parseCustomId(value)).toBeNull();
	});

	test('free text never goes into a custom id', () => {
		expect(() => customId(CUSTOM_ID_KINDS.book, 'alice@example.com')).toThrow();
	});

	test('every id fits Discord\'s 100 characters', () => {
		for (const kind of Object.values(CUSTOM_ID_KINDS)) expect(customId(kind, 'x'.repeat(64)).length).toBeLessThanOrEqual(100);
	});
});
