import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type BaseMessageOptions, type Message } from 'discord.js';
import { recordDeparture } from '../lib/data/departures.ts';
import { servedGuild } from './served-guild.ts';

/**
 * Whether a member can still be reached. Discord refuses a DM to a user who shares no server with the bot: 50278
 * ("no mutual guilds", documented since March 2026), or 50007, the code bots have long got for it and still get for
 * DMs closed to server members. Only asking for the member tells the two apart.
 */
const isNoSharedServer = (error: unknown) =>
	error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds;
const isRefusedDm = (error: unknown) => error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
const isGone = (error: unknown) =>
	error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser);

/**
 * Whether the user is still a member of the served server, asked of Discord (one request: a cached member may be
 * stale when the departure was lost with an invalidated session); true when unsure.
 */
export async function stillInServer(discordUserId: string): Promise<boolean> {
	const guild = servedGuild();
	if (!guild) return true;
	try {
		await guild.members.fetch({ user: discordUserId, force: true });
		return true;
	} catch (error) {
		if (isGone(error)) return false;
		throw error;
	}
}

/** A departure learnt from Discord's answer rather than from GUILD_MEMBER_REMOVE (missed while the bot was away). */
export async function noteDeparture(discordUserId: string): Promise<void> {
	const departure = await recordDeparture(container.db, discordUserId);
	if (departure)
		container.log.info('Member left the server (learnt from Discord)', { member: departure.memberId, upcomingSessions: departure.upcoming });
}

export type DmOutcome = { ok: true; message: Message } | { ok: false; refused: 'closed' | 'left'; error: DiscordAPIError };

/**
 * Sends a member a DM, telling a refusal for closed DMs from one for a member who left (recorded as a departure).
 * Other errors are thrown.
 */
export async function dmMember(discordUserId: string, message: BaseMessageOptions & { nonce?: string; enforceNonce?: boolean }): Promise<DmOutcome> {
	try {
		// The DM channel straight from the id: no user lookup first (members are not all cached, and each lookup is
		// one more request in a queue discord.js runs one at a time).
		const dm = await container.client.users.createDM(discordUserId);
		return { ok: true, message: await dm.send(message) };
	} catch (error) {
		if (!(error instanceof DiscordAPIError) || !(isNoSharedServer(error) || isRefusedDm(error))) throw error;
		if (isNoSharedServer(error) || !(await stillInServer(discordUserId))) {
			await noteDeparture(discordUserId);
			return { ok: false, refused: 'left', error };
		}
		return { ok: false, refused: 'closed', error };
	}
}
