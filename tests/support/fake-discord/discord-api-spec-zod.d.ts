// discord-api-spec ships its zod schemas as plain JavaScript (package.json "types" points at the .js file),
// so TypeScript sees no declarations. These are the schemas the fake Discord validates request bodies with.
declare module 'discord-api-spec/zod' {
	import type { ZodMiniType } from 'zod/mini';

	export const MessageCreateRequestSchema: ZodMiniType;
	export const MessageEditRequestPartialSchema: ZodMiniType;
	export const PongInteractionCallbackRequestSchema: ZodMiniType;
	export const CreateMessageInteractionCallbackRequestSchema: ZodMiniType;
	export const UpdateMessageInteractionCallbackRequestSchema: ZodMiniType;
	export const ApplicationCommandAutocompleteCallbackRequestSchema: ZodMiniType;
	export const ModalInteractionCallbackRequestSchema: ZodMiniType;
	export const LaunchActivityInteractionCallbackRequestSchema: ZodMiniType;
	export const IncomingWebhookRequestPartialSchema: ZodMiniType;
	export const IncomingWebhookUpdateRequestPartialSchema: ZodMiniType;
	export const ApplicationCommandCreateRequestSchema: ZodMiniType;
	export const ApplicationCommandUpdateRequestSchema: ZodMiniType;
	export const ApplicationCommandPatchRequestPartialSchema: ZodMiniType;
	export const CreateTextThreadWithoutMessageRequestSchema: ZodMiniType;
	export const CreateTextThreadWithMessageRequestSchema: ZodMiniType;
	export const CreateGuildChannelRequestSchema: ZodMiniType;
	export const UpdateGuildChannelRequestPartialSchema: ZodMiniType;
	export const UpdateThreadRequestPartialSchema: ZodMiniType;
	export const CreatePrivateChannelRequestSchema: ZodMiniType;
}
