import type { FakeClock } from './clock.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;

/** Generates Discord snowflakes from the fake clock, so ids sort by creation time like real ones. */
export class SnowflakeFactory {
	#increment = 0n;
	#lastMs = 0n;
	readonly #clock: FakeClock;

	constructor(clock: FakeClock) {
		this.#clock = clock;
	}

	next(): string {
		let ms = BigInt(this.#clock.now());
		// Keep ids strictly increasing even if two are made in the same millisecond past 4095 increments.
		if (ms < this.#lastMs) ms = this.#lastMs;
		if (ms === this.#lastMs && this.#increment >= 0xfffn) {
			ms += 1n;
			this.#increment = 0n;
		} else if (ms !== this.#lastMs) {
			this.#increment = 0n;
		}
		this.#lastMs = ms;
		const id = ((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | this.#increment;
		this.#increment += 1n;
		return id.toString();
	}
}
