import { describe, expect, test } from 'vitest';
import { isNotificationKind, kindSpec, kindsOfPhase, NOTIFICATION_KIND_NAMES, parsePayload, recipientOf } from '../../../src/lib/outbox/kinds.ts';

describe('the registry of notification kinds', () => {
	test('reminders sit before a session and follow-ups after it (what completing and no-show withdraw)', () => {
		expect(kindsOfPhase('before')).toEqual(['reminder_24h', 'reminder_2h']);
		expect(kindsOfPhase('after')).toEqual(['testimonial_request', 'performance_check', 'reoptimize_offer']);
	});

	test('staff cards, alerts, review cards and departure notices are for staff; the rest reaches the member or the public', () => {
		expect(NOTIFICATION_KIND_NAMES.filter((kind) => recipientOf(kind) === 'staff').sort()).toEqual([
			'member_left',
			'staff_alert',
			'staff_booking_card',
			'testimonial_review'
		]);
		expect(NOTIFICATION_KIND_NAMES.filter((kind) => recipientOf(kind) === 'public')).toEqual(['testimonial_published']);
	});

	test('a kind is known only when registered (an inherited property is not a kind)', () => {
		expect(isNotificationKind('booking_claim')).toBe(true);
		expect(isNotificationKind('session_started')).toBe(false);
		expect(isNotificationKind('toString')).toBe(false);
		expect(kindSpec('constructor')).toBeUndefined();
	});

	test('payloads are read loosely: missing fields are fine, extra fields pass through, a wrong type is refused', () => {
		expect(parsePayload('staff_alert', { reason: 'low_rating', rating: 3 })).toEqual({ reason: 'low_rating', rating: 3 });
		expect(parsePayload('reminder_2h', {})).toEqual({});
		expect(() => parsePayload('booking_claim', { claim_id: 42 })).toThrow();
	});
});
