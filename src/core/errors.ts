/**
 * What went wrong, as far as the user is concerned; the CLI turns each kind into its exit code
 * (README, "Exit codes"):
 * - `usage`: the command line, or a file it names (config, taxonomy, aliases, draft spec), is wrong (2);
 * - `not-found`: a `<ref>`, list, message or draft names nothing (3);
 * - `failed`: something could not be done: a request, a parse, Chromium, the store (1);
 * - `locked`: another `listlens report` run holds the lock (5).
 */
export type ListlensErrorKind = 'usage' | 'not-found' | 'failed' | 'locked';

/**
 * Every error listlens throws on purpose, worded for the user: its message is printed as it is. The
 * classes that extend it keep their own name and fields (`HttpError`'s `status`) and say which kind
 * they are. Errors that are not listlens's own (SQLite's, Node's, bugs) are not ListlensErrors.
 */
export class ListlensError extends Error {
  override name = 'ListlensError';

  constructor(
    readonly kind: ListlensErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
