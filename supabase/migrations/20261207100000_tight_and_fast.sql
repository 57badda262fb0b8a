-- =====================================================================================================================
-- The database tight and fast on its hot paths (issue 14, item 7). Checked by the schema lint (`fpsos db lint`,
-- src/lib/data/schema-lint.ts: unindexed_foreign_key, api_role_default_privilege, publication_too_wide) and by
-- tests/db/tight-and-fast.test.ts. Indexes are built inside the migration's transaction (not CONCURRENTLY): the tables
-- they cover hold thousands of rows, not millions, and the bot waits for migrations before it serves.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Every foreign key gets an index that starts with its columns, so the lookups by key (a member's tickets, a ticket's
-- notifications, a booking's deliveries when /mydata delete erases them) and the ON DELETE / ON UPDATE actions of the
-- referenced row read an index instead of the whole table. A nullable key is indexed where it is set: every lookup by
-- key implies that, and rows without one (most bookings have no referral code) cost the index nothing.
-- ---------------------------------------------------------------------------------------------------------------------
create index notifications_ticket_idx on public.notifications (ticket_id) where ticket_id is not null;
create index webhook_events_booking_idx on public.webhook_events (booking_id) where booking_id is not null;
create index bookings_referral_code_idx on public.bookings (referral_code_id) where referral_code_id is not null;
create index bookings_booking_link_idx on public.bookings (booking_link_id) where booking_link_id is not null;
create index bookings_package_code_idx on public.bookings (package_code) where package_code is not null;
-- A member's tickets, newest first (/mydata export, /member info); the partial unique index on open tickets does not
-- serve closed ones.
create index support_tickets_member_created_idx on public.support_tickets (member_id, created_at desc);
create index support_tickets_booking_idx on public.support_tickets (booking_id) where booking_id is not null;
create index diagnostics_booking_idx on public.diagnostics (booking_id) where booking_id is not null;
create index booking_links_package_code_idx on public.booking_links (package_code);
create index booking_links_diagnostic_idx on public.booking_links (diagnostic_id) where diagnostic_id is not null;
create index booking_links_quick_assessment_idx on public.booking_links (quick_assessment_id) where quick_assessment_id is not null;
create index booking_links_referral_code_idx on public.booking_links (referral_code_id) where referral_code_id is not null;

-- ---------------------------------------------------------------------------------------------------------------------
-- The outbox's next-due lookup (nextWakeAt in src/lib/outbox/store.ts): when the next pending row can be claimed, its
-- due time or the end of its lease. With this index min() reads one entry instead of every pending row (reminders
-- planned months ahead included). The expression is the query's, character for character in meaning.
-- ---------------------------------------------------------------------------------------------------------------------
create index notifications_next_wake_idx on public.notifications ((greatest(due_at, coalesce(claimed_until, due_at))))
	where status = 'pending';

-- ---------------------------------------------------------------------------------------------------------------------
-- The staff /booking paid|refund autocomplete (listUnpaidBookings in src/lib/data/staff-tools.ts): sessions of one
-- payment status in a time window. Unpaid sessions are few among all bookings, so this reads them alone instead of
-- every session of the last 60 days through (status, starts_at).
-- ---------------------------------------------------------------------------------------------------------------------
create index bookings_payment_starts_idx on public.bookings (payment_status, starts_at)
	where status in ('scheduled', 'completed', 'no_show');

-- ---------------------------------------------------------------------------------------------------------------------
-- Default privileges: Supabase's defaults give anon and authenticated every privilege on each new table and sequence
-- in public (supabase/local/supabase-stack.sql mirrors them). Withdraw them, so a table a later migration forgets to
-- revoke is closed rather than open (service_role keeps its defaults: the bot's migrations grant it what it needs).
-- ---------------------------------------------------------------------------------------------------------------------
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;

-- ---------------------------------------------------------------------------------------------------------------------
-- Supabase Realtime sends only what the bot reads: the INSERT of a notification, and of it only its id (the bot
-- subscribes with `select: ['id']` and claims the row from the table). Realtime reads which actions to stream from the
-- publication's publish flags and which tables from its table list; the column list (PostgreSQL 15) keeps any other
-- subscriber of this publication to the id as well. publish = 'insert' applies to the whole publication: a table added
-- to supabase_realtime by hand later streams inserts only. Plain PostgreSQL and PGlite have no such publication.
-- ---------------------------------------------------------------------------------------------------------------------
do $$
begin
	if exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime' and not puballtables) then
		alter publication supabase_realtime set (publish = 'insert');
		if exists (select 1 from pg_catalog.pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'notifications') then
			alter publication supabase_realtime drop table public.notifications;
		end if;
		alter publication supabase_realtime add table public.notifications (id);
	end if;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------------
-- credit_ledger is append-only (credit_ledger_append_only, 20261207110000, refuses UPDATE and DELETE); TRUNCATE, which
-- fires no row trigger, could still empty it. No role may truncate it, and a statement trigger refuses it for the owner
-- too (and for a TRUNCATE ... CASCADE from members).
-- ---------------------------------------------------------------------------------------------------------------------
revoke truncate on table public.credit_ledger from public, anon, authenticated, service_role;
create trigger credit_ledger_no_truncate before truncate on public.credit_ledger
	for each statement execute function public.forbid_change();

-- ---------------------------------------------------------------------------------------------------------------------
-- fpsos_webhook: the role the Calendly Edge Function connects as (CALENDLY_WEBHOOK_DB_URL; README "Supabase"). It can
-- execute the webhook's two entry points and nothing else: no table, no other function. The entry points run with
-- their owner's rights (SECURITY DEFINER, search_path fixed to ''), which is what lets them write bookings and the
-- outbox for a role that cannot. NOLOGIN until the owner gives it a password. Its statements are bounded in the
-- database, whatever the client sets: a delivery answers well within Calendly's 15 s or fails and is retried.
-- Roles belong to the cluster: a database migrated earlier on the same server may have created it already.
-- ---------------------------------------------------------------------------------------------------------------------
do $$
begin
	if not exists (select 1 from pg_catalog.pg_roles where rolname = 'fpsos_webhook') then
		begin
			create role fpsos_webhook nologin noinherit;
			alter role fpsos_webhook set statement_timeout = '5s';
			alter role fpsos_webhook set lock_timeout = '2s';
			alter role fpsos_webhook set idle_in_transaction_session_timeout = '10s';
		exception when duplicate_object or unique_violation then
			null;
		end;
	end if;
end
$$;

grant usage on schema public to fpsos_webhook;
-- Its EXECUTE on the entry points, which are SECURITY DEFINER, is granted where they are defined:
-- 20261207152000_calendly_plans_notifications.sql.
