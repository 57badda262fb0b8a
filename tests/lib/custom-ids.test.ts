import { describe, expect, test } from 'vitest';
import { CUSTOM_ID_KINDS, customId, isUuid, parseCustomId } from '../../src/lib/custom-ids.ts';

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

describe('isUuid', () => {
	test.each([
		['0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b', true],
		['0B7A6F1E-2C3D-4E5F-8A9B-0C1D2E3F4A5B', false],
		['not-a-uuid', false],
		['0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b.x', false]
	])('%s -> %s', (value, expected) => {
		expect(isUuid(value)).toBe(expected);
	});
});
