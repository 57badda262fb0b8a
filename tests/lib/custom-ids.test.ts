import { describe, expect, test } from 'vitest';
import { CUSTOM_ID_KINDS, CUSTOM_ID_MAX_LENGTH, customId, decode, isUuid, type CustomIdKind } from '../../src/lib/custom-ids.ts';

const K = CUSTOM_ID_KINDS;
const BOOKING = '0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';

/** One value per kind, the longest the kind allows where that matters; `undefined` for kinds without an argument. */
const SAMPLES: { [P in CustomIdKind]: Parameters<typeof customId<P>>[1] } = {
	[K.welcomeDiagnostic]: undefined,
	[K.welcomePackages]: undefined,
	[K.language]: 'ar',
	[K.diagnosticTool]: undefined,
	[K.diagnosticQuick]: undefined,
	[K.quickAssessmentModal]: undefined,
	[K.packagesFind]: undefined,
	[K.packagesBookDirect]: undefined,
	[K.book]: 'x'.repeat(64),
	[K.checklist]: { item: 'drivers', bookingId: BOOKING },
	[K.sessionComplete]: BOOKING,
	[K.sessionNoShow]: BOOKING,
	[K.sessionNoShowConfirm]: BOOKING,
	[K.supportStart]: undefined,
	[K.supportTopic]: undefined,
	[K.supportSolved]: 'payment',
	[K.supportOpen]: 'reschedule',
	[K.supportModal]: 'other',
	[K.ticketClaim]: BOOKING,
	[K.ticketUnclaim]: BOOKING,
	[K.ticketClose]: BOOKING,
	[K.ticketCloseModal]: BOOKING,
	[K.staffConfirm]: BOOKING,
	[K.staffCancel]: BOOKING,
	[K.performanceCheck]: { answer: 'worse', bookingId: BOOKING },
	[K.testimonial]: BOOKING,
	[K.testimonialModal]: BOOKING,
	[K.testimonialApprove]: { id: BOOKING, revision: 999_999 },
	[K.testimonialReject]: { id: BOOKING, revision: 1 },
	[K.testimonialRejectModal]: { id: BOOKING, revision: 12 },
	[K.myDataDelete]: undefined,
	[K.claimYes]: BOOKING,
	[K.claimNo]: BOOKING
};

const kinds = Object.values(K);
/** Builds a kind's custom id from an untyped sample (the table above is typed per kind). */
const build = customId as unknown as (kind: CustomIdKind, value: unknown) => string;

describe('every kind', () => {
	test.each(kinds)('%s round-trips through its codec and fits in 100 characters', (kind) => {
		const id = build(kind, SAMPLES[kind]);
		expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX_LENGTH);
		expect(decode(kind, id)).toEqual({ kind, value: SAMPLES[kind] });
	});

	test.each(kinds)('%s is not read as any other kind', (kind) => {
		const id = build(kind, SAMPLES[kind]);
		expect(
			decode(
				kinds.filter((other) => other !== kind),
				id
			)
		).toBeNull();
	});

	test('the kinds are distinct and none contains the separator', () => {
		expect(new Set(kinds).size).toBe(kinds.length);
		for (const kind of kinds) expect(kind).not.toContain('|');
	});
});

describe('the ids the bot writes', () => {
	test.each([
		[customId(K.book, 'full'), 'book|full'],
		[customId(K.welcomeDiagnostic), 'welcome-diagnostic'],
		[customId(K.checklist, { item: 'anydesk', bookingId: BOOKING }), `checklist|anydesk.${BOOKING}`],
		[customId(K.performanceCheck, { answer: 'better', bookingId: BOOKING }), `perf|better.${BOOKING}`],
		[customId(K.testimonialApprove, { id: BOOKING, revision: 3 }), `testimonial-ok|${BOOKING}.3`],
		[customId(K.language, 'en-US'), 'language|en-US']
	])('%s', (id, expected) => {
		expect(id).toBe(expected);
	});

	test('one handler reads several kinds and learns which', () => {
		expect(decode([K.claimYes, K.claimNo], customId(K.claimNo, BOOKING))).toEqual({ kind: 'claim-no', value: BOOKING });
	});
});

describe('ids that are not ours are refused, without throwing', () => {
	test.each([
		[K.book, 'unknown-kind'],
		[K.book, 'book'],
		[K.book, 'book|'],
		[K.book, 'book|has space'],
		[K.book, 'book|a|b'],
		[K.book, `book|${'x'.repeat(65)}`],
		[K.book, `book|${'x'.repeat(100)}`],
		[K.book, ''],
		[K.book, '|full'],
		[K.welcomeDiagnostic, 'welcome-diagnostic|extra'],
		[K.language, 'language|fr'],
		[K.language, 'language'],
		[K.sessionComplete, 'session-complete|not-a-uuid'],
		[K.sessionComplete, `session-complete|${BOOKING.toUpperCase()}`],
		[K.checklist, `checklist|wifi.${BOOKING}`],
		[K.checklist, `checklist|drivers.${BOOKING}.x`],
		[K.checklist, `checklist|drivers`],
		[K.checklist, `checklist|${BOOKING}`],
		[K.performanceCheck, `perf|great.${BOOKING}`],
		[K.performanceCheck, 'perf|better.1234'],
		[K.testimonialApprove, `testimonial-ok|${BOOKING}`],
		[K.testimonialApprove, `testimonial-ok|${BOOKING}.-1`],
		[K.testimonialApprove, `testimonial-ok|${BOOKING}.1234567`],
		[K.testimonialApprove, 'testimonial-ok|0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5-.1'],
		[K.supportSolved, 'support-solved|low_rating'],
		[K.supportSolved, 'support-solved'],
		[K.ticketClose, 'ticket-close|__proto__'],
		[K.book, '__proto__|x']
	] as const)('%s: "%s"', (kind, value) => {
		expect(decode(kind, value)).toBeNull();
	});

	test('a kind asked for must be the kind of the id', () => {
		expect(decode(K.ticketClaim, customId(K.ticketClose, BOOKING))).toBeNull();
	});
});

describe('writing an id', () => {
	test('free text never goes into a custom id', () => {
		expect(() => customId(K.book, 'alice@example.com')).toThrow();
	});

	test('a value the kind does not carry is refused', () => {
		expect(() => customId(K.sessionComplete, 'not-a-uuid')).toThrow();
		expect(() => customId(K.checklist, { item: 'drivers', bookingId: 'x.y' })).toThrow();
		expect(() => customId(K.testimonialApprove, { id: BOOKING, revision: 1.5 })).toThrow();
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
