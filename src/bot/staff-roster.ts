import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type Guild, type ThreadChannel } from 'discord.js';
import { memberIsStaff } from './staff.ts';

/** Members per page of Discord's member list (its maximum), and how many pages the bot reads at most (100,000 members). */
const PAGE_SIZE = 1000;
const MAX_PAGES = 100;

/**
 * Every staff member of the server (by `memberIsStaff`, bots left out), read from Discord's member list page by page
 * (`GET /guilds/{id}/members`, needs the Server Members intent) and not from the cache: without presences the cache
 * only holds members the bot happened to see.
 */
export async function listStaffIds(guild: Guild): Promise<string[]> {
	const ids: string[] = [];
	let after = '0';
	for (let page = 0; page < MAX_PAGES; page += 1) {
		const members = await guild.members.list({ limit: PAGE_SIZE, after, cache: false });
		for (const member of members.values()) if (!member.user.bot && memberIsStaff(member)) ids.push(member.id);
		if (members.size < PAGE_SIZE) break;
		after = [...members.keys()].reduce((last, id) => (BigInt(id) > BigInt(last) ? id : last), after);
	}
	return ids.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/**
 * Makes sure each user is a member of the private thread, so they can open it whatever their permissions (only
 * members and Manage Threads see a private thread). A bot's role mention adds nobody to a thread, so staff are added
 * one by one; those already in it cost nothing, and anyone who left the server meanwhile is skipped.
 */
export async function addToThread(thread: ThreadChannel, userIds: readonly string[]): Promise<void> {
	const present = new Set((await thread.members.fetch({ cache: false })).keys());
	for (const userId of userIds) {
		if (present.has(userId)) continue;
		try {
			await thread.members.add(userId);
		} catch (error) {
			if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember)) throw error;
			container.log.info('Staff member left before being added to a thread', { thread: thread.id });
		}
	}
}

/**
 * An archived thread is read-only (editing its messages, adding members: 50083). Sending would unarchive an unlocked
 * one on the way, but an edit or a member added first would fail: the bot (Manage Threads) unarchives it before acting.
 * A locked thread (a closed ticket) stays as it is: false.
 */
export async function reopenIfArchived(thread: ThreadChannel, reason: string): Promise<boolean> {
	if (!thread.archived) return true;
	if (thread.locked) return false;
	await thread.setArchived(false, reason);
	return true;
}

/** The staff of the thread's server, each added to the thread: who a message there must mention to reach the team. */
export async function bringStaffIn(thread: ThreadChannel): Promise<string[]> {
	const staff = await listStaffIds(thread.guild);
	await addToThread(thread, staff);
	return staff;
}
