-- =====================================================================================================================
-- Owner statistics and staff tools.
--
-- Payments recorded by hand (`/booking paid`) keep who recorded them next to when (paid_at) and how (payment_method).
-- A nullable column without a default: adding it rewrites nothing, and webhook inserts do not change.
-- =====================================================================================================================
alter table public.bookings add column paid_by text check (char_length(paid_by) <= 100);

-- ---------------------------------------------------------------------------------------------------------------------
-- `/stats` reads the sessions due in a period that were completed or missed, with their payment. This partial index
-- covers those columns, so the query is an index-only scan instead of one heap visit per session (over 1,000,000
-- bookings: about 90,000 sessions in 90 days). It holds only completed and no-show bookings: the webhook inserts
-- bookings as 'scheduled' (or canceled/rescheduled for out-of-order deliveries), which never enter it, so webhook
-- throughput is unchanged; only a session marked completed or no-show (by staff, or Calendly's rare no-show delivery:
-- updates that already change the indexed status) adds an entry.
-- ---------------------------------------------------------------------------------------------------------------------
create index bookings_sessions_done_idx on public.bookings (starts_at) include (status, payment_status, paid_aed)
	where status in ('completed', 'no_show');
