-- =====================================================================================================================
-- Signed Calendly deliveries that fail their signature (issue #17, item 2).
--
-- Calendly fixes a subscription's signing key when the subscription is created. When CALENDLY_WEBHOOK_SIGNING_KEY
-- changes without `fpsos calendly subscribe --rotate`, every delivery is well signed with the old key and refused
-- with a 401, and until Calendly disables the subscription a day later nothing said so. Now the webhook (the Edge
-- Function and the bot's /webhooks/calendly share one handler) counts each such refusal here and staff are alerted
-- once per hour in which it happens, with the fix.
--
-- 1. calendly_signature_failures: one row per UTC hour with refusals (count, first and last). Nothing of the request
--    is kept: no body, no header, no address.
-- 2. public.calendly_signature_mismatch(p_at): counts one refusal in its hour and plans the staff alert for that hour in
--    the same statement (notifications.dedupe_key 'calendly-signature:<hour>', ON CONFLICT DO NOTHING: once per hour
--    whichever process or function instance counts first), then wakes the bot. Executable by fpsos_webhook, the Edge
--    Function's role, which can do nothing else with these rows. Defined in 20261207151000_plan_notification.sql, with
--    the other writers of notifications.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- 1. Counts per hour.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.calendly_signature_failures (
	window_start timestamptz primary key,
	failures integer not null default 1 check (failures >= 1),
	first_at timestamptz not null,
	last_at timestamptz not null,
	constraint calendly_signature_failures_order check (first_at <= last_at)
);

alter table public.calendly_signature_failures enable row level security;
revoke all on table public.calendly_signature_failures from anon, authenticated;
grant select, insert, update, delete on table public.calendly_signature_failures to service_role;

-- The hourly staff alert it feeds, public.calendly_signature_mismatch, is defined with the other notification writers
-- in 20261207151000_plan_notification.sql.
