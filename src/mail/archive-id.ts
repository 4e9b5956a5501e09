import { createHash } from 'node:crypto';
import { normaliseMessageId } from './message-id.js';

const ARCHIVE = 'https://mailarchive.ietf.org/arch/msg';

/**
 * The id the IETF mail archive gives a message in a list: base64url(SHA-1(message-id + list))
 * without padding, the message-id normalised the way the archive does (see `normaliseMessageId`).
 */
export function archiveId(messageId: string, list: string): string {
  return createHash('sha1').update(normaliseMessageId(messageId) + list, 'utf8').digest('base64url');
}

/** The archive's page of a message: `https://mailarchive.ietf.org/arch/msg/<list>/<id>/`. */
export function archiveUrl(list: string, id: string): string {
  return `${ARCHIVE}/${encodeURIComponent(list)}/${id}/`;
}

/** The URLs of `Archived-At` header values (`<https://...>`), without the angle brackets. */
export function archivedAtUrls(values: readonly string[]): string[] {
  return values.map((value) => value.trim().replace(/^<\s*/, '').replace(/\s*>$/, '').trim()).filter(Boolean);
}
