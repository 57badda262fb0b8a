import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { UploadedFile } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import type { ChannelRecord, JsonObject } from '../model.ts';
import { channelPermissions } from '../permissions.ts';
import { isObject } from '../validation/component-limits.ts';

/**
 * What a message needs beyond Send Messages (resources/message.mdx "Create Message" limitations; topics/permissions.mdx):
 * files need Attach Files and rich embeds Embed Links (403 50013; the docs list the permissions, the error for a bot's
 * embed without Embed Links is *reported*); a reply needs Read Message History (160002); TTS needs Send TTS Messages.
 * DMs need none of them. Recorded as violations: the bot asked for something its role does not grant.
 */
export function assertMessagePermissions(
	core: FakeCore,
	channel: ChannelRecord,
	body: JsonObject,
	files: readonly UploadedFile[],
	route: string
): void {
	if (channel.type === ChannelType.DM) return;
	const permissions = channelPermissions(core.state, core.bot.id, channel.id);
	const where = core.describeChannel(channel.id);
	const missing = (bit: bigint) => (permissions & PermissionFlagsBits.Administrator) === 0n && (permissions & bit) === 0n;
	const refuse = (name: string, what: string): never => {
		throw new HttpError(
			403,
			{ message: 'Missing Permissions', code: 50013 },
			{ kind: 'missing-permission', reason: `${route}: ${what} without ${name} in ${where} (403 50013)` }
		);
	};
	const attachments = Array.isArray(body.attachments) ? body.attachments.filter(isObject) : [];
	if ((files.length > 0 || attachments.length > 0) && missing(PermissionFlagsBits.AttachFiles))
		refuse('AttachFiles', `sent ${files.length || attachments.length} file(s)`);
	if (Array.isArray(body.embeds) && body.embeds.length > 0 && missing(PermissionFlagsBits.EmbedLinks))
		refuse('EmbedLinks', `sent ${body.embeds.length} embed(s)`);
	if (body.tts === true && missing(PermissionFlagsBits.SendTTSMessages)) refuse('SendTTSMessages', 'sent a TTS message');
	if (isObject(body.message_reference) && (body.message_reference.type ?? 0) === 0 && missing(PermissionFlagsBits.ReadMessageHistory)) {
		throw new HttpError(
			400,
			{ message: 'Cannot reply without permission to read message history', code: 160002 },
			{
				kind: 'missing-permission',
				reason: `${route}: replied to a message without ReadMessageHistory in ${where} (400 160002)`
			}
		);
	}
}

/** Without Read Message History the bot reads no history (GET messages answers an empty list) and no single message. */
export function canReadHistory(core: FakeCore, channel: ChannelRecord): boolean {
	if (channel.type === ChannelType.DM) return true;
	const permissions = channelPermissions(core.state, core.bot.id, channel.id);
	return (permissions & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ReadMessageHistory)) !== 0n;
}
