import { ListlensError } from '../core/index.js';

/** The content is not a draft this parser can read; the message says why. */
export class DraftParseError extends ListlensError {
  override name = 'DraftParseError';

  constructor(message: string, options?: ErrorOptions) {
    super('failed', message, options);
  }
}
