/**
 * Who counts as staff: a member holding the configured staff role, or, when no staff role is configured, a member
 * with the Manage Server permission. Decided by the bot from the member data Discord sends, never by a client flag.
 */
export interface StaffCheck {
	staffRoleId: string | undefined;
	memberRoleIds: readonly string[];
	canManageGuild: boolean;
}

export function isStaff({ staffRoleId, memberRoleIds, canManageGuild }: StaffCheck): boolean {
	if (staffRoleId) return memberRoleIds.includes(staffRoleId) || canManageGuild;
	return canManageGuild;
}

/**
 * How many people one message mentions at most when the bot calls staff by name: a few lines on screen, far below
 * Discord's 100 ids in `allowed_mentions.users`. A larger team gets several messages.
 */
export const STAFF_MENTIONS_PER_MESSAGE = 25;

/** The ids in groups of `size` (the last one shorter), in order. */
export function inBatches<T>(items: readonly T[], size = STAFF_MENTIONS_PER_MESSAGE): T[][] {
	const batches: T[][] = [];
	for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
	return batches;
}
