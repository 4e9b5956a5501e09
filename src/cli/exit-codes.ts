/** Exit codes, documented in the README: scripts rely on them. An error ends in the code of its kind (`main.ts`). */
export const exitCodes = {
  ok: 0,
  /** Something failed: an unreadable file, messages that could not be imported, a store error. */
  failed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** A `<ref>` matched no message, or more than one thread. */
  notFound: 3,
  /** `listlens report`: every report's inputs are those of its last report; nothing was written. */
  unchanged: 4,
  /** `listlens report`: another run holds the lock; this one did nothing. */
  locked: 5,
} as const;
