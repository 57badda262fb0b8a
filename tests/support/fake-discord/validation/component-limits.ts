import { ButtonStyle, ComponentType } from 'discord.js';
import { formatPath, issue, maxLength, minLength, required, type Issue, type PathSegment } from './issues.ts';
import { COMPONENTS_V2_FLAG, LIMITS } from './limits.ts';

type Json = Record<string, unknown>;

export const SELECT_TYPES: readonly number[] = [
	ComponentType.StringSelect,
	ComponentType.UserSelect,
	ComponentType.RoleSelect,
	ComponentType.MentionableSelect,
	ComponentType.ChannelSelect
];

/** Limits on message components: legacy action rows (5 rows; 5 buttons or 1 select each) or the components-v2 tree. */
export function messageComponentIssues(components: unknown, flags: number): Issue[] {
	if (!Array.isArray(components)) return [];
	const issues: Issue[] = [];
	const v2 = (flags & COMPONENTS_V2_FLAG) !== 0;
	if (v2) {
		const total = countComponents(components);
		if (total > LIMITS.componentsV2Total) issues.push(maxLength(['components'], total, LIMITS.componentsV2Total, 'components in total'));
	} else if (components.length > LIMITS.actionRows) {
		issues.push(maxLength(['components'], components.length, LIMITS.actionRows, 'action rows'));
	}
	components.forEach((component, index) => {
		const path: PathSegment[] = ['components', index];
		if (!isObject(component)) return;
		if (!v2 && component.type !== ComponentType.ActionRow) {
			issues.push(
				issue(
					path,
					'COMPONENT_TYPE_INVALID',
					'Top-level components must be action rows.',
					`type ${String(component.type)} without the IS_COMPONENTS_V2 flag`
				)
			);
			return;
		}
		walk(component, path, issues);
	});
	issues.push(...duplicateCustomIds(components, ['components']));
	return issues;
}

function walk(component: Json, path: PathSegment[], issues: Issue[]): void {
	const type = component.type;
	if (type === ComponentType.ActionRow) rowIssues(component, path, issues);
	else if (type === ComponentType.Button) buttonIssues(component, path, issues);
	else if (typeof type === 'number' && SELECT_TYPES.includes(type)) selectIssues(component, path, issues);
	if (Array.isArray(component.components)) {
		component.components.forEach((child, index) => {
			if (isObject(child)) walk(child, [...path, 'components', index], issues);
		});
	}
	if (isObject(component.accessory)) walk(component.accessory, [...path, 'accessory'], issues);
}

function rowIssues(row: Json, path: PathSegment[], issues: Issue[]): void {
	const children = Array.isArray(row.components) ? row.components.filter(isObject) : [];
	if (children.length === 0) {
		issues.push(minLength([...path, 'components'], 0, 1, 'components'));
		return;
	}
	const selects = children.filter((child) => typeof child.type === 'number' && SELECT_TYPES.includes(child.type));
	if (selects.length > 0 && children.length > 1) {
		issues.push(
			issue(
				[...path, 'components'],
				'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
				'The specified component exceeds the maximum width',
				`an action row with a select menu must hold only that select, it holds ${children.length} components`
			)
		);
	} else if (children.length > LIMITS.buttonsPerRow) {
		issues.push(
			issue(
				[...path, 'components'],
				'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
				'The specified component exceeds the maximum width',
				`${children.length} buttons in one action row, limit ${LIMITS.buttonsPerRow}`
			)
		);
	}
}

