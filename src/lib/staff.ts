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
