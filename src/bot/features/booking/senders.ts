import { container } from '@sapphire/framework';
import { loadClaim } from '../../../lib/data/booking-claims.ts';
import { hasLeft, MEMBER_LEFT } from '../../../lib/data/departures.ts';
import type { DeliveryResult } from '../../../lib/outbox/outcome.ts';
import type { TypedOutboxRow } from '../../../lib/data/outbox.ts';
import { memberT } from '../../i18n.ts';
import { dmMember } from '../../member-reach.ts';
import { renderClaim } from './claims.render.ts';
import { nonceFor } from '../../outbox/nonce.ts';

/**
 * Asks the member an unproven match named whether the booking is theirs, by DM only (a private thread would be the
 * booking's, and the booking is not theirs yet). Stands down when the claim was settled or the session is no longer
 * ahead; closed DMs leave the booking to staff, as does a member who left the server.
 */
export async function deliverClaimNotification(row: TypedOutboxRow<'booking_claim'>): Promise<DeliveryResult> {
	const claimId = row.payload.claim_id ?? null;
	const claim = claimId ? await loadClaim(container.db, claimId) : null;
	if (!claim?.discord_user_id) return { outcome: 'skipped', reason: 'the claim or its member no longer exists' };
	if (claim.status !== 'pending') return { outcome: 'skipped', reason: `the claim was ${claim.status}` };
	if (claim.booking_status !== 'scheduled' || claim.starts_at.getTime() <= Date.now())
		return { outcome: 'skipped', reason: 'the booking is no longer ahead' };
	if (await hasLeft(container.db, claim.discord_user_id)) return { outcome: 'skipped', reason: MEMBER_LEFT };
	const t = await memberT(claim.discord_user_id);
	const sent = await dmMember(claim.discord_user_id, { ...renderClaim(t, claim), nonce: nonceFor(row.id), enforceNonce: true });
	if (sent.ok) return { outcome: 'sent' };
	return { outcome: 'skipped', reason: sent.refused === 'left' ? MEMBER_LEFT : 'DMs closed: the booking waits for staff' };
}
