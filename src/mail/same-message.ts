import { createHash } from 'node:crypto';

/** What decides whether two messages with one Message-ID are one message. */
export interface MessageContent {
  text: string;
  ownText: string;
  fromAddress: string;
  date: Date | null;
}

/** Whitespace runs as one space: a list's re-wrapping or re-encoding does not make another message. */
function words(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether two messages that carry the same Message-ID are copies of one message. A Message-ID is
 * meant to be unique, but some mail software makes the same one for different messages; a list,
 * on the other hand, changes a message on its way: it adds headers (which are not compared), tags the
 * subject (not compared), appends a footer (so one text begins with the other), rewrites the sender
 * against DMARC (`Jane via Iotops`, so the sender alone cannot decide) and may re-encode the body. And
 * a copy may have been stored cut off (its text a beginning of the whole). So, with the same Message-ID,
 * they are one message when:
 * - one's text, whitespace aside, begins with the other's (the same body, a footer added or a copy cut off), or
 * - their own words are the same and not empty (the quotes or footer differ), or
 * - the same address sent them at the same time (a list re-encoded or converted the body).
 * Otherwise the second is another message that happens to have the same Message-ID: it is kept too.
 */
export function sameMessage(a: MessageContent, b: MessageContent): boolean {
  const [textA, textB] = [words(a.text), words(b.text)];
  if (textA.startsWith(textB) || textB.startsWith(textA)) return true;
  const ownA = words(a.ownText);
  if (ownA !== '' && ownA === words(b.ownText)) return true;
  const sameSender = a.fromAddress !== '' && a.fromAddress.toLowerCase() === b.fromAddress.toLowerCase();
  return sameSender && a.date !== null && b.date !== null && a.date.getTime() === b.date.getTime();
}

/**
 * A short key of a message's content, to store a second message with an already stored Message-ID
 * under `<Message-ID>#<key>`: stored messages are keyed by id and content.
 */
export function contentKey(content: MessageContent): string {
  return createHash('sha256').update(`${content.fromAddress}\n${words(content.text)}`).digest('hex').slice(0, 12);
}
