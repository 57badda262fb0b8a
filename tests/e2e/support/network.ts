/**
 * The e2e suite's link to the fake Discord: 50 ms each way on every REST answer and gateway message, so the bot
 * answers interactions within Discord's 3 seconds with the round trips counted, as it must on a real network.
 * Tests never sleep for it: they wait for what the fake saw (events), and the delay only shifts when that happens.
 */
export const E2E_NETWORK_DELAY_MS = 50;

/** The fake Discord options every e2e file uses. */
export const e2eDiscord = { networkDelayMs: E2E_NETWORK_DELAY_MS } as const;
