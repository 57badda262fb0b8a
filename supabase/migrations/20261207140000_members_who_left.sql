-- =====================================================================================================================
-- Members who left the server. `members.left_at` (initial schema) is now kept: set once per departure by the bot when
-- Discord says a member left (GUILD_MEMBER_REMOVE, or a DM refused for want of a shared server), cleared when they
-- come back (any contact upserts the member). While it is set, nothing addressed to the member is sent: their
-- reminders and follow-ups end as skipped with the reason 'member_left' when they fall due (src/lib/data/departures.ts).
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Outbox: 'member_left' tells staff, once per departure (dedupe key: member and departure time), that a member with a
-- session ahead left; planned in the statement that records the departure. The CHECK on notifications.kind allows it
-- (notifications_kind_check, 20261207150000_notification_kind_registry.sql).
-- ---------------------------------------------------------------------------------------------------------------------

-- ---------------------------------------------------------------------------------------------------------------------
-- Members: who is gone, for staff in Studio (and /stats, which counts unreachable members still in the server).
-- ---------------------------------------------------------------------------------------------------------------------
create index members_left_at_idx on public.members (left_at) where left_at is not null;
comment on column public.members.left_at is 'When the member last left the server (null while they are in it); nothing addressed to them is sent meanwhile';
