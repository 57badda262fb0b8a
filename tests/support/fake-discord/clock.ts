/**
 * The fake's notion of "now". It follows the real clock, plus whatever a test adds with `advance()`,
 * so rules that span minutes (the 15-minute interaction token) are testable without waiting.
 */
export class FakeClock {
	#offsetMs = 0;
	readonly #listeners = new Set<() => void>();

	/** Milliseconds since the Unix epoch, as Discord would see them. */
	now(): number {
		return Date.now() + this.#offsetMs;
	}

	/** Moves the fake's time forward (never backwards). */
	advance(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance() needs a positive number of ms, got ${ms}`);
		this.#offsetMs += ms;
		for (const listener of this.#listeners) listener();
	}

	/** Runs `listener` after every advance (e.g. threads that went idle archive); returns a function that stops it. */
	onAdvance(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** ISO-8601 timestamp, the form Discord uses in payloads. */
	iso(at: number = this.now()): string {
		return new Date(at).toISOString();
	}
}
