-- =====================================================================================================================
-- Recovering what Calendly never delivered (issue #17, item 3).
--
-- Calendly gives up on a delivery after 24 hours of failures, disables the subscription, and never resends. After an
-- outage (a disabled subscription, deliveries refused for their signature, deliveries the bot could not read),
-- `fpsos calendly recover` and the daily check fetch the invitees of that window through the API and apply the ones the
-- bot never received, through the webhook's own code (public.calendly_apply_delivery: a booking is written once per
-- invitee, so a real delivery arriving later changes nothing).
--
-- calendly_recoveries: one row per run that could list Calendly: the window it covered and what it did. The next run's
-- default window starts where the database last knew of Calendly: the last delivery received, or the first failure
-- since the last recovery, and never before the end of the last recovery. Holds counts and times only.
-- =====================================================================================================================

create table public.calendly_recoveries (
	id bigint generated always as identity primary key,
	since timestamptz not null,
	until timestamptz not null,
	trigger text not null check (trigger in ('command', 'daily_check')),
	found integer not null check (found >= 0),
	applied integer not null check (applied >= 0),
	known integer not null check (known >= 0),
	failed integer not null check (failed >= 0),
	ran_at timestamptz not null default now(),
	constraint calendly_recoveries_window check (since <= until)
);
-- The default window reads the latest end.
create index calendly_recoveries_until_idx on public.calendly_recoveries (until desc);

alter table public.calendly_recoveries enable row level security;
revoke all on table public.calendly_recoveries from anon, authenticated;
grant select, insert, update, delete on table public.calendly_recoveries to service_role;

-- Failed deliveries (unreadable bodies) since a time, for the default window: a partial index holds only those.
create index webhook_events_failed_idx on public.webhook_events (received_at) where outcome = 'failed';
