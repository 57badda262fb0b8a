-- =====================================================================================================================
-- Supabase Realtime wakes the bot when a notification is planned (Postgres Changes on INSERT into notifications).
-- Only a wake-up: the bot claims rows from the table, and its sweep finds anything a lost message missed. The bot
-- subscribes with the service-role key, so row-level security still keeps anon/authenticated out.
-- Plain PostgreSQL and PGlite have no supabase_realtime publication; there the bot uses LISTEN/NOTIFY.
-- =====================================================================================================================
do $$
begin
	if exists (select 1 from pg_publication where pubname = 'supabase_realtime')
		and not exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'notifications')
	then
		alter publication supabase_realtime add table public.notifications;
	end if;
end
$$;
