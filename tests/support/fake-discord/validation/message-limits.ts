import { messageComponentIssues, isObject } from './component-limits.ts';
import { issue, maxLength, required, type Issue, type PathSegment } from './issues.ts';
import { LIMITS } from './limits.ts';

/** Limits on anything that becomes a message: content, embeds, components, attachments. */
export function messageLimitIssues(body: unknown, fileCount: number): Issue[] {
	if (!isObject(body)) return [];
	const issues: Issue[] = [];
	if (typeof body.content === 'string' && body.content.length > LIMITS.content) {
		issues.push(maxLength(['content'], body.content.length, LIMITS.content));
	}
	if (Array.isArray(body.embeds)) issues.push(...embedIssues(body.embeds));
	const flags = typeof body.flags === 'number' ? body.flags : 0;
	issues.push(...messageComponentIssues(body.components, flags));
	if (Array.isArray(body.attachments) && body.attachments.length > LIMITS.attachmentsPerMessage) {
		issues.push(maxLength(['attachments'], body.attachments.length, LIMITS.attachmentsPerMessage, 'attachments'));
	}
	if (fileCount > LIMITS.attachmentsPerMessage) {
		issues.push(maxLength(['files'], fileCount, LIMITS.attachmentsPerMessage, 'files'));
	}
	return issues;
}

/** Discord refuses (50006) a new message with nothing in it. */
export function isEmptyMessage(body: unknown, fileCount: number): boolean {
	if (!isObject(body)) return fileCount === 0;
	const has = (value: unknown): boolean => (typeof value === 'string' ? value.length > 0 : Array.isArray(value) ? value.length > 0 : value != null);
	return fileCount === 0 && !has(body.content) && !has(body.embeds) && !has(body.components) && !has(body.sticker_ids) && !has(body.poll);
}

function embedIssues(embeds: readonly unknown[]): Issue[] {
	const issues: Issue[] = [];
	if (embeds.length > LIMITS.embedsPerMessage) issues.push(maxLength(['embeds'], embeds.length, LIMITS.embedsPerMessage, 'embeds'));
	let total = 0;
	embeds.forEach((embed, index) => {
		if (!isObject(embed)) return;
		const path: PathSegment[] = ['embeds', index];
		const text = (value: unknown, at: PathSegment[], limit: number): void => {
			if (typeof value !== 'string') return;
			total += value.length;
			if (value.length > limit) issues.push(maxLength(at, value.length, limit));
		};
		text(embed.title, [...path, 'title'], LIMITS.embedTitle);
		text(embed.description, [...path, 'description'], LIMITS.embedDescription);
		if (isObject(embed.footer)) text(embed.footer.text, [...path, 'footer', 'text'], LIMITS.embedFooterText);
		if (isObject(embed.author)) text(embed.author.name, [...path, 'author', 'name'], LIMITS.embedAuthorName);
		const fields = Array.isArray(embed.fields) ? embed.fields : [];
		if (fields.length > LIMITS.embedFields) issues.push(maxLength([...path, 'fields'], fields.length, LIMITS.embedFields, 'fields'));
		fields.forEach((field, fieldIndex) => {
			if (!isObject(field)) return;
			const fieldPath = [...path, 'fields', fieldIndex];
			if (typeof field.name !== 'string' || field.name.length === 0) issues.push(required([...fieldPath, 'name']));
			if (typeof field.value !== 'string' || field.value.length === 0) issues.push(required([...fieldPath, 'value']));
			text(field.name, [...fieldPath, 'name'], LIMITS.embedFieldName);
			text(field.value, [...fieldPath, 'value'], LIMITS.embedFieldValue);
		});
	});
	if (total > LIMITS.embedsTotal) {
		issues.push(
			issue(
				['embeds'],
				'MAX_EMBED_SIZE_EXCEEDED',
				`Embed size exceeds maximum size of ${LIMITS.embedsTotal}`,
				`${total} characters in all embeds together (title, description, field names and values, footer, author), limit ${LIMITS.embedsTotal}`
			)
		);
	}
	return issues;
}
