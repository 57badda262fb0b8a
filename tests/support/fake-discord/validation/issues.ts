/** One thing wrong with a request body, in Discord's terms. */
export interface Issue {
	/** Where in the body, e.g. ['embeds', 0, 'title']. */
	readonly path: readonly (string | number)[];
	/** Discord's error code, e.g. BASE_TYPE_MAX_LENGTH. */
	readonly code: string;
	/** Discord's message, e.g. "Must be 2000 or fewer in length." */
	readonly message: string;
	/** For people: the limit and what was actually sent, e.g. "2001 characters, limit 2000". */
	readonly detail?: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
	if (path.length === 0) return '(body)';
	return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

export function maxLength(path: readonly PathSegment[], actual: number, limit: number, unit = 'characters'): Issue {
	return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.`, detail: `${actual} ${unit}, limit ${limit}` };
}

export function minLength(path: readonly PathSegment[], actual: number, limit: number, unit = 'characters'): Issue {
	return { path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${limit} or more in length.`, detail: `${actual} ${unit}, minimum ${limit}` };
}

export function required(path: readonly PathSegment[]): Issue {
	return { path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required', detail: 'missing' };
}

export function issue(path: readonly PathSegment[], code: string, message: string, detail?: string): Issue {
	return detail === undefined ? { path, code, message } : { path, code, message, detail };
}

export function prefixIssues(prefix: readonly PathSegment[], issues: readonly Issue[]): Issue[] {
	return issues.map((item) => ({ ...item, path: [...prefix, ...item.path] }));
}

/** Discord's nested `errors` object of a 50035 Invalid Form Body response. */
export function toDiscordErrors(issues: readonly Issue[]): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const item of issues) {
		let node = root;
		for (const segment of item.path) {
			const key = String(segment);
			const next = (node[key] ??= {}) as Record<string, unknown>;
			node = next;
		}
		const list = (node._errors ??= []) as { code: string; message: string }[];
		list.push({ code: item.code, message: item.message });
	}
	return root;
}

/** "content: Must be 2000 or fewer in length. (2001 characters, limit 2000)" */
export function describeIssue(item: Issue): string {
	return `${formatPath(item.path)}: ${item.message}${item.detail ? ` (${item.detail})` : ''} [${item.code}]`;
}

export function valueAt(body: unknown, path: readonly PathSegment[]): unknown {
	let node: unknown = body;
	for (const segment of path) {
		if (node === null || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[String(segment)];
	}
	return node;
}
