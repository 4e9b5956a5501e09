/** What the threader needs to know of a message. */
export interface ThreadInput {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  date: Date | null;
}

/**
 * A JWZ container: `message` is null for a placeholder standing for a referenced message
 * that is not in the input (a missing parent).
 */
export interface ThreadNode {
  id: string;
  message: ThreadInput | null;
  children: ThreadNode[];
}
