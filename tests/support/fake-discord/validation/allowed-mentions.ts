import { isObject } from './component-limits.ts';
import { issue, type Issue } from './issues.ts';

/** 50035 for what Discord refuses in `allowed_mentions`: `parse` with a list of the same kind, more than 100 ids. */
export function allowedMentionsIssues(body: unknown): Issue[] {
	if (!isObject(body) || !isObject(body.allowed_mentions)) return [];
	const value = body.allowed_mentions;
	const parse = Array.isArray(value.parse) ? value.parse.map(String) : [];
	const issues: Issue[] = [];
	for (const kind of ['users', 'roles'] as const) {
		const list = value[kind];
		if (Array.isArray(list) && list.length > 0 && parse.includes(kind)) {
			issues.push(
				issue(
					['allowed_mentions', kind],
					'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
					`parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`,
					`parse has "${kind}" and ${kind} lists ${list.length} id(s)`
				)
			);
		}
		if (Array.isArray(list) && list.length > 100)
			issues.push(
				issue(['allowed_mentions', kind], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.', `${list.length} ids, limit 100`)
			);
	}
	return issues;
}
