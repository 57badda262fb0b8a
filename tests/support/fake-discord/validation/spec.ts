import * as spec from 'discord-api-spec/zod';
import type { ZodMiniType } from 'zod/mini';
import type { $ZodIssue } from 'zod/v4/core';
import { issue, valueAt, type Issue, type PathSegment } from './issues.ts';

/** The request-body schemas of discord-api-spec the fake validates against, by the name used in reasons. */
export const SPEC_SCHEMAS = {
	MessageCreateRequest: spec.MessageCreateRequestSchema,
	MessageEditRequestPartial: spec.MessageEditRequestPartialSchema,
	PongInteractionCallbackRequest: spec.PongInteractionCallbackRequestSchema,
	CreateMessageInteractionCallbackRequest: spec.CreateMessageInteractionCallbackRequestSchema,
	UpdateMessageInteractionCallbackRequest: spec.UpdateMessageInteractionCallbackRequestSchema,
	ApplicationCommandAutocompleteCallbackRequest: spec.ApplicationCommandAutocompleteCallbackRequestSchema,
	ModalInteractionCallbackRequest: spec.ModalInteractionCallbackRequestSchema,
	LaunchActivityInteractionCallbackRequest: spec.LaunchActivityInteractionCallbackRequestSchema,
	IncomingWebhookRequestPartial: spec.IncomingWebhookRequestPartialSchema,
	IncomingWebhookUpdateRequestPartial: spec.IncomingWebhookUpdateRequestPartialSchema,
	ApplicationCommandCreateRequest: spec.ApplicationCommandCreateRequestSchema,
	ApplicationCommandUpdateRequest: spec.ApplicationCommandUpdateRequestSchema,
	ApplicationCommandPatchRequestPartial: spec.ApplicationCommandPatchRequestPartialSchema,
	CreateTextThreadWithoutMessageRequest: spec.CreateTextThreadWithoutMessageRequestSchema,
	CreateTextThreadWithMessageRequest: spec.CreateTextThreadWithMessageRequestSchema,
	CreateGuildChannelRequest: spec.CreateGuildChannelRequestSchema,
	UpdateGuildChannelRequestPartial: spec.UpdateGuildChannelRequestPartialSchema,
	UpdateThreadRequestPartial: spec.UpdateThreadRequestPartialSchema,
	CreatePrivateChannelRequest: spec.CreatePrivateChannelRequestSchema
} satisfies Record<string, ZodMiniType>;

export type SpecSchemaName = keyof typeof SPEC_SCHEMAS;

/** Validates a body against a discord-api-spec schema and words the problems the way Discord does. */
export function specIssues(name: SpecSchemaName, body: unknown): Issue[] {
	const result = SPEC_SCHEMAS[name].safeParse(normalizeForSpec(body));
	if (result.success) return [];
	return flattenIssues(result.error.issues).map((raw) => toIssue(raw, body, name));
}

/**
 * Where the published spec disagrees with what Discord accepts (and discord.js sends), the spec loses:
 * permission bitfields are strings on the wire but `number` in the spec.
 */
function normalizeForSpec(body: unknown): unknown {
	if (Array.isArray(body)) return body.map(normalizeForSpec);
	if (body === null || typeof body !== 'object') return body;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
		const isBitfield = key === 'default_member_permissions' || key === 'allow' || key === 'deny';
		out[key] = isBitfield && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : normalizeForSpec(value);
	}
	return out;
}

/** Picks, inside a failed union, the branch that got furthest (the one whose `type` matched). */
function flattenIssues(issues: readonly $ZodIssue[]): $ZodIssue[] {
	return issues.flatMap((raw) => {
		if (raw.code !== 'invalid_union' || raw.errors.length === 0) return [raw];
		const branches = raw.errors.map((branch) => branch.map((inner) => ({ ...inner, path: [...raw.path, ...inner.path] })));
		const matched = branches.filter((branch) => !branch.some((inner) => inner.path[inner.path.length - 1] === 'type'));
		const best = (matched.length > 0 ? matched : branches).reduce((a, b) => (b.length < a.length ? b : a));
		return matched.length > 0 ? flattenIssues(best) : [raw];
	});
}

function toIssue(raw: $ZodIssue, body: unknown, schema: SpecSchemaName): Issue {
	const path = raw.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
	const value = valueAt(body, path);
	const source = `discord-api-spec ${schema}`;
	switch (raw.code) {
		case 'too_big': {
			const limit = Number(raw.maximum);
			if (raw.origin === 'string' || raw.origin === 'array') {
				const actual = typeof value === 'string' || Array.isArray(value) ? value.length : NaN;
				const unit = raw.origin === 'string' ? 'characters' : 'items';
				return issue(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${limit} or fewer in length.`, `${actual} ${unit}, limit ${limit}; ${source}`);
			}
			return issue(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${limit}.`, `got ${String(value)}; ${source}`);
		}
		case 'too_small': {
			const limit = Number(raw.minimum);
			if (raw.origin === 'string' || raw.origin === 'array') {
				const actual = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
				const unit = raw.origin === 'string' ? 'characters' : 'items';
				return issue(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${limit} or more in length.`, `${actual} ${unit}, minimum ${limit}; ${source}`);
			}
			return issue(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${limit}.`, `got ${String(value)}; ${source}`);
		}
		case 'invalid_type':
			return value === undefined
				? issue(path, 'BASE_TYPE_REQUIRED', 'This field is required', `missing; ${source}`)
				: issue(path, 'BASE_TYPE_BAD_TYPE', `Must be of type ${raw.expected}.`, `got ${describeValue(value)}; ${source}`);
		case 'invalid_value':
			return issue(path, 'BASE_TYPE_CHOICES', `Value must be one of ${JSON.stringify(raw.values)}.`, `got ${describeValue(value)}; ${source}`);
		case 'invalid_format':
			return issue(path, 'BASE_TYPE_INVALID_FORMAT', `Not a valid ${raw.format}.`, `got ${describeValue(value)}; ${source}`);
		case 'invalid_union':
			return issue(path, 'UNION_TYPE_CHOICES', 'Value does not match any allowed shape.', `got ${describeValue(value)}; ${source}`);
		default:
			return issue(path, 'BASE_TYPE_INVALID', raw.message, `${raw.code}; ${source}`);
	}
}

function describeValue(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
