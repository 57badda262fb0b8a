/** Discord's documented limits (developers/resources/message.mdx, components/reference.mdx, application-commands.mdx). */
export const LIMITS = {
	content: 2000,
	embedsPerMessage: 10,
	embedTitle: 256,
	embedDescription: 4096,
	embedFields: 25,
	embedFieldName: 256,
	embedFieldValue: 1024,
	embedFooterText: 2048,
	embedAuthorName: 256,
	embedsTotal: 6000,
	actionRows: 5,
	buttonsPerRow: 5,
	componentsV2Total: 40,
	customId: 100,
	buttonLabel: 80,
	buttonUrl: 512,
	selectPlaceholder: 150,
	selectOptions: 25,
	selectOptionText: 100,
	modalTitle: 45,
	modalComponents: 5,
	textInputLabel: 45,
	textInputValue: 4000,
	textInputPlaceholder: 100,
	labelLabel: 45,
	labelDescription: 100,
	fileUploadValues: 10,
	commandName: 32,
	commandDescription: 100,
	commandOptions: 25,
	commandChoices: 25,
	commandChoiceName: 100,
	commandChoiceStringValue: 100,
	commandTotalCharacters: 4000,
	chatInputCommands: 100,
	contextMenuCommands: 15,
	attachmentsPerMessage: 10,
	fileSizeBytes: 10 * 1024 * 1024,
	interactionDeadlineMs: 3000,
	interactionTokenLifetimeMs: 15 * 60 * 1000
} as const;

/** Discord's regex for command and option names (CHAT_INPUT ones must also be lowercase). */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** MessageFlags.IsComponentsV2 */
export const COMPONENTS_V2_FLAG = 1 << 15;
