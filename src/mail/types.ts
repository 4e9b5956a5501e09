import { ListlensError } from '../core/index.js';

/** A person as one address shows them, after header repairs (DMARC, "via", "Last, First"). */
export interface Identity {
  /** Display name, decoded and normalised to "First Last"; may be empty. */
  name: string;
  /** Lower-cased address; may be empty when the header had none. */
  address: string;
}

/** An attachment is listed, never indexed. */
export interface Attachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** The decoded text of a named text/plain, text/csv or text/markdown attachment (up to 64 KiB): the author's words. */
  text?: string;
}

/** Where the message's date came from, best first. */
export type DateSource = 'date' | 'received' | 'envelope' | 'none';

/** Which part of the body `text` was taken from. */
export type BodySource = 'plain' | 'html' | 'none';

/**
 * A run of the body text, in order. Concatenating every segment's `text` gives the full body text;
 * concatenating the `own` ones gives the author's own words.
 */
export interface Segment {
  /** `signoff`: the closing words and name under the author's last words ("Thanks,\nJane"). */
  kind: 'own' | 'quote' | 'attribution' | 'forwarded' | 'signature' | 'signoff' | 'footer';
  text: string;
}

/** One decoded message, independent of which list copy it came from. */
export interface Message {
  /** Message-ID without angle brackets. */
  messageId: string;
  /** True when the message had no usable Message-ID and `messageId` was synthesised from its content. */
  messageIdSynthetic: boolean;
  date: Date | null;
  dateSource: DateSource;
  from: Identity;
  subject: string;
  baseSubject: string;
  /** Message-ID (without <>) of the parent named by In-Reply-To, when there is one. */
  inReplyTo: string | null;
  /** References ids in header order, without <>. */
  references: string[];
  /** `Archived-At` URLs from the headers (kept as given). */
  archivedAt: string[];
  /** True when the message asks not to be archived (`X-No-Archive: yes`, `X-Archive: no`). */
  noArchive: boolean;
  /** The full decoded body text. */
  text: string;
  bodySource: BodySource;
  /** The author's own words: `text` without quotes, attributions, forwarded blocks, signature and footer. */
  ownText: string;
  segments: Segment[];
  attachments: Attachment[];
  /** Non-fatal problems found while decoding (bad date, unknown charset, ...). */
  warnings: string[];
}

/** Thrown when bytes cannot be turned into a Message at all. */
export class MailParseError extends ListlensError {
  override name = 'MailParseError';

  constructor(message: string, options?: ErrorOptions) {
    super('failed', message, options);
  }
}

/**
 * One decoded copy of a message: the message, and the list this copy came from, read from the copy's
 * own headers (`List-Id`, `X-BeenThere`); null when they name no list.
 */
export interface ParsedMail {
  message: Message;
  list: string | null;
}
