import { CALLBACKS } from '../callbacks.ts';
import { clip } from '../transcript.ts';
import { isObject } from '../validation/component-limits.ts';
import type { UploadedFile } from './body.ts';

/** A one-line description of what the bot sent, for the transcript. */
export function summarizeBody(json: unknown, files: readonly UploadedFile[]): string {
	const parts: string[] = [];
	if (Array.isArray(json)) parts.push(`[${json.length} items${json.length > 0 ? `: ${json.map(name).filter(Boolean).join(', ')}` : ''}]`);
	else if (isObject(json)) {
		const callback = typeof json.type === 'number' ? CALLBACKS[json.type] : undefined;
		if (callback && ('data' in json || json.type === 5 || json.type === 6)) {
			parts.push(`type ${String(json.type)} (${callback.name})`);
			if (isObject(json.data)) parts.push(...describeMessage(json.data));
		} else {
			parts.push(...describeMessage(json));
			for (const key of ['name', 'recipient_id', 'archived', 'locked']) if (key in json) parts.push(`${key}=${JSON.stringify(json[key])}`);
		}
	}
	if (files.length > 0) parts.push(`files: ${files.map((file) => `${file.name} (${file.data.byteLength} B)`).join(', ')}`);
	return parts.join(', ');
}

function describeMessage(body: Record<string, unknown>): string[] {
	const parts: string[] = [];
	if (typeof body.title === 'string') parts.push(`title "${clip(body.title, 40)}"`);
	if (typeof body.custom_id === 'string') parts.push(`custom_id "${body.custom_id}"`);
	if (typeof body.content === 'string' && body.content.length > 0) parts.push(`"${clip(body.content)}"`);
	if (Array.isArray(body.embeds) && body.embeds.length > 0) {
		const titles = body.embeds
			.map((embed) => (isObject(embed) && typeof embed.title === 'string' ? `"${clip(embed.title, 30)}"` : ''))
			.filter(Boolean);
		parts.push(`${body.embeds.length} embed(s)${titles.length > 0 ? ` ${titles.join(' ')}` : ''}`);
	}
	if (Array.isArray(body.components) && body.components.length > 0) parts.push(`components [${customIds(body.components).join(', ')}]`);
	if (typeof body.flags === 'number' && (body.flags & 64) !== 0) parts.push('ephemeral');
	return parts;
}

function customIds(components: readonly unknown[]): string[] {
	const ids: string[] = [];
	const visit = (node: unknown): void => {
		if (!isObject(node)) return;
		if (typeof node.custom_id === 'string') ids.push(node.custom_id);
		else if (typeof node.url === 'string') ids.push(`link ${clip(node.url, 30)}`);
		if (Array.isArray(node.components)) node.components.forEach(visit);
		if (isObject(node.component)) visit(node.component);
		if (isObject(node.accessory)) visit(node.accessory);
	};
	components.forEach(visit);
	return ids;
}

function name(item: unknown): string {
	return isObject(item) && typeof item.name === 'string' ? item.name : '';
}
