/** The largest diagnostic file the bot downloads or reads: 1 MiB. The real tool writes a few kilobytes. */
export const MAX_DIAGNOSTIC_BYTES = 1_048_576;

/** The deepest nesting of objects and arrays accepted; a real diagnostic is 3 levels deep. */
export const MAX_DIAGNOSTIC_DEPTH = 64;

/** The only file format version this analyzer understands. */
export const DIAGNOSTIC_SCHEMA = 'fpsos-diagnostic/1';

/** The prefix every version of the format shares, so a newer file is told apart from a foreign one. */
export const DIAGNOSTIC_SCHEMA_PREFIX = 'fpsos-diagnostic/';
