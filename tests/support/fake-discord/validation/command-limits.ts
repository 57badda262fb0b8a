import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { isObject } from './component-limits.ts';
import { issue, maxLength, minLength, required, type Issue, type PathSegment } from './issues.ts';
import { COMMAND_NAME_PATTERN, LIMITS } from './limits.ts';

type Json = Record<string, unknown>;

const CHAT_INPUT: number = ApplicationCommandType.ChatInput;

/** Limits on one application command (name, description, options, choices, total size). */
export function commandIssues(command: unknown, path: PathSegment[] = []): Issue[] {
	if (!isObject(command)) return [required(path)];
	const issues: Issue[] = [];
	const chatInput = command.type === undefined || command.type === null || command.type === CHAT_INPUT;
	nameIssues(command.name, [...path, 'name'], chatInput, issues);
	if (chatInput) descriptionIssues(command.description, [...path, 'description'], issues);
	else if (typeof command.description === 'string' && command.description.length > 0) {
		issues.push(
			issue(
				[...path, 'description'],
				'APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED',
				'Context menu commands have an empty description.',
				`got "${command.description}"`
			)
		);
	}
	const options = Array.isArray(command.options) ? command.options : [];
	if (!chatInput && options.length > 0) {
		issues.push(issue([...path, 'options'], 'APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED', 'Context menu commands have no options.'));
	}
	optionListIssues(options, [...path, 'options'], 0, issues);
	const size = totalCharacters(command);
	if (size > LIMITS.commandTotalCharacters) {
		issues.push(
			issue(
				path,
				'APPLICATION_COMMAND_TOO_LARGE',
				'Command exceeds maximum size (4000)',
				`${size} characters in names, descriptions and choices, limit ${LIMITS.commandTotalCharacters}`
			)
		);
	}
	return issues;
}

/** Limits on a bulk overwrite: each command, at most 100 slash commands and 15 of each context menu, names unique per type. */
export function bulkCommandIssues(body: unknown): Issue[] {
	if (!Array.isArray(body)) return [issue([], 'BASE_TYPE_BAD_TYPE', 'Must be an array of commands.')];
	const issues = body.flatMap((command, index) => commandIssues(command, [index]));
	const counts = new Map<number, number>();
	const names = new Map<string, number>();
	body.forEach((command, index) => {
		if (!isObject(command)) return;
		const type = typeof command.type === 'number' ? command.type : CHAT_INPUT;
		counts.set(type, (counts.get(type) ?? 0) + 1);
		const key = `${type}:${String(command.name)}`;
		const earlier = names.get(key);
		if (earlier !== undefined) {
			issues.push(
				issue(
					[index, 'name'],
					'APPLICATION_COMMANDS_DUPLICATE_NAME',
					'Application command names must be unique',
					`"${String(command.name)}" is also command [${earlier}]`
				)
			);
		}
		names.set(key, index);
	});
	for (const [type, count] of counts) {
		const limit = type === CHAT_INPUT ? LIMITS.chatInputCommands : LIMITS.contextMenuCommands;
		if (count > limit) issues.push(maxLength([], count, limit, `commands of type ${type}`));
	}
	return issues;
}

