import { randomBytes } from 'node:crypto';
import { container, UserError } from '@sapphire/framework';
import { resolveKey } from '@sapphire/plugin-i18next';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Message, type RepliableInteraction } from 'discord.js';
import { errorKind, planErrorAlert } from '../lib/ops/alert-window.ts';
import { captureUnexpected } from '../lib/ops/sentry.ts';

/**
 * The one error pipeline. Expected user mistakes (UserError) become a friendly translated reply; Discord errors we
 * expect are ignored; anything else is logged with an incident id that the member also sees, so staff can find it,
 * sent to Sentry when SENTRY_DSN is set, and announced in the staff alert channel at most once per kind per window
 * (src/lib/ops/alert-window.ts). Members never see an exception message or a stack trace.
 */

const expectedDiscordCodes = new Set<number>([
	RESTJSONErrorCodes.CannotSendMessagesToThisUser,
	RESTJSONErrorCodes.UnknownInteraction,
	RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
	RESTJSONErrorCodes.UnknownMessage
]);

export function isExpectedDiscordError(error: unknown): boolean {
	return error instanceof DiscordAPIError && typeof error.code === 'number' && expectedDiscordCodes.has(error.code);
}

export function newIncidentId(): string {
	return randomBytes(4).toString('hex').toUpperCase();
}

/** Logs an unexpected error with its context, alerts staff, and returns the incident id to show the member. */
export function reportUnexpected(error: unknown, context: Record<string, unknown>): string {
	const incident = newIncidentId();
	const kind = errorKind(context, error);
	container.log.error('Unexpected error', { incident, kind, error, ...context });
	captureUnexpected(error, { incident, kind });
	// Through the outbox, so it is sent once whichever process saw it; a database that is down is logged, not thrown.
	const { db } = container;
	if (db) {
		void planErrorAlert(db, { kind, incident, at: Date.now() }).catch((alertError: unknown) =>
			container.log.warn('Could not plan the staff alert for an unexpected error', { incident, error: alertError })
		);
	}
	return incident;
}

type Target = RepliableInteraction | Message;

async function describe(error: unknown, target: Target, context: Record<string, unknown>): Promise<string | null> {
	if (error instanceof UserError) {
		const details = typeof error.context === 'object' && error.context !== null ? (error.context as Record<string, unknown>) : {};
		return resolveKey(target, [`errors:${error.identifier}`, 'errors:generic'], details);
	}
	if (isExpectedDiscordError(error)) {
		container.log.debug('Expected Discord error', { code: (error as DiscordAPIError).code, ...context });
		return null;
	}
	const incident = reportUnexpected(error, context);
	return resolveKey(target, 'errors:unexpected', { incident });
}

/**
 * After `deferUpdate` the interaction's "original response" is the message the button was on (a ticket card, a
 * booking confirmation, a welcome DM): discord.js leaves `ephemeral` null then, where a deferred reply sets it.
 */
function deferredUpdate(interaction: RepliableInteraction): boolean {
	return interaction.deferred && !interaction.replied && interaction.ephemeral === null;
}

/**
 * Replies, edits or follows up, whichever the interaction's state allows; never throws. A message the member pressed
 * a button on is never edited: the apology comes as an ephemeral follow-up and the message stays as it was.
 */
export async function replyWithError(interaction: RepliableInteraction, error: unknown, context: Record<string, unknown>): Promise<void> {
	try {
		const content = await describe(error, interaction, { ...context, interaction: interaction.id });
		if (content === null) return;
		if (deferredUpdate(interaction) || interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
		else if (interaction.deferred) await interaction.editReply({ content, embeds: [], components: [] });
		else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
	} catch (replyError) {
		if (!isExpectedDiscordError(replyError)) container.log.warn('Could not report an error to the member', { error: replyError, ...context });
	}
}

export async function replyToMessageWithError(message: Message, error: unknown, context: Record<string, unknown>): Promise<void> {
	try {
		const content = await describe(error, message, { ...context, message: message.id });
		if (content !== null) await message.reply({ content });
	} catch (replyError) {
		if (!isExpectedDiscordError(replyError)) container.log.warn('Could not report an error to the member', { error: replyError, ...context });
	}
}
