import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import {
	container,
	InteractionHandlerTypes,
	InternalRegistryAPIType,
	PluginHook,
	SapphireClient,
	type Command,
	type InteractionHandler,
	type Listener
} from '@sapphire/framework';
import { ScheduledTaskStore, type ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { ApplicationCommandOptionType, InteractionContextType, PermissionsBitField } from 'discord.js';
import { createClient, loadPiecesFromSources } from '../../bot/client.ts';
import { parseEnv, type Env } from '../../lib/config/env.ts';
import { CUSTOM_ID_KINDS } from '../../lib/custom-ids.ts';
import { createLogger } from '../../lib/log.ts';
import { projectRoot } from '../../lib/paths.ts';

/**
 * What the bot actually loads, read from Sapphire's stores (not a hand-kept list): the client is built with the
 * production options and its stores are loaded exactly as `login()` loads them, without connecting to Discord.
 */

export interface OptionCapability {
	name: string;
	type: string;
	required: boolean;
	description: string;
	choices: { name: string; value: string | number }[];
	/** Discord's bounds on the value (min_length/max_length for strings, min_value/max_value for numbers). */
	min: number | null;
	max: number | null;
	autocomplete: boolean;
}

export interface SlashCapability {
	name: string;
	description: string;
	options: OptionCapability[];
	subcommands: { name: string; description: string; options: OptionCapability[] }[];
	/** Discord's `default_member_permissions` as permission names (null: everyone sees the command). */
	defaultMemberPermissions: string[] | null;
	/** Where Discord offers the command (null: Discord's default). */
	contexts: string[] | null;
}

export interface CommandCapability {
	name: string;
	file: string;
	slash: SlashCapability | null;
	/** Prefix invocations (`!name` and aliases) when the command has a message handler. */
	prefix: string[];
	preconditions: string[];
	/** Refused server side to members who are not staff (the StaffOnly precondition). */
	staffOnly: boolean;
	/** Subcommands refused server side to members who are not staff (the StaffSubcommands precondition). */
	staffSubcommands: string[];
}

export interface ListenerCapability {
	name: string;
	event: string;
	emitter: string;
	once: boolean;
	file: string;
}

export interface HandlerCapability {
	name: string;
	type: string;
	/** Custom-id kinds (src/lib/custom-ids.ts) the handler's source refers to. */
	customIdKinds: string[];
	file: string;
}

export interface TaskCapability {
	name: string;
	intervalMs: number | null;
	pattern: string | null;
	file: string;
}

export interface Capabilities {
	commands: CommandCapability[];
	listeners: ListenerCapability[];
	interactionHandlers: HandlerCapability[];
	/** BullMQ tasks: loaded when REDIS_URL is set (without it the outbox runs in-process). */
	scheduledTasks: TaskCapability[];
	preconditions: { name: string; file: string }[];
}

/** A syntactically valid token that is never sent anywhere: the inventory does not log in. */
const placeholderToken = `${Buffer.from('100000000000000000').toString('base64url')}.AAAAAA.${'A'.repeat(38)}`;

function inventoryEnv(): Env {
	const parsed = parseEnv({ DISCORD_TOKEN: placeholderToken, FPSOS_LOG_LEVEL: 'silent' });
	if (!parsed.ok) throw new Error(parsed.problems.join('; '));
	return parsed.env;
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((a, b) => a.name.localeCompare(b.name));
const fileOf = (piece: { location: { full: string } }): string => relative(projectRoot, piece.location.full).split('\\').join('/');

interface ApiOption {
	type: number;
	name: string;
	description: string;
	required?: boolean;
	choices?: { name: string; value: string | number }[];
	options?: ApiOption[];
	min_length?: number;
	max_length?: number;
	min_value?: number;
	max_value?: number;
	autocomplete?: boolean;
}

interface ApiCommand {
	name: string;
	description: string;
	options?: ApiOption[];
	default_member_permissions?: string | null;
	contexts?: number[] | null;
}

function option(api: ApiOption): OptionCapability {
	const type = ApplicationCommandOptionType[api.type] ?? String(api.type);
	return {
		name: api.name,
		type: type.toLowerCase(),
		required: api.required === true,
		description: api.description,
		choices: (api.choices ?? []).map((choice) => ({ name: choice.name, value: choice.value })),
		min: api.min_length ?? api.min_value ?? null,
		max: api.max_length ?? api.max_value ?? null,
		autocomplete: api.autocomplete === true
	};
}

function slash(api: ApiCommand): SlashCapability {
	const all = api.options ?? [];
	const isSub = (o: ApiOption) =>
		o.type === (ApplicationCommandOptionType.Subcommand as number) || o.type === (ApplicationCommandOptionType.SubcommandGroup as number);
	const subcommands = all.filter(isSub).flatMap((sub) =>
		sub.type === (ApplicationCommandOptionType.SubcommandGroup as number)
			? (sub.options ?? []).map((inner) => ({
					name: `${sub.name} ${inner.name}`,
					description: inner.description,
					options: (inner.options ?? []).map(option)
				}))
			: [{ name: sub.name, description: sub.description, options: (sub.options ?? []).map(option) }]
	);
	const permissions = api.default_member_permissions;
	return {
		name: api.name,
		description: api.description,
		options: all.filter((o) => !isSub(o)).map(option),
		subcommands,
		defaultMemberPermissions: permissions === undefined || permissions === null ? null : new PermissionsBitField(BigInt(permissions)).toArray(),
		contexts: api.contexts ? api.contexts.map((context) => InteractionContextType[context] ?? String(context)) : null
	};
}

/** The `context.subcommands` of the command's StaffSubcommands precondition, if it has one. */
function staffSubcommandsOf(entries: unknown): string[] {
	if (!Array.isArray(entries)) return [];
	return entries.flatMap((entry: unknown): string[] => {
		if (Array.isArray(entry)) return staffSubcommandsOf(entry);
		if (!entry || typeof entry !== 'object') return [];
		const { name, context, entries: nested } = entry as { name?: unknown; context?: { subcommands?: unknown }; entries?: unknown };
		if (name === 'StaffSubcommands' && Array.isArray(context?.subcommands))
			return context.subcommands.filter((sub): sub is string => typeof sub === 'string');
		return staffSubcommandsOf(nested);
	});
}

function preconditionNames(entries: unknown): string[] {
	if (!Array.isArray(entries)) return [];
	return entries.flatMap((entry: unknown): string[] => {
		if (typeof entry === 'string') return [entry];
		if (Array.isArray(entry)) return preconditionNames(entry);
		if (entry && typeof entry === 'object') {
			const { name, entries: nested } = entry as { name?: unknown; entries?: unknown };
			if (typeof name === 'string') return [name];
			return preconditionNames(nested);
		}
		return [];
	});
}

async function describeCommand(command: Command, prefix: string): Promise<CommandCapability> {
	const registry = command.applicationCommandRegistry;
	if (command.registerApplicationCommands) await command.registerApplicationCommands(registry);
	// The registry keeps what it would send to Discord; it is private in the typings only.
	const calls = (registry as unknown as { apiCalls: { builtData: ApiCommand; type: InternalRegistryAPIType }[] }).apiCalls;
	const chatInput = calls.find((call) => call.type === InternalRegistryAPIType.ChatInput);
	const declared = (command.options as { preconditions?: unknown }).preconditions;
	const preconditions = preconditionNames(declared);
	const hasMessageRun = typeof (command as { messageRun?: unknown }).messageRun === 'function';
	return {
		name: command.name,
		file: fileOf(command),
		slash: chatInput ? slash(chatInput.builtData) : null,
		prefix: hasMessageRun ? [command.name, ...command.aliases].map((name) => `${prefix}${name}`) : [],
		preconditions,
		staffOnly: preconditions.includes('StaffOnly'),
		staffSubcommands: staffSubcommandsOf(declared)
	};
}

const kindByKey = new Map<string, string>(Object.entries(CUSTOM_ID_KINDS));

async function customIdKindsOf(file: string): Promise<string[]> {
	const source = await readFile(file, 'utf8');
	const kinds = new Set<string>();
	for (const match of source.matchAll(/CUSTOM_ID_KINDS\.(\w+)/g)) {
		const kind = kindByKey.get(match[1]!);
		if (kind) kinds.add(kind);
	}
	return [...kinds].sort();
}

const handlerTypeNames: Record<InteractionHandlerTypes, string> = {
	[InteractionHandlerTypes.Button]: 'button',
	[InteractionHandlerTypes.SelectMenu]: 'select menu',
	[InteractionHandlerTypes.ModalSubmit]: 'modal',
	[InteractionHandlerTypes.MessageComponent]: 'component',
	[InteractionHandlerTypes.Autocomplete]: 'autocomplete'
};

/** Loads every store the production client has (plus the task store Redis adds) and describes what is in it. */
export async function loadCapabilities(): Promise<Capabilities> {
	const env = inventoryEnv();
	const logger = createLogger('silent');
	container.config = env;
	container.log = logger;
	const client = createClient(env, logger);
	try {
		// With REDIS_URL the scheduled-tasks plugin registers this store; registering it alone needs no Redis.
		client.stores.register(new ScheduledTaskStore());
		loadPiecesFromSources();
		// What SapphireClient.login() does before it connects.
		if (client.options.baseUserDirectory) client.stores.registerPath(client.options.baseUserDirectory);
		for (const plugin of SapphireClient.plugins.values(PluginHook.PreLogin)) await plugin.hook.call(client, client.options);
		await Promise.all([...client.stores.values()].map((store) => store.loadAll()));

		const prefix = typeof client.options.defaultPrefix === 'string' ? client.options.defaultPrefix : '!';
		const commands = await Promise.all([...client.stores.get('commands').values()].map((command) => describeCommand(command, prefix)));
		const listeners = [...client.stores.get('listeners').values()].map((listener: Listener) => ({
			name: listener.name,
			event: String(listener.event),
			emitter: listener.emitter === client ? 'client' : typeof listener.options.emitter === 'string' ? listener.options.emitter : 'other',
			once: listener.once,
			file: fileOf(listener)
		}));
		const interactionHandlers = await Promise.all(
			[...client.stores.get('interaction-handlers').values()].map(async (handler: InteractionHandler) => ({
				name: handler.name,
				type: handlerTypeNames[handler.interactionHandlerType],
				customIdKinds: await customIdKindsOf(handler.location.full),
				file: fileOf(handler)
			}))
		);
		const scheduledTasks = [...(client.stores.get('scheduled-tasks').values() as Iterable<ScheduledTask>)].map((task) => ({
			name: task.name,
			intervalMs: task.interval,
			pattern: task.pattern,
			file: fileOf(task)
		}));
		const preconditions = [...client.stores.get('preconditions').values()]
			.filter((piece) => piece.location.full.startsWith(projectRoot))
			.map((piece) => ({ name: piece.name, file: fileOf(piece) }));
		return {
			commands: byName(commands),
			listeners: byName(listeners.filter((listener) => /^(dist\/)?src\//.test(listener.file))),
			interactionHandlers: byName(interactionHandlers),
			scheduledTasks: byName(scheduledTasks),
			preconditions: byName(preconditions)
		};
	} finally {
		await client.destroy();
	}
}