function optionListIssues(options: readonly unknown[], path: PathSegment[], depth: number, issues: Issue[]): void {
	if (options.length > LIMITS.commandOptions) issues.push(maxLength(path, options.length, LIMITS.commandOptions, 'options'));
	let sawOptional = false;
	const names = new Set<string>();
	const subcommands = options.filter((option) => isObject(option) && isSubcommandType(option.type)).length;
	if (subcommands > 0 && subcommands < options.length) {
		issues.push(issue(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommands and subcommand groups cannot be mixed with other options.'));
	}
	options.forEach((option, index) => {
		if (!isObject(option)) return;
		const at = [...path, index];
		nameIssues(option.name, [...at, 'name'], true, issues);
		descriptionIssues(option.description, [...at, 'description'], issues);
		if (typeof option.name === 'string') {
			if (names.has(option.name))
				issues.push(
					issue(
						[...at, 'name'],
						'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS',
						'Option names must be unique',
						`"${option.name}" repeated`
					)
				);
			names.add(option.name);
		}
		if (option.required === true && sawOptional) {
			issues.push(
				issue(
					[...at, 'required'],
					'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
					'Required options must be placed before non-required options',
					`"${String(option.name)}"`
				)
			);
		}
		if (option.required !== true && !isSubcommandType(option.type)) sawOptional = true;
		choiceIssues(option, at, issues);
		nestedIssues(option, at, depth, issues);
	});
}

function nestedIssues(option: Json, at: PathSegment[], depth: number, issues: Issue[]): void {
	const children = Array.isArray(option.options) ? option.options : [];
	if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
		if (depth > 0) issues.push(issue([...at, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommand groups cannot be nested.'));
		if (children.some((child) => !isObject(child) || child.type !== ApplicationCommandOptionType.Subcommand)) {
			issues.push(issue([...at, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'A subcommand group holds only subcommands.'));
		}
		optionListIssues(children, [...at, 'options'], depth + 1, issues);
	} else if (option.type === ApplicationCommandOptionType.Subcommand) {
		if (children.some((child) => isObject(child) && isSubcommandType(child.type))) {
			issues.push(issue([...at, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'A subcommand cannot hold subcommands.'));
		}
		optionListIssues(children, [...at, 'options'], depth + 1, issues);
	} else if (children.length > 0) {
		issues.push(issue([...at, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Only subcommands and groups have nested options.'));
	}
}

function choiceIssues(option: Json, at: PathSegment[], issues: Issue[]): void {
	const choices = Array.isArray(option.choices) ? option.choices : [];
	if (choices.length > LIMITS.commandChoices) issues.push(maxLength([...at, 'choices'], choices.length, LIMITS.commandChoices, 'choices'));
	choices.forEach((choice, index) => {
		if (!isObject(choice)) return;
		const choicePath = [...at, 'choices', index];
		if (typeof choice.name !== 'string' || choice.name.length === 0) issues.push(required([...choicePath, 'name']));
		else if (choice.name.length > LIMITS.commandChoiceName)
			issues.push(maxLength([...choicePath, 'name'], choice.name.length, LIMITS.commandChoiceName));
		if (typeof choice.value === 'string' && choice.value.length > LIMITS.commandChoiceStringValue) {
			issues.push(maxLength([...choicePath, 'value'], choice.value.length, LIMITS.commandChoiceStringValue));
		}
	});
}

function nameIssues(name: unknown, path: PathSegment[], lowercase: boolean, issues: Issue[]): void {
	if (typeof name !== 'string' || name.length === 0) {
		issues.push(required(path));
		return;
	}
	if (name.length > LIMITS.commandName) issues.push(maxLength(path, name.length, LIMITS.commandName));
	else if ((lowercase && name !== name.toLowerCase()) || (lowercase && !COMMAND_NAME_PATTERN.test(name))) {
		issues.push(
			issue(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid', `"${name}" must be 1-32 lowercase letters, digits, - or _`)
		);
	}
}

function descriptionIssues(description: unknown, path: PathSegment[], issues: Issue[]): void {
	if (typeof description !== 'string' || description.length === 0) issues.push(minLength(path, 0, 1));
	else if (description.length > LIMITS.commandDescription) issues.push(maxLength(path, description.length, LIMITS.commandDescription));
}

function isSubcommandType(type: unknown): boolean {
	return type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;
}

function totalCharacters(node: unknown): number {
	if (!isObject(node)) return 0;
	let total = 0;
	for (const key of ['name', 'description'] as const) if (typeof node[key] === 'string') total += node[key].length;
	if (Array.isArray(node.choices)) {
		for (const choice of node.choices) {
			if (isObject(choice)) total += textLength(choice.name) + textLength(choice.value);
		}
	}
	if (Array.isArray(node.options)) for (const option of node.options) total += totalCharacters(option);
	return total;
}

function textLength(value: unknown): number {
	return typeof value === 'string' ? value.length : typeof value === 'number' ? String(value).length : 0;
}
