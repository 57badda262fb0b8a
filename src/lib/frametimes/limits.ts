/** The largest capture the bot takes from Discord: the upload limit of a member without Nitro. */
export const MAX_CAPTURE_BYTES = 10 * 1024 * 1024;

/** A capture shorter than this says nothing about a game's smoothness (one spawn, one loading screen). */
export const MIN_CAPTURE_SECONDS = 10;
