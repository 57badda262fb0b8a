import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder } from '@sapphire/plugin-i18next';
import type { SlashCommandBuilder, SlashCommandSubcommandBuilder, SlashCommandUserOption } from 'discord.js';
import { memberCommand, staffCommand, staffCommandScope } from './command-scope.ts';

/**
 * The slash commands' bases, one per audience (command-scope.ts says where each exists). A command gives its
 * description key and adds its subcommands and options in `build`; its name is the piece's (the file's) name.
 */
abstract class SlashCommand extends Command {
	/** The locale key of the command's description. */
	protected abstract readonly descriptionKey: string;

	/** The command's subcommands and options (none by default). */
	protected build(builder: SlashCommandBuilder): unknown {
		return builder;
	}

	protected described(builder: SlashCommandBuilder): SlashCommandBuilder {
		return applyDescriptionLocalizedBuilder(builder.setName(this.name), this.descriptionKey);
	}
}

/** A member-facing command: global, in the server and in DMs with the bot. */
export abstract class MemberFacingCommand extends SlashCommand {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) => this.build(memberCommand(this.described(builder))));
	}
}

/**
 * A staff command: refused server side to anyone who is not staff (the StaffOnly precondition, on top of its default
 * permission), and registered only where staff commands exist.
 */
export abstract class StaffCommand extends SlashCommand {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, preconditions: ['StaffOnly', ...(options.preconditions ?? [])] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) => this.build(staffCommand(this.described(builder))), staffCommandScope());
	}
}

/** The required `member:` option staff commands name a member with. */
export const requiredMember = (descriptionKey: string) => (option: SlashCommandUserOption) =>
	applyDescriptionLocalizedBuilder(option.setName('member'), descriptionKey).setRequired(true);

/** A subcommand about one member: its name and description, and the required `member:` option. */
export const memberSubcommand = (name: string, descriptionKey: string, memberKey: string) => (sub: SlashCommandSubcommandBuilder) =>
	applyDescriptionLocalizedBuilder(sub.setName(name), descriptionKey).addUserOption(requiredMember(memberKey));
