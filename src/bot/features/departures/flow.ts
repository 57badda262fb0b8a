import { container } from '@sapphire/framework';
import { recordDeparture } from '../../../lib/data/departures.ts';
import { servedGuildId } from '../../served-guild.ts';

/**
 * A member left the served server (GUILD_MEMBER_REMOVE, partial members too): recorded once, whichever bot process
 * sees it first, with one staff notice when they have a session ahead. Nothing is sent to them until they return.
 */
export async function onMemberLeft(guildId: string, discordUserId: string): Promise<void> {
	if (guildId !== servedGuildId() || discordUserId === container.client.user?.id) return;
	const departure = await recordDeparture(container.db, discordUserId);
	if (departure) container.log.info('Member left the server', { member: departure.memberId, upcomingSessions: departure.upcoming });
}
