import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { loadClaim } from '../../lib/data/booking-claims.ts';
import type { DeliveryResult } from '../../lib/outbox/executor.ts';
import type { OutboxRow } from '../../lib/outbox/store.ts';
import { memberT } from '../i18n.ts';
import { renderClaim } from '../render/claims.ts';
import { nonceFor } from './nonce.ts';

/**
 * Asks the member an unproven match named whether the booking is theirs, by DM only (a private thread would be the
 * booking's, and the booking is not theirs yet). Stands down when the claim was settled or the session is no longer
 * ahead; closed DMs leave the booking to staff.
 */
export async function deliverClaimNotification(row: OutboxRow): Promise<DeliveryResult> {
	const claimId = typeof row.payload.claim_id === 'string' ? row.payload.claim_id : null;
	const claim = claimId ? await loadClaim(container.db, claimId) : null;
	if (!claim?.discord_user_id) return { outcome: 'skipped', reason: 'the claim or its member no longer exists' };
	if (claim.status !== 'pending') return { outcome: 'skipped', reason: `the claim was ${claim.status}` };
	if (claim.booking_status !== 'scheduled' || claim.starts_at.getTime() <= Date.now()) return { outcome: 'skipped', reason: 'the booking is no longer ahead' };
	const t = await memberT(claim.discord_user_id);
	try {
		const user = await container.client.users.fetch(claim.discord_user_id);
		await user.send({ ...renderClaim(t, claim), nonce: nonceFor(row.id), enforceNonce: true });
		return { outcome: 'sent' };
	} catch (error) {
		if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
			return { outcome: 'skipped', reason: 'DMs closed: the booking waits for staff' };
		}
		throw error;
	}
}
