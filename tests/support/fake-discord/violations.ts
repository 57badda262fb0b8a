/** What kind of Discord rule the bot broke. */
export type ViolationKind =
	| 'invalid-body'
	| 'file-too-large'
	| 'interaction-deadline'
	| 'interaction-state'
	| 'expired-token'
	| 'unsupported-route'
	| 'unauthorized'
	| 'missing-permission'
	| 'unknown-resource'
	| 'closed-dm-loop'
	| 'gateway'
	| 'fake-internal-error';

export interface Violation {
	readonly kind: ViolationKind;
	/** `METHOD /path` of the request that broke the rule, when there was one. */
	readonly route: string | null;
	/** A sentence a person can act on: which route, which field, which limit, what was sent. */
	reason: string;
	/** Fake-clock time (ms since epoch). */
	readonly at: number;
}

/** Everything the bot did that real Discord would refuse or punish. */
export class ViolationLog {
	readonly #items: Violation[] = [];

	record(kind: ViolationKind, reason: string, route: string | null, at: number): Violation {
		const violation: Violation = { kind, reason, route, at };
		this.#items.push(violation);
		return violation;
	}

	list(): readonly Violation[] {
		return [...this.#items];
	}

	clear(): void {
		this.#items.length = 0;
	}
}

export function formatViolation(violation: Violation): string {
	const where = violation.route && !violation.reason.includes(violation.route) ? ` [${violation.route}]` : '';
	return `[${violation.kind}] ${violation.reason}${where}`;
}

export function formatViolations(violations: readonly Violation[]): string {
	const lines = violations.map((violation, index) => `  ${index + 1}. ${formatViolation(violation)}`);
	return `${violations.length} Discord rule violation(s) recorded by the fake Discord:\n${lines.join('\n')}`;
}
