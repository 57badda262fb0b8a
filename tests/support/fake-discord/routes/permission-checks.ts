import { PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { HttpError } from '../http/errors.ts';
import { basePermissions, channelPermissions, hasPermission } from '../permissions.ts';

/** 403 50013 Missing Permissions (recorded) unless the bot has the permission, guild-wide or in a channel. */
export function assertBotHas(core: FakeCore, permission: bigint, channelId: string | null, route: string): void {
	const permissions = channelId ? channelPermissions(core.state, core.bot.id, channelId) : basePermissions(core.state, core.bot.id);
	if (hasPermission(permissions, permission)) return;
	const name = Object.entries(PermissionFlagsBits).find(([, bit]) => bit === permission)?.[0] ?? permission.toString();
	const where = channelId ? ` in ${core.describeChannel(channelId)}` : '';
	throw new HttpError(
		403,
		{ message: 'Missing Permissions', code: 50013 },
		{ kind: 'missing-permission', reason: `${route}: the bot lacks ${name}${where} (403 50013)` }
	);
}
