-- =====================================================================================================================
-- Schema hardening, checked in CI by the schema lint (`fpsos db lint`, src/lib/data/schema-lint.ts).
-- When this migration was written the lint found nothing on the migrated schema: every function already fixes its
-- search_path and none is SECURITY DEFINER or executable by the API roles. This migration closes the two ways a
-- later function could become callable through Supabase's API by accident. It only revokes.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Functions that exist now: nothing in public is executable by anon, authenticated or PUBLIC (which both inherit).
-- Each migration already revokes its own; this is the safety net for any it missed. The bot and the Edge Function
-- connect as the owner or service_role, which keep the grants the migrations gave them.
-- ---------------------------------------------------------------------------------------------------------------------
revoke execute on all functions in schema public from public, anon, authenticated;

-- ---------------------------------------------------------------------------------------------------------------------
-- Functions created later by the role that runs migrations: Supabase's default privileges grant EXECUTE on every
-- new function in public to anon and authenticated; withdraw that default, so a new function is callable through
-- the API only when its migration grants it on purpose. (PUBLIC's EXECUTE is a global default that a per-schema
-- rule cannot withdraw: migrations still revoke it per function, and the lint fails on a SECURITY DEFINER function
-- left executable by the API roles.)
-- ---------------------------------------------------------------------------------------------------------------------
alter default privileges in schema public revoke execute on functions from anon, authenticated;
