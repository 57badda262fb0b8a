import type { BookingView } from '../../src/lib/data/bookings.ts';
import type { Package } from '../../src/lib/data/packages.ts';

/** Rows as the data functions return them, for renderer unit tests: sensible defaults, overridden per test. */
export const BOOKING_ID = '0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
export const MEMBER_DISCORD_ID = '200000000000000001';

export function bookingView(overrides: Partial<BookingView> = {}): BookingView {
	return {
		id: BOOKING_ID,
		status: 'scheduled',
		starts_at: new Date('2026-12-10T16:00:00Z'),
		ends_at: new Date('2026-12-10T17:30:00Z'),
		timezone: 'Asia/Dubai',
		package_code: 'full',
		package_name: 'Full Optimization',
		price_aed: '399.00',
		discount_aed: '0.00',
		reschedule_url: 'https://calendly.com/reschedulings/abc',
		cancel_url: 'https://calendly.com/cancellations/abc',
		cancel_reason: null,
		checklist: {},
		thread_channel_id: null,
		needs_staff_review: false,
		match_method: 'utm',
		invitee_name: 'Alice',
		member_id: '1b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
		discord_user_id: MEMBER_DISCORD_ID,
		dm_status: 'open',
		member_left_at: null,
		claim_discord_user_id: null,
		claim_basis: null,
		...overrides
	};
}

export function packageRow(overrides: Partial<Package> = {}): Package {
	return {
		code: 'full',
		name: 'Full Optimization',
		description: 'Everything',
		price_aed: '399.00',
		duration_minutes: 90,
		calendly_url: null,
		recommendable: true,
		...overrides
	};
}
