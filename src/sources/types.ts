/**
 * The container a message was read from. `unknown` appears only on a problem about a whole file that
 * could not be opened or recognised as any of the others.
 */
export type SourceFormat = 'mbox' | 'mmdf' | 'eml' | 'maildir' | 'archive-page' | 'unknown';

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

export interface ReadSourceOptions {
  /** A message larger than this is skipped (never buffered) with a problem; default 32 MiB. */
  maxMessageBytes?: number;
}
