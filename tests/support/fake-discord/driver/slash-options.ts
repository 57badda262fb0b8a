import { ApplicationCommandOptionType as OptionType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { FakeFile } from '../files.ts';
import type { CommandRecord, JsonObject } from '../model.ts';
import { channelPermissions } from '../permissions.ts';
import { attachmentToAPI, partialMemberToAPI, roleToAPI, userToAPI } from '../serialize.ts';
import { clip } from '../transcript.ts';

/** What a member can put in a slash option: text, numbers, booleans, a file, or anything with an `id` (member, role). */
export type SlashOptionValue = string | number | boolean | FakeFile | { readonly id: string };

export interface SlashInvocation {
	readonly subcommand?: string;
	readonly group?: string;
	readonly options?: Readonly<Record<string, SlashOptionValue>>;
}

interface Resolved {
	users: JsonObject;
	members: JsonObject;
	roles: JsonObject;
	channels: JsonObject;
	attachments: JsonObject;
}

/**
 * Turns `{ subcommand, options }` into the `data` of an APPLICATION_COMMAND interaction, checked against the command
 * the bot registered (as Discord's client would: unknown options, missing required ones, wrong types and choices are
 * test mistakes and throw).
 */
export function buildSlashData(
	core: FakeCore,
	command: CommandRecord,
	invocation: SlashInvocation,
	channelId: string
): { data: JsonObject; label: string } {
	const name = `/${command.name}`;
	const top = (command.options ?? []) as unknown as JsonObject[];
	const isSub = (option: JsonObject): boolean => option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup;
	let leaf = top;
	let path = name;
	let wrap = (options: JsonObject[]): JsonObject[] => options;
	if (invocation.group) {
		const group = find(top, OptionType.SubcommandGroup, invocation.group, name);
		const sub = find(children(group), OptionType.Subcommand, invocation.subcommand ?? '', `${name} ${invocation.group}`);
		leaf = children(sub);
		path = `${name} ${invocation.group} ${String(sub.name)}`;
		wrap = (options) => [
			{ type: OptionType.SubcommandGroup, name: group.name, options: [{ type: OptionType.Subcommand, name: sub.name, options }] }
		];
	} else if (invocation.subcommand) {
		const sub = find(top, OptionType.Subcommand, invocation.subcommand, name);
		leaf = children(sub);
		path = `${name} ${invocation.subcommand}`;
		wrap = (options) => [{ type: OptionType.Subcommand, name: sub.name, options }];
	} else if (top.some(isSub)) {
		throw new Error(`${name} needs a subcommand: ${top.map((option) => String(option.name)).join(', ')}`);
	}
	const resolved: Resolved = { users: {}, members: {}, roles: {}, channels: {}, attachments: {} };
	const given = invocation.options ?? {};
	for (const key of Object.keys(given)) {
		if (!leaf.some((option) => option.name === key)) {
			throw new Error(`${path} has no option "${key}" (options: ${leaf.map((option) => String(option.name)).join(', ') || 'none'})`);
		}
	}
	const options: JsonObject[] = [];
	const parts: string[] = [path];
	for (const definition of leaf) {
		const optionName = String(definition.name);
		const value = given[optionName];
		if (value === undefined) {
			if (definition.required === true) throw new Error(`${path} needs option "${optionName}" (required)`);
			continue;
		}
		const wire = convert(core, definition, value, `${path} ${optionName}`, resolved, channelId);
		options.push({ type: definition.type, name: optionName, value: wire });
		parts.push(`${optionName}=${describe(value)}`);
	}
	const nonEmpty = Object.fromEntries(Object.entries(resolved).filter(([, entries]) => Object.keys(entries as JsonObject).length > 0));
	const data: JsonObject = {
		id: command.id,
		name: command.name,
		type: command.type,
		...(command.guild_id ? { guild_id: command.guild_id } : {}),
		...(wrap(options).length > 0 ? { options: wrap(options) } : {}),
		...(Object.keys(nonEmpty).length > 0 ? { resolved: nonEmpty } : {})
	};
	return { data, label: parts.join(' ') };
}

function find(options: JsonObject[], type: OptionType, name: string, where: string): JsonObject {
	const found = options.find((option) => option.type === type && option.name === name);
	if (!found) {
		const kind = type === OptionType.SubcommandGroup ? 'subcommand group' : 'subcommand';
		const known = options.filter((option) => option.type === type).map((option) => String(option.name));
		throw new Error(`${where} has no ${kind} "${name}" (${kind}s: ${known.join(', ') || 'none'})`);
	}
	return found;
}

function children(option: JsonObject): JsonObject[] {
	return Array.isArray(option.options) ? (option.options as JsonObject[]) : [];
}

function convert(
	core: FakeCore,
	definition: JsonObject,
	value: SlashOptionValue,
	where: string,
	resolved: Resolved,
	channelId: string
): string | number | boolean {
	const { state } = core;
	const type = definition.type;
	const idOf = (input: SlashOptionValue): string =>
		typeof input === 'string' ? input : typeof input === 'object' && 'id' in input ? input.id : '';
	switch (type) {
		case OptionType.String:
			if (typeof value !== 'string') throw new Error(`${where} takes a string, got ${describe(value)}`);
			checkChoicesAndRange(definition, value, where);
			return value;
		case OptionType.Integer:
		case OptionType.Number:
			if (typeof value !== 'number' || (type === OptionType.Integer && !Number.isInteger(value))) {
				throw new Error(`${where} takes ${type === OptionType.Integer ? 'an integer' : 'a number'}, got ${describe(value)}`);
			}
			checkChoicesAndRange(definition, value, where);
			return value;
		case OptionType.Boolean:
			if (typeof value !== 'boolean') throw new Error(`${where} takes a boolean, got ${describe(value)}`);
			return value;
		case OptionType.User:
		case OptionType.Mentionable: {
			const id = idOf(value);
			const user = state.users.get(id);
			const role = state.roles.get(id);
			if (user) {
				resolved.users[id] = userToAPI(user);
				const member = state.members.get(id);
				if (member?.inGuild)
					resolved.members[id] = { ...partialMemberToAPI(state, member), permissions: channelPermissions(state, id, channelId).toString() };
				return id;
			}
			if (role && type === OptionType.Mentionable) {
				resolved.roles[id] = roleToAPI(role);
				return id;
			}
			throw new Error(`${where} takes a ${type === OptionType.User ? 'user' : 'user or role'}, got ${describe(value)}`);
		}
		case OptionType.Role: {
			const role = state.roles.get(idOf(value));
			if (!role) throw new Error(`${where} takes a role id, got ${describe(value)}`);
			resolved.roles[role.id] = roleToAPI(role);
			return role.id;
		}
		case OptionType.Channel: {
			const channel = state.channels.get(idOf(value));
			if (!channel) throw new Error(`${where} takes a channel id, got ${describe(value)}`);
			const allowed = Array.isArray(definition.channel_types) ? (definition.channel_types as number[]) : null;
			if (allowed && !allowed.includes(channel.type))
				throw new Error(`${where} accepts channel types ${allowed.join(', ')}, got type ${channel.type}`);
			resolved.channels[channel.id] = {
				id: channel.id,
				name: channel.name,
				type: channel.type,
				parent_id: channel.parentId,
				permissions: channelPermissions(state, core.bot.id, channel.id).toString(),
				...(channel.thread ? { thread_metadata: { archived: channel.thread.archived, locked: channel.thread.locked } } : {})
			};
			return channel.id;
		}
		case OptionType.Attachment: {
			if (!isFakeFile(value)) throw new Error(`${where} takes a file (fakeFile(name, content)), got ${describe(value)}`);
			if (value.data.byteLength > core.config.maxFileBytes)
				throw new Error(`${where}: Discord's client refuses files over ${core.config.maxFileBytes} bytes`);
			const attachment = state.storeAttachment({
				channelId,
				filename: value.name,
				data: value.data,
				contentType: value.contentType,
				ephemeral: true
			});
			resolved.attachments[attachment.id] = attachmentToAPI(attachment, core.state);
			return attachment.id;
		}
		default:
			throw new Error(`${where}: option type ${String(type)} is not supported by the fake`);
	}
}

function checkChoicesAndRange(definition: JsonObject, value: string | number, where: string): void {
	const choices = Array.isArray(definition.choices) ? (definition.choices as JsonObject[]) : [];
	if (choices.length > 0 && !choices.some((choice) => choice.value === value)) {
		throw new Error(`${where} must be one of ${choices.map((choice) => JSON.stringify(choice.value)).join(', ')}, got ${JSON.stringify(value)}`);
	}
	if (typeof value === 'string') {
		if (typeof definition.min_length === 'number' && value.length < definition.min_length)
			throw new Error(`${where} needs at least ${definition.min_length} characters`);
		if (typeof definition.max_length === 'number' && value.length > definition.max_length)
			throw new Error(`${where} takes at most ${definition.max_length} characters`);
	} else {
		if (typeof definition.min_value === 'number' && value < definition.min_value) throw new Error(`${where} must be >= ${definition.min_value}`);
		if (typeof definition.max_value === 'number' && value > definition.max_value) throw new Error(`${where} must be <= ${definition.max_value}`);
	}
}

export function isFakeFile(value: unknown): value is FakeFile {
	return (
		typeof value === 'object' &&
		value !== null &&
		'data' in value &&
		Buffer.isBuffer(value.data) &&
		'name' in value &&
		typeof value.name === 'string'
	);
}

function describe(value: SlashOptionValue): string {
	if (isFakeFile(value)) return `${value.name} (${value.data.byteLength} B)`;
	if (typeof value === 'object') return `<${value.id}>`;
	return typeof value === 'string' ? JSON.stringify(clip(value, 40)) : String(value);
}
