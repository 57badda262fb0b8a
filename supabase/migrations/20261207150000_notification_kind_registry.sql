-- =====================================================================================================================
-- Notification kinds: the CHECK on `notifications.kind` lists exactly the kinds of the registry in
-- src/lib/outbox/kinds.ts (tests/db/notification-kinds.test.ts compares them). 'session_started' leaves the list: no
-- writer ever planned it (it is what a 2 h reminder delivered after the start says, not a row of its own), and a kind
-- without a sender must not be writable. Defined here only: a database migrated before this file has an earlier list
-- (from the baseline as it was, or from 20261207140000, which added 'member_left'), dropped here.
-- =====================================================================================================================
alter table public.notifications drop constraint if exists notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check check (kind in (
	'booking_confirmation', 'booking_moved', 'booking_canceled', 'staff_booking_card',
	'reminder_24h', 'reminder_2h', 'no_show_rebook',
	'testimonial_request', 'performance_check', 'reoptimize_offer',
	'ticket_nudge', 'ticket_autoclose', 'staff_alert',
	'testimonial_review', 'testimonial_published', 'referral_credit', 'low_rating_ticket',
	'booking_claim', 'member_left'
));
