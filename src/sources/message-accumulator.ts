import type { Envelope, Origin, SourceFormat, SourceItem } from './types.js';

/** Above any list's attachment limit, and low enough that one huge message keeps the import under its memory bound. */
export const defaultMaxMessageBytes = 32 * 1024 * 1024;

/**
 * Trailing bytes a splitter may still cut off when the message ends (the `\r\n` blank line that belongs
 * to the next mbox separator), so a message is only known to be too large once it exceeds the limit by more.
 */
const endTrimSlack = 2;

/** Where a splitter is reading and what it hands its messages to. */
export interface MessageSink {
  path: string;
  format: SourceFormat;
  maxMessageBytes: number;
  items: SourceItem[];
}

/** The items a sink has collected since the last call, handed over once. */
export function drainItems(sink: MessageSink): SourceItem[] {
  const items = sink.items;
  sink.items = [];
  return items;
}

/**
 * Collects one message's bytes as references to the chunks they arrived in and joins them once at the
 * end. The message is the stream range `[start, end)`, so a message over the limit can be measured and
 * skipped without keeping its bytes.
 */
export class MessageAccumulator {
  private parts: Buffer[] = [];
  /** Stream offsets of bytes to drop when unescaping (`>From ` lines each lose their first `>`). */
  private escapeBytes: number[] = [];
  private tooLarge = false;
  private endOffset: number;

  constructor(
    private readonly sink: MessageSink,
    readonly start: number,
    private readonly envelope: Envelope | null,
  ) {
    this.endOffset = start;
  }

  get end(): number {
    return this.endOffset;
  }

  append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.endOffset += bytes.length;
    if (this.tooLarge) return;
    this.parts.push(bytes);
    if (this.end - this.start - this.escapeBytes.length > this.sink.maxMessageBytes + endTrimSlack) {
      this.tooLarge = true;
      this.parts = [];
      this.escapeBytes = [];
    }
  }

  /** Marks the byte at stream offset `offset` (already appended or about to be) as an escape to undo. */
  markEscape(offset: number): void {
    if (!this.tooLarge) this.escapeBytes.push(offset);
  }

  /** Ends the message, cutting `trimEnd` bytes off its end, and hands it (or the problem it is) to the sink. */
  finish(trimEnd: number, unescape: boolean): void {
    const rawLength = this.end - this.start - trimEnd;
    const escapes = unescape ? this.escapeBytes.filter((offset) => offset < this.start + rawLength) : [];
    const length = rawLength - escapes.length;
    const origin: Origin = { path: this.sink.path, offset: this.start, format: this.sink.format, envelope: this.envelope };
    if (this.tooLarge || length > this.sink.maxMessageBytes) {
      this.sink.items.push({ kind: 'problem', origin, reason: tooLargeReason(this.sink.maxMessageBytes) });
    } else if (length <= 0) {
      this.sink.items.push({ kind: 'problem', origin, reason: 'empty message' });
    } else {
      const joined = Buffer.concat(this.parts, rawLength);
      const bytes = escapes.length > 0 ? withoutBytes(joined, escapes.map((offset) => offset - this.start)) : joined;
      this.sink.items.push({ kind: 'message', bytes, origin });
    }
    this.parts = [];
  }
}

/** `bytes` without the bytes at the given ascending positions. */
function withoutBytes(bytes: Buffer, positions: number[]): Buffer {
  const result = Buffer.allocUnsafe(bytes.length - positions.length);
  let written = 0;
  let from = 0;
  for (const position of positions) {
    written += bytes.copy(result, written, from, position);
    from = position + 1;
  }
  bytes.copy(result, written, from);
  return result;
}

export function tooLargeReason(maxMessageBytes: number): string {
  return `message larger than ${formatSize(maxMessageBytes)}`;
}

export function formatSize(bytes: number): string {
  const mebibyte = 1024 * 1024;
  if (bytes >= mebibyte && bytes % mebibyte === 0) return `${bytes / mebibyte} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
