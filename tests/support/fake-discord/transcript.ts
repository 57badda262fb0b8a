import type { FakeClock } from './clock.ts';

/** Who caused a transcript line: a fake member, the bot (REST), the gateway, a violation, or the fake itself. */
export type TranscriptSource = 'member' | 'bot' | 'gateway' | 'violation' | 'fake';

export interface TranscriptEntry {
	readonly at: number;
	readonly source: TranscriptSource;
	readonly text: string;
}

const MAX_ENTRIES = 2_000;

/** A readable, ordered log of what happened on the fake Discord, printed when a test fails. */
export class Transcript {
	readonly #clock: FakeClock;
	readonly #entries: TranscriptEntry[] = [];
	#startedAt: number;

	constructor(clock: FakeClock) {
		this.#clock = clock;
		this.#startedAt = clock.now();
	}

	add(source: TranscriptSource, text: string): void {
		this.#entries.push({ at: this.#clock.now(), source, text });
		if (this.#entries.length > MAX_ENTRIES) this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
	}

	entries(): readonly TranscriptEntry[] {
		return [...this.#entries];
	}

	/** Forget what happened so far (used between tests sharing one fake). */
	clear(): void {
		this.#entries.length = 0;
		this.#startedAt = this.#clock.now();
	}

	format(): string {
		if (this.#entries.length === 0) return 'fake Discord transcript: (nothing happened)';
		const lines = this.#entries.map((entry) => {
			const seconds = ((entry.at - this.#startedAt) / 1000).toFixed(3).padStart(8);
			return `  +${seconds}s ${entry.source.padEnd(9)} ${entry.text}`;
		});
		return `fake Discord transcript (${this.#entries.length} entries):\n${lines.join('\n')}`;
	}
}

/** Shortens text for one-line summaries. */
export function clip(text: string, max = 80): string {
	const flat = text.replace(/\s+/g, ' ');
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