function buttonIssues(button: Json, path: PathSegment[], issues: Issue[]): void {
	const isLink = button.style === ButtonStyle.Link;
	const isPremium = button.style === ButtonStyle.Premium;
	if (typeof button.label === 'string' && button.label.length > LIMITS.buttonLabel) {
		issues.push(maxLength([...path, 'label'], button.label.length, LIMITS.buttonLabel));
	}
	if (typeof button.url === 'string' && button.url.length > LIMITS.buttonUrl) {
		issues.push(maxLength([...path, 'url'], button.url.length, LIMITS.buttonUrl));
	}
	if (isLink) {
		if (typeof button.url !== 'string') issues.push(required([...path, 'url']));
		if (button.custom_id !== undefined && button.custom_id !== null) {
			issues.push(issue([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A link button cannot have a custom_id.'));
		}
	} else if (!isPremium) {
		customIdIssues(button.custom_id, [...path, 'custom_id'], issues);
		if (button.url !== undefined && button.url !== null) {
			issues.push(issue([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url.'));
		}
	}
	if (!isPremium && !button.label && !button.emoji) {
		issues.push(issue([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button needs a label or an emoji.', 'neither given'));
	}
}

function selectIssues(select: Json, path: PathSegment[], issues: Issue[]): void {
	customIdIssues(select.custom_id, [...path, 'custom_id'], issues);
	if (typeof select.placeholder === 'string' && select.placeholder.length > LIMITS.selectPlaceholder) {
		issues.push(maxLength([...path, 'placeholder'], select.placeholder.length, LIMITS.selectPlaceholder));
	}
	const min = typeof select.min_values === 'number' ? select.min_values : 1;
	const max = typeof select.max_values === 'number' ? select.max_values : 1;
	if (max < min)
		issues.push(
			issue([...path, 'max_values'], 'SELECT_COMPONENT_MIN_MAX_INVALID', 'max_values must be >= min_values.', `min ${min}, max ${max}`)
		);
	if (select.type !== ComponentType.StringSelect) return;
	const options = Array.isArray(select.options) ? select.options : [];
	if (options.length === 0) issues.push(minLength([...path, 'options'], 0, 1, 'options'));
	if (options.length > LIMITS.selectOptions) issues.push(maxLength([...path, 'options'], options.length, LIMITS.selectOptions, 'options'));
	if (max > options.length && options.length > 0) {
		issues.push(
			issue(
				[...path, 'max_values'],
				'SELECT_COMPONENT_MAX_VALUES_TOO_LARGE',
				'max_values cannot exceed the number of options.',
				`max ${max}, ${options.length} options`
			)
		);
	}
	const seen = new Set<string>();
	options.forEach((option, index) => {
		if (!isObject(option)) return;
		const optionPath = [...path, 'options', index];
		for (const key of ['label', 'value', 'description'] as const) {
			const text = option[key];
			if (typeof text === 'string' && text.length > LIMITS.selectOptionText)
				issues.push(maxLength([...optionPath, key], text.length, LIMITS.selectOptionText));
			if (key !== 'description' && (typeof text !== 'string' || text.length === 0)) issues.push(required([...optionPath, key]));
		}
		if (typeof option.value === 'string') {
			if (seen.has(option.value)) {
				issues.push(
					issue(
						[...optionPath, 'value'],
						'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
						'Select option values must be unique.',
						`value "${option.value}" repeated`
					)
				);
			}
			seen.add(option.value);
		}
	});
}

export function customIdIssues(customId: unknown, path: PathSegment[], issues: Issue[]): void {
	if (typeof customId !== 'string' || customId.length === 0) issues.push(required(path));
	else if (customId.length > LIMITS.customId) issues.push(maxLength(path, customId.length, LIMITS.customId));
}

/** custom_id must be unique among all components of one message or modal. */
export function duplicateCustomIds(components: readonly unknown[], basePath: PathSegment[]): Issue[] {
	const firstSeen = new Map<string, PathSegment[]>();
	const issues: Issue[] = [];
	const visit = (node: unknown, path: PathSegment[]): void => {
		if (!isObject(node)) return;
		if (typeof node.custom_id === 'string') {
			const earlier = firstSeen.get(node.custom_id);
			if (earlier) {
				issues.push(
					issue(
						[...path, 'custom_id'],
						'COMPONENT_CUSTOM_ID_DUPLICATED',
						'Component custom id cannot be duplicated',
						`custom_id "${node.custom_id}" is also used at ${formatPath(earlier)}`
					)
				);
			} else {
				firstSeen.set(node.custom_id, path);
			}
		}
		if (Array.isArray(node.components)) node.components.forEach((child, index) => visit(child, [...path, 'components', index]));
		if (isObject(node.component)) visit(node.component, [...path, 'component']);
		if (isObject(node.accessory)) visit(node.accessory, [...path, 'accessory']);
	};
	components.forEach((component, index) => visit(component, [...basePath, index]));
	return issues;
}

function countComponents(components: readonly unknown[]): number {
	let total = 0;
	for (const component of components) {
		if (!isObject(component)) continue;
		total += 1;
		if (Array.isArray(component.components)) total += countComponents(component.components);
		if (isObject(component.accessory)) total += 1;
	}
	return total;
}

export function isObject(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
