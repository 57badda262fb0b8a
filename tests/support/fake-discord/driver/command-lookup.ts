import { commandAvailability, CommandUnavailableError, placeOf } from '../command-scope.ts';
import type { FakeCore } from '../core.ts';
import type { CommandRecord } from '../model.ts';

/**
 * The chat-input command a member would find in Discord's picker in this channel (command-scope.ts decides). When
 * there is none, Discord's client sends nothing: the driver throws CommandUnavailableError saying why.
 */
export function findInvocableCommand(
	core: FakeCore,
	member: { readonly id: string; readonly username: string },
	name: string,
	channelId: string
): CommandRecord {
	const availability = commandAvailability(core, member.id, name, placeOf(core, channelId));
	if (!availability.ok) throw new CommandUnavailableError(`${member.username} cannot run /${name}: ${availability.reason}`);
	return availability.command;
}
