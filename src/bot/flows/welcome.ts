import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type GuildMember } from 'discord.js';
import { claimWelcome, recordJoin, releaseWelcome, setDmStatus } from '../../lib/data/members.ts';
import { sendableChannel } from '../channels.ts';
import { memberT, serverT } from '../i18n.ts';
import { ensureMember } from '../members.ts';
import { nonceFor } from '../outbox/nonce.ts';
import { renderWelcome, renderWelcomeFallback } from '../render/welcome.ts';
import { servedGuildId } from '../served-guild.ts';

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

/** A member passed rules screening (pending flipped to false) after joining: welcome them now. */
export async function onMemberScreened(member: GuildMember): Promise<void> {
	if (!isOurGuild(member) || member.pending) return;
	const row = await ensureMember(member.user);
	const [state] = await container.db.query<{ joined_at: Date | null; screening_passed_at: Date | null }>(
		'select joined_at, screening_passed_at from public.members where id = $1',
		[row.id]
	);
	// Only members we saw join while pending: role changes of long-time members are not joins.
	if (!state?.joined_at || state.screening_passed_at) return;
	await recordJoin(container.db, row.id, state.joined_at, true);
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
