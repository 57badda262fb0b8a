import { ComponentType, TextInputStyle } from 'discord.js';
import { customIdIssues, duplicateCustomIds, isObject } from './component-limits.ts';
import { issue, maxLength, minLength, required, type Issue, type PathSegment } from './issues.ts';
import { LIMITS } from './limits.ts';

/** Limits on a modal (callback type 9 `data`): title 45, 1-5 top-level components, text inputs, labels, file uploads. */
export function modalIssues(modal: unknown): Issue[] {
	if (!isObject(modal)) return [required([])];
	const issues: Issue[] = [];
	customIdIssues(modal.custom_id, ['custom_id'], issues);
	if (typeof modal.title !== 'string' || modal.title.length === 0) issues.push(required(['title']));
	else if (modal.title.length > LIMITS.modalTitle) issues.push(maxLength(['title'], modal.title.length, LIMITS.modalTitle));
	const components = Array.isArray(modal.components) ? modal.components : [];
	if (components.length === 0) issues.push(minLength(['components'], 0, 1, 'components'));
	if (components.length > LIMITS.modalComponents)
		issues.push(maxLength(['components'], components.length, LIMITS.modalComponents, 'top-level components'));
	components.forEach((component, index) => {
		const path: PathSegment[] = ['components', index];
		if (!isObject(component)) return;
		if (component.type === ComponentType.ActionRow) actionRowIssues(component, path, issues);
		else if (component.type === ComponentType.Label) labelIssues(component, path, issues);
		else if (component.type !== ComponentType.TextDisplay) {
			issues.push(
				issue(
					[...path, 'type'],
					'MODAL_COMPONENT_TYPE_INVALID',
					'Modals hold action rows, labels and text displays.',
					`type ${String(component.type)}`
				)
			);
		}
	});
	issues.push(...duplicateCustomIds(components, ['components']));
	return issues;
}

function actionRowIssues(row: Record<string, unknown>, path: PathSegment[], issues: Issue[]): void {
	const children = Array.isArray(row.components) ? row.components : [];
	if (children.length !== 1) {
		issues.push(
			issue(
				[...path, 'components'],
				'MODAL_ACTION_ROW_INVALID',
				'A modal action row holds exactly one text input.',
				`${children.length} components`
			)
		);
	}
	children.forEach((child, index) => {
		if (!isObject(child)) return;
		const childPath = [...path, 'components', index];
		if (child.type !== ComponentType.TextInput) {
			issues.push(
				issue(
					[...childPath, 'type'],
					'MODAL_COMPONENT_TYPE_INVALID',
					'Only text inputs go in a modal action row.',
					`type ${String(child.type)}`
				)
			);
			return;
		}
		textInputIssues(child, childPath, issues, true);
	});
}

function labelIssues(label: Record<string, unknown>, path: PathSegment[], issues: Issue[]): void {
	if (typeof label.label !== 'string' || label.label.length === 0) issues.push(required([...path, 'label']));
	else if (label.label.length > LIMITS.labelLabel) issues.push(maxLength([...path, 'label'], label.label.length, LIMITS.labelLabel));
	if (typeof label.description === 'string' && label.description.length > LIMITS.labelDescription) {
		issues.push(maxLength([...path, 'description'], label.description.length, LIMITS.labelDescription));
	}
	const inner = label.component;
	if (!isObject(inner)) {
		issues.push(required([...path, 'component']));
		return;
	}
	const innerPath = [...path, 'component'];
	if (inner.type === ComponentType.TextInput) {
		textInputIssues(inner, innerPath, issues, false);
		if (inner.label !== undefined && inner.label !== null) {
			issues.push(
				issue([...innerPath, 'label'], 'TEXT_INPUT_LABEL_NOT_ALLOWED', 'A text input inside a Label takes its label from the Label.')
			);
		}
	} else if (inner.type === ComponentType.FileUpload) {
		customIdIssues(inner.custom_id, [...innerPath, 'custom_id'], issues);
		for (const key of ['min_values', 'max_values'] as const) {
			const value = inner[key];
			if (typeof value === 'number' && (value < 0 || value > LIMITS.fileUploadValues)) {
				issues.push(issue([...innerPath, key], 'NUMBER_TYPE_MAX', `Must be between 0 and ${LIMITS.fileUploadValues}.`, `got ${value}`));
			}
		}
	} else if (typeof inner.custom_id !== 'undefined') {
		customIdIssues(inner.custom_id, [...innerPath, 'custom_id'], issues);
	}
}

function textInputIssues(input: Record<string, unknown>, path: PathSegment[], issues: Issue[], needsLabel: boolean): void {
	customIdIssues(input.custom_id, [...path, 'custom_id'], issues);
	if (input.style !== TextInputStyle.Short && input.style !== TextInputStyle.Paragraph) {
		issues.push(issue([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2).', `got ${String(input.style)}`));
	}
	if (needsLabel && (typeof input.label !== 'string' || input.label.length === 0)) issues.push(required([...path, 'label']));
	if (typeof input.label === 'string' && input.label.length > LIMITS.textInputLabel)
		issues.push(maxLength([...path, 'label'], input.label.length, LIMITS.textInputLabel));
	if (typeof input.value === 'string' && input.value.length > LIMITS.textInputValue)
		issues.push(maxLength([...path, 'value'], input.value.length, LIMITS.textInputValue));
	if (typeof input.placeholder === 'string' && input.placeholder.length > LIMITS.textInputPlaceholder) {
		issues.push(maxLength([...path, 'placeholder'], input.placeholder.length, LIMITS.textInputPlaceholder));
	}
	const min = typeof input.min_length === 'number' ? input.min_length : 0;
	const max = typeof input.max_length === 'number' ? input.max_length : LIMITS.textInputValue;
	if (min < 0 || min > LIMITS.textInputValue)
		issues.push(issue([...path, 'min_length'], 'NUMBER_TYPE_MAX', 'Must be between 0 and 4000.', `got ${min}`));
	if (max < 1 || max > LIMITS.textInputValue)
		issues.push(issue([...path, 'max_length'], 'NUMBER_TYPE_MAX', 'Must be between 1 and 4000.', `got ${max}`));
	if (min > max)
		issues.push(issue([...path, 'min_length'], 'TEXT_INPUT_MIN_MAX_INVALID', 'min_length must be <= max_length.', `min ${min}, max ${max}`));
}
