/**
 * Spaces out the starts of deliveries: at most `perSecond` a second, in the order they asked, with no burst. Every
 * delivery of the process takes its turn here (outbox rows, welcome DMs), so they stay well under Discord's global
 * limit of 50 requests a second (a delivery makes one to three requests) and leave room for answering members.
 * Per process: two bot processes pace separately.
 */
export class DeliveryPacer {
	#next = 0;
	readonly #gapMs: number;

	public constructor(public readonly perSecond: number) {
		if (!Number.isFinite(perSecond) || perSecond <= 0) throw new RangeError(`perSecond must be above 0, got ${perSecond}`);
		this.#gapMs = 1000 / perSecond;
	}

	/** Resolves when the caller may start its delivery. */
	public async turn(): Promise<void> {
		const now = Date.now();
		const at = Math.max(now, this.#next);
		this.#next = at + this.#gapMs;
		if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
	}

	/** How long a caller asking now would wait, in ms. */
	public get backlogMs(): number {
		return Math.max(0, this.#next - Date.now());
	}
}

/** Deliveries a second a bot process starts (outbox notifications and welcome DMs together). */
export const DELIVERIES_PER_SECOND = 15;
