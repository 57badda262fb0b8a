// Supabase Edge Function: receives Calendly's webhook deliveries (verify_jwt = false in supabase/config.toml; the
// Calendly-Webhook-Signature check is its guard). The logic lives in ../_shared/calendly, shared with the bot.
import { createCalendlyWebhook } from './handler.ts';

Deno.serve(createCalendlyWebhook().fetch);
