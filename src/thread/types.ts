/** What the threader needs to know of a message. */
export interface ThreadInput {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  date: Date | null;
  /**
   * The parent named by the message's quoted header block or attribution (see `inferParents`), for a
   * reply that has neither In-Reply-To nor References; used only then.
   */
  inferredParent?: string | null;
}

/**
 * A JWZ container: `message` is null for a placeholder standing for a referenced message
 * that is not in the input (a missing parent).
 *
 * `id` is unique in a forest: the Message-ID for a message or a missing parent; for the second and
 * later messages sharing one Message-ID, `<id> (copy N)`; for a placeholder that groups root messages
 * by subject, `subject <id of the first one>`. (Both forms hold a space, which no Message-ID can.)
 */
export interface ThreadNode {
  id: string;
  message: ThreadInput | null;
  children: ThreadNode[];
}

export interface ThreadOptions {
  /**
   * JWZ step 5: a root whose subject looks like a reply (its In-Reply-To/References were lost) joins
   * the latest earlier root with the same base subject. Default true.
   */
  gatherSubjects?: boolean;
}

/** One line of a thread in reading order. */
export interface ThreadLine {
  message: ThreadInput;
  depth: number;
}
