/**
 * The Calendly core, shared with the Edge Function: the one door from the bot's sources into supabase/functions.
 * Its declared entry is supabase/functions/_shared/calendly/index.ts; nothing else under supabase/functions is imported
 * by src (tests/lib/integrations/calendly/core.test.ts), so what the bot relies on is what that entry exports.
 */
export * from '../../../../supabase/functions/_shared/calendly/index.ts';
