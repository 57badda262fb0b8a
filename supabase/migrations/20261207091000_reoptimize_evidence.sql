-- The three-month check asks the member for a fresh diagnostic; the first one sent after the ask is compared with
-- the PC right after the session. Claimed on the booking, so a second upload (or a second bot process) does not
-- answer the check twice.
alter table public.bookings add column recheck_diagnostic_id uuid references public.diagnostics (id) on delete set null;
create index bookings_recheck_diagnostic_idx on public.bookings (recheck_diagnostic_id);
