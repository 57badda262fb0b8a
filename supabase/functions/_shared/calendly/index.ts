/** The Calendly webhook, shared by the Edge Function (Deno) and the bot (Node). */
export { applyCalendlyEnvelope, handleCalendlyDelivery } from './handler.ts';
export type { CalendlyDeps, CalendlyLogger, CalendlyResponseBody, CalendlyResult, CalendlyWebhookRequest } from './handler.ts';
export { calendlyFetchHandler, MAX_BODY_BYTES } from './http.ts';
export { buildCalendlyDelivery, HANDLED_EVENTS } from './payload.ts';
export type { DeliveryKind, NormalizedDelivery } from './payload.ts';
export { parseSignatureHeader, signCalendlyBody, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifyCalendlySignature } from './signature.ts';
export type { SignatureFailure, SignatureVerdict } from './signature.ts';
export { OUTBOX_CHANNEL, recordSignatureMismatch, storeCalendlyDelivery, wakeOutbox } from './store.ts';
export type { CalendlyDb, StoredDelivery, WebhookOutcome } from './store.ts';
export { discordFromAnswers, parseDiscordAnswer, parseReferralAnswer, referralFromAnswers } from './answers.ts';
