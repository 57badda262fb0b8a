import { ButtonStyle, TimestampStyles, escapeMarkdown, time, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { ClaimView } from '../../../lib/data/booking-claims.ts';
import { button, buttonRow } from '../../buttons.ts';

/**
 * The claim DM: the session's time and the name typed into the booking form, and Yes / No. Nothing else of the
 * booking (no links, no e-mail) until the member says it is theirs. The name is the booker's free text: no markdown,
 * no mentions.
 */
export function renderClaim(t: TFunction, claim: ClaimView): BaseMessageOptions {
	const name = escapeMarkdown((claim.invitee_name ?? '').replace(/\s+/g, ' ').trim().slice(0, 80)) || t('booking:claim.noName');
	return {
		content: t('booking:claim.question', { when: time(claim.starts_at, TimestampStyles.LongDateTime), name }),
		components: [
			buttonRow(
				button(customId(CUSTOM_ID_KINDS.claimYes, claim.id), ButtonStyle.Success, t('booking:claim.yes')),
				button(customId(CUSTOM_ID_KINDS.claimNo, claim.id), ButtonStyle.Secondary, t('booking:claim.no'))
			)
		],
		allowedMentions: { parse: [] }
	};
}
