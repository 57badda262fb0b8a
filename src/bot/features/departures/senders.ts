import { container } from '@sapphire/framework';
import type { DeliveryResult } from '../../../lib/outbox/outcome.ts';
import type { TypedOutboxRow } from '../../../lib/data/outbox.ts';
import { loadDepartureNotice } from '../../../lib/data/departures.ts';
import { sendableChannel } from '../../channels.ts';
import { serverT } from '../../i18n.ts';
import { renderDepartureNotice } from './render.ts';
import { nonceFor } from '../../outbox/nonce.ts';

/**
 * Tells staff, in the staff channel, that a member with a session ahead left the server (planned once per departure
 * with the departure itself, src/lib/data/departures.ts). Stands down when the member came back meanwhile or no
 * session is ahead any more.
 */
export async function deliverDepartureNotice(row: TypedOutboxRow<'member_left'>): Promise<DeliveryResult> {
	const leftAt = row.payload.left_at ?? null;
	const notice = row.member_id && leftAt ? await loadDepartureNotice(container.db, row.member_id, leftAt) : null;
	if (!notice?.discord_user_id) return { outcome: 'skipped', reason: 'the member no longer exists' };
	if (!notice.still_gone) return { outcome: 'skipped', reason: 'the member came back' };
	if (notice.sessions.length === 0) return { outcome: 'skipped', reason: 'no session is ahead any more' };
	const channel = await sendableChannel(container.config.DISCORD_STAFF_CHANNEL_ID);
	if (!channel) return { outcome: 'skipped', reason: 'DISCORD_STAFF_CHANNEL_ID is not set to a text channel' };
	await channel.send({ ...renderDepartureNotice(serverT(), notice), nonce: nonceFor(row.id), enforceNonce: true });
	return { outcome: 'sent' };
}
