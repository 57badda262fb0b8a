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
--    Function's role, which can do nothing else with these rows.
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

-- ---------------------------------------------------------------------------------------------------------------------
-- 2. One refusal: counted, and the hour's alert planned once. `p_at` is the handler's clock (the one it checked the
--    signature's timestamp against). Returns {failures, alerted}: alerted is true for the refusal that planned it.
-- ---------------------------------------------------------------------------------------------------------------------
create function public.calendly_signature_mismatch(p_at timestamptz)
	returns jsonb
	language plpgsql
	security definer
	set search_path = ''
as $$
declare
	v_at timestamptz := coalesce(p_at, now());
	v_window timestamptz := date_trunc('hour', coalesce(p_at, now()), 'UTC');
	v_failures integer;
	v_first timestamptz;
	v_key text;
	v_alerted boolean;
begin
	insert into public.calendly_signature_failures as f (window_start, failures, first_at, last_at)
	values (v_window, 1, v_at, v_at)
	on conflict (window_start) do update
		set failures = f.failures + 1, first_at = least(f.first_at, excluded.first_at), last_at = greatest(f.last_at, excluded.last_at)
	returning f.failures, f.first_at into v_failures, v_first;

	v_key := 'calendly-signature:' || to_char(v_window at time zone 'UTC', 'YYYY-MM-DD"T"HH24"Z"');
	insert into public.notifications (kind, dedupe_key, due_at, payload)
	values ('staff_alert', v_key, now(), jsonb_build_object(
		'reason', 'calendly_signature_failing',
		'since', to_char(v_first at time zone 'UTC', 'YYYY-MM-DD HH24:MI'),
		'window', to_char(v_window at time zone 'UTC', 'YYYY-MM-DD HH24:00')))
	on conflict (dedupe_key) do nothing;
	v_alerted := found;
	if v_alerted then
		perform pg_notify('fpsos_outbox', v_key);
	end if;
	return jsonb_build_object('failures', v_failures, 'alerted', v_alerted);
end
$$;

revoke all on function public.calendly_signature_mismatch(timestamptz) from public, anon, authenticated;
grant execute on function public.calendly_signature_mismatch(timestamptz) to service_role, fpsos_webhook;
