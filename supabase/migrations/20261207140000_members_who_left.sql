-- =====================================================================================================================
-- Members who left the server. `members.left_at` (initial schema) is now kept: set once per departure by the bot when
-- Discord says a member left (GUILD_MEMBER_REMOVE, or a DM refused for want of a shared server), cleared when they
-- come back (any contact upserts the member). While it is set, nothing addressed to the member is sent: their
-- reminders and follow-ups end as skipped with the reason 'member_left' when they fall due (src/lib/data/departures.ts).
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Outbox: 'member_left' tells staff, once per departure (dedupe key: member and departure time), that a member with a
-- session ahead left; planned in the statement that records the departure.
-- ---------------------------------------------------------------------------------------------------------------------
alter table public.notifications drop constraint notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check check (kind in (
	'booking_confirmation', 'booking_moved', 'booking_canceled', 'staff_booking_card',
	'reminder_24h', 'reminder_2h', 'session_started', 'no_show_rebook',
	'testimonial_request', 'performance_check', 'reoptimize_offer',
	'ticket_nudge', 'ticket_autoclose', 'staff_alert',
	'testimonial_review', 'testimonial_published', 'referral_credit', 'low_rating_ticket',
	'booking_claim', 'member_left'
));

-- ---------------------------------------------------------------------------------------------------------------------
-- Members: who is gone, for staff in Studio (and /stats, which counts unreachable members still in the server).
-- ---------------------------------------------------------------------------------------------------------------------
create index members_left_at_idx on public.members (left_at) where left_at is not null;
comment on column public.members.left_at is 'When the member last left the server (null while they are in it); nothing addressed to them is sent meanwhile';
