import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type GuildMember } from 'discord.js';
import { claimWelcome, findMemberByDiscordId, recordJoin, releaseWelcome, setDmStatus } from '../../../lib/data/members.ts';
import { sendableChannel } from '../../channels.ts';
import { memberT, serverT } from '../../i18n.ts';
import { ensureMember } from '../../members.ts';
import { nonceFor } from '../../outbox/nonce.ts';
import { renderWelcome, renderWelcomeFallback } from './render.ts';
import { servedGuildId } from '../../served-guild.ts';

function isOurGuild(member: GuildMember): boolean {
	return !member.user.bot && member.guild.id === servedGuildId();
}

/** A member joined: remember them; welcome now if rules screening is passed, else when it is. */
export async function onMemberJoined(member: GuildMember): Promise<void> {
	if (!isOurGuild(member)) return;
	const row = await ensureMember(member.user);
	await recordJoin(container.db, row.id, member.joinedAt ?? new Date(), !member.pending);
	if (!member.pending) await deliverWelcome(member, row.id);
}

/**
 * A member's update says they are past rules screening. Only a member we recorded as joined while pending, and not
 * welcomed, is welcomed now (their first pending->false). Any other update (a role or nickname change, a member the
 * bot never met, one who deleted their data) creates and changes nothing: the old member is often partial (Discord
 * sends the bot only itself at start), so the database, not `previous.pending`, says whether this is a transition.
 */
export async function onMemberScreened(member: GuildMember): Promise<void> {
	if (!isOurGuild(member) || member.pending) return;
	const row = await findMemberByDiscordId(container.db, member.id);
	if (!row?.joined_at || row.screening_passed_at) return;
	await recordJoin(container.db, row.id, row.joined_at, true);
	await deliverWelcome(member, row.id);
}

/**
 * Sends the welcome exactly once (claimed in the database first). Closed DMs (50007) fall back to a short public
 * welcome in the welcome channel, and the member is remembered as unreachable by DM. Welcomes take their turn at the
 * process's pacer (a wave of joins must not flood Discord), and carry a nonce with enforce_nonce, so a send that
 * discord.js repeats after a lost answer shows once.
 */
async function deliverWelcome(member: GuildMember, memberId: string): Promise<void> {
	if (!(await claimWelcome(container.db, memberId))) return;
	const nonce = nonceFor(`welcome-${memberId}`);
	try {
		const t = await memberT(member.id);
		await container.deliveryPacer.turn();
		await member.send({ ...renderWelcome(t, member.displayName, { languageChoice: true }), nonce, enforceNonce: true });
		await setDmStatus(container.db, memberId, 'open');
	} catch (error) {
		if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)) {
			await releaseWelcome(container.db, memberId);
			throw error;
		}
		await setDmStatus(container.db, memberId, 'closed');
		const channel = await sendableChannel(container.config.DISCORD_WELCOME_CHANNEL_ID);
		if (channel) await channel.send({ ...renderWelcomeFallback(serverT(), member.id), nonce, enforceNonce: true });
		else container.log.warn('Welcome fallback skipped: DISCORD_WELCOME_CHANNEL_ID is not a text channel the bot can use', { member: memberId });
	}
}
