import { ComponentType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { FakeFile } from '../files.ts';
import type { JsonObject } from '../model.ts';
import { attachmentToAPI, roleToAPI, userToAPI } from '../serialize.ts';
import { isObject } from '../validation/component-limits.ts';
import { isFakeFile } from './slash-options.ts';
import type { ModalView } from './views.ts';

/** What a member types or picks in a modal field: text, files (file upload), picked values (selects), a checkbox. */
export type ModalFieldValue = string | boolean | FakeFile | readonly FakeFile[] | readonly string[];

const ID_SELECTS: readonly number[] = [
	ComponentType.UserSelect,
	ComponentType.RoleSelect,
	ComponentType.MentionableSelect,
	ComponentType.ChannelSelect
];

/**
 * The `data` of a MODAL_SUBMIT in Discord's shape: action rows with text inputs, or Label (18) wrapping a text input,
 * select or file upload (19, with `resolved.attachments`). Missing required fields and unknown keys throw.
 */
export function buildModalSubmission(core: FakeCore, modal: ModalView, values: Readonly<Record<string, ModalFieldValue>>): JsonObject {
	const known = new Set(modal.fields.map((field) => field.customId));
	for (const key of Object.keys(values)) {
		if (!known.has(key)) throw new Error(`modal "${modal.title}" has no field "${key}" (fields: ${[...known].join(', ')})`);
	}
	const attachments: JsonObject = {};
	const users: JsonObject = {};
	const roles: JsonObject = {};
	const field = (input: JsonObject, label: string | null): JsonObject => {
		const customId = String(input.custom_id);
		const value = values[customId];
		const base = { type: input.type, id: input.id, custom_id: customId };
		const name = `modal "${modal.title}" field "${label ?? customId}"`;
		const required = input.required !== false;
		switch (input.type) {
			case ComponentType.TextInput: {
				const text = typeof value === 'string' ? value : typeof input.value === 'string' ? input.value : '';
				if (value !== undefined && typeof value !== 'string') throw new Error(`${name} takes text`);
				if (required && text.length === 0) throw new Error(`${name} is required`);
				if (typeof input.min_length === 'number' && text.length > 0 && text.length < input.min_length)
					throw new Error(`${name} needs at least ${input.min_length} characters`);
				if (typeof input.max_length === 'number' && text.length > input.max_length)
					throw new Error(`${name} takes at most ${input.max_length} characters`);
				return { ...base, value: text };
			}
			case ComponentType.FileUpload: {
				const files = value === undefined ? [] : isFakeFile(value) ? [value] : Array.isArray(value) && value.every(isFakeFile) ? value : null;
				if (!files) throw new Error(`${name} takes files (fakeFile(...))`);
				const min = typeof input.min_values === 'number' ? input.min_values : required ? 1 : 0;
				const max = typeof input.max_values === 'number' ? input.max_values : 1;
				if (files.length < min || files.length > max) throw new Error(`${name} takes ${min}-${max} file(s), got ${files.length}`);
				const ids = files.map((file) => {
					const stored = core.state.storeAttachment({
						channelId: modal.channelId,
						filename: file.name,
						data: file.data,
						contentType: file.contentType,
						ephemeral: true
					});
					attachments[stored.id] = attachmentToAPI(stored, core.state);
					return stored.id;
				});
				return { ...base, values: ids };
			}
			case ComponentType.Checkbox:
				return { ...base, value: value === true };
			case ComponentType.RadioGroup:
				return { ...base, value: typeof value === 'string' ? value : null };
			default: {
				const picked = value === undefined ? [] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
				if (!picked) throw new Error(`${name} takes a list of values`);
				if (required && picked.length === 0) throw new Error(`${name} is required`);
				if (typeof input.type === 'number' && ID_SELECTS.includes(input.type)) {
					for (const id of picked) {
						const user = core.state.users.get(id);
						const role = core.state.roles.get(id);
						if (user) users[id] = userToAPI(user);
						else if (role) roles[id] = roleToAPI(role);
					}
				}
				return { ...base, values: picked };
			}
		}
	};
	const components = modal.components.map((top) => {
		if (top.type === ComponentType.ActionRow) {
			const inner = Array.isArray(top.components) ? top.components.filter(isObject) : [];
			return {
				type: top.type,
				id: top.id,
				components: inner.map((input) => field(input, typeof input.label === 'string' ? input.label : null))
			};
		}
		if (top.type === ComponentType.Label && isObject(top.component)) {
			return { type: top.type, id: top.id, component: field(top.component, typeof top.label === 'string' ? top.label : null) };
		}
		return { type: top.type, id: top.id };
	});
	const resolved = Object.fromEntries(Object.entries({ attachments, users, roles }).filter(([, entries]) => Object.keys(entries).length > 0));
	return { custom_id: modal.customId, components, ...(Object.keys(resolved).length > 0 ? { resolved } : {}) };
}
