/**
 * The channel the outbox's wake-ups travel on (LISTEN/NOTIFY). In SQL only public.plan_notification names it
 * (migration 20261207151000_plan_notification); the Calendly handler, which wakes the bot after its own commit, keeps a
 * copy under supabase/functions (Deno cannot import the bot's sources).
 */
export const OUTBOX_CHANNEL = 'fpsos_outbox';
