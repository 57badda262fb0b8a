/**
 * The Calendly core, shared by the Edge Function (Deno) and the bot (Node): its declared entry. The bot imports it only
 * through src/lib/integrations/calendly/core.ts, and only this module (tests/lib/integrations/calendly/core.test.ts).
 */
export { applyCalendlyEnvelope, handleCalendlyDelivery } from './handler.ts';
export type { CalendlyDeps, CalendlyLogger, CalendlyResponseBody, CalendlyResult, CalendlyWebhookRequest } from './handler.ts';
export { calendlyFetchHandler, MAX_BODY_BYTES } from './http.ts';
export { buildCalendlyDelivery, HANDLED_EVENTS } from './payload.ts';
export { DELIVERY_KINDS, DELIVERY_RECORD_KEYS, deliveryRecordSchema } from './delivery-record.ts';
export type { DeliveryKind, NormalizedDelivery } from './delivery-record.ts';
export { parseSignatureHeader, signCalendlyBody, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifyCalendlySignature } from './signature.ts';
export type { SignatureFailure, SignatureVerdict } from './signature.ts';
export { OUTBOX_CHANNEL, recordSignatureMismatch, storeCalendlyDelivery, wakeOutbox } from './store.ts';
export type { CalendlyDb, StoredDelivery, WebhookOutcome } from './store.ts';
export { POSTGRES_JS_TYPES, postgresJsQueryable } from '../database.ts';
export type { SqlDatabase, SqlRow } from '../database.ts';
export { discordFromAnswers, parseDiscordAnswer, parseReferralAnswer, referralFromAnswers } from './answers.ts';
export { createBookingLinkToken, hashBookingToken, isBookingToken } from '../booking-token.ts';
export type { BookingLinkToken } from '../booking-token.ts';
