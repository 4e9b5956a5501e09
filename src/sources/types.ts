/** The container a message was read from. */
export type SourceFormat = 'mbox' | 'mmdf' | 'eml' | 'maildir' | 'archive-page';

/** The mbox `From <sender> <asctime>` separator line of a message, when it had one. */
export interface Envelope {
  sender: string;
  date: Date | null;
}

/** Where a message's bytes came from: enough to name it in an error and to find it again. */
export interface Origin {
  /** File path (for maildir, the message file itself). */
  path: string;
  /** Byte offset of the message's first header byte in the (decompressed) file. */
  offset: number;
  format: SourceFormat;
  envelope: Envelope | null;
}

/** One message's bytes, exactly as stored (mbox `>From ` escaping already undone). */
export interface RawMessage {
  kind: 'message';
  bytes: Buffer;
  origin: Origin;
}

/** A message the source could not hand over (truncated, too large, unreadable file). */
export interface SourceProblem {
  kind: 'problem';
  origin: Origin;
  reason: string;
}

export type SourceItem = RawMessage | SourceProblem;
