import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder } from '@sapphire/plugin-i18next';
import type { SlashCommandBuilder, SlashCommandUserOption } from 'discord.js';
import { staffCommand, staffCommandScope } from './command-scope.ts';

/**
 * A staff command: refused server side to anyone who is not staff (the StaffOnly precondition, on top of its default
 * permission), and registered only where staff commands exist (command-scope.ts). A subclass gives its description
 * key and adds its subcommands and options in `build`; its name is the piece's (the file's) name.
 */
export abstract class StaffCommand extends Command {
	/** The locale key of the command's description. */
	protected abstract readonly descriptionKey: string;

	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, preconditions: ['StaffOnly', ...(options.preconditions ?? [])] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand(
			(builder) => this.build(staffCommand(applyDescriptionLocalizedBuilder(builder.setName(this.name), this.descriptionKey))),
			staffCommandScope()
		);
	}

	/** The command's subcommands and options (none by default). */
	protected build(builder: SlashCommandBuilder): unknown {
		return builder;
	}
}

/** The required `member:` option staff commands name a member with. */
export const requiredMember = (descriptionKey: string) => (option: SlashCommandUserOption) =>
	applyDescriptionLocalizedBuilder(option.setName('member'), descriptionKey).setRequired(true);
