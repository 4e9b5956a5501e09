/** The content is not a draft this parser can read; the message says why. */
export class DraftParseError extends Error {
  override name = 'DraftParseError';
}
