import type { ServerResponse } from 'node:http';

/**
 * The time a message spends on the network between the bot and Discord, one way. Off (0) by default; the e2e suite
 * turns it on (tests/e2e/support/network.ts) so that Discord's 3-second interaction deadline, which runs from when
 * Discord created the interaction, includes the gateway dispatch and the REST round trip, as it does for a real bot.
 *
 * Every message waits the same time, so their order is kept (timers of equal delay run in the order they were set).
 */
export class NetworkDelay {
	constructor(readonly oneWayMs: number) {
		if (!Number.isFinite(oneWayMs) || oneWayMs < 0) throw new RangeError(`networkDelayMs must be 0 or more, got ${oneWayMs}`);
	}

	/** Runs `deliver` once the message has crossed the network (now when there is no delay). */
	later(deliver: () => void): void {
		if (this.oneWayMs === 0) deliver();
		else setTimeout(deliver, this.oneWayMs);
	}

	/** Resolves once a request from the bot has crossed the network. */
	arrival(): Promise<void> {
		return this.oneWayMs === 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, this.oneWayMs));
	}

	/** Holds the end of `response` (headers and body leave together) for the way back. */
	delayAnswer(response: ServerResponse): void {
		if (this.oneWayMs === 0) return;
		const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
		response.end = ((...args: unknown[]) => {
			setTimeout(() => end(...args), this.oneWayMs);
			return response;
		}) as ServerResponse['end'];
	}
}
