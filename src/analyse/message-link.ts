import type { StoredMessage } from '../store/index.js';

/** The archive link to cite for a message: its first list copy's. */
export function firstArchiveUrl(message: Pick<StoredMessage, 'copies'>): string | null {
  return message.copies.find((copy) => copy.url)?.url ?? null;
}
