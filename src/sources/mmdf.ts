import { CR, LF, isBlankLine } from './bytes.js';
import { parseEnvelopeLine } from './envelope.js';
import { LineScanner, type LineHandler } from './line-scanner.js';
import { drainItems, MessageAccumulator, type MessageSink } from './message-accumulator.js';
import type { Splitter } from './splitter.js';
import type { SourceItem } from './types.js';

const CONTROL_A = 0x01;

/** `\x01\x01\x01\x01` alone on its line. */
export function isMmdfDelimiter(buf: Buffer, start: number, end: number): boolean {
  if (end - start < 4) return false;
  for (let at = start; at < start + 4; at++) if (buf[at] !== CONTROL_A) return false;
  const rest = end - start - 4;
  if (rest === 0) return true;
  if (rest === 1) return buf[start + 4] === LF;
  return rest === 2 && buf[start + 4] === CR && buf[start + 5] === LF;
}

/**
 * Splits an MMDF file: each message sits between two `\x01\x01\x01\x01` lines, kept byte for byte (MMDF
 * needs no escaping). Some writers (Python's `mailbox.MMDF`) put an mbox envelope line first: it is taken
 * as the envelope, not as message bytes. Blank lines between messages are skipped; other text there is
 * reported once per gap.
 */
export class MmdfSplitter implements Splitter, LineHandler {
  private readonly scanner = new LineScanner(this);
  private bytes: Buffer = Buffer.alloc(0);
  private base = 0;
  private runStart = 0;
  private message: MessageAccumulator | null = null;
  private atFirstLine = false;
  private gapReported = false;

  constructor(private readonly sink: MessageSink) {}

  push(chunk: Buffer): SourceItem[] {
    this.scanner.push(chunk);
    return drainItems(this.sink);
  }

  end(): SourceItem[] {
    this.scanner.end();
    this.message?.finish(0, false);
    this.message = null;
    return drainItems(this.sink);
  }

  buffer(bytes: Buffer, base: number): void {
    this.bytes = bytes;
    this.base = base;
    this.runStart = 0;
  }

  line(start: number, end: number, complete: boolean): void {
    if (complete && isMmdfDelimiter(this.bytes, start, end)) this.delimiter(start, end);
    else if (this.atFirstLine) this.firstLine(start, end, complete);
    else if (!this.message) this.gapLine(start, end, complete);
  }

  release(end: number): void {
    this.appendRun(end);
  }

  private delimiter(start: number, end: number): void {
    if (this.message) {
      this.appendRun(start);
      this.message.finish(0, false);
      this.message = null;
      this.atFirstLine = false;
    } else {
      this.message = new MessageAccumulator(this.sink, this.base + end, null);
      this.atFirstLine = true;
      this.gapReported = false;
    }
    this.runStart = end;
  }

  private firstLine(start: number, end: number, complete: boolean): void {
    this.atFirstLine = false;
    const envelope = complete ? parseEnvelopeLine(this.bytes, start, end) : null;
    if (!envelope) return;
    this.message = new MessageAccumulator(this.sink, this.base + end, envelope);
    this.runStart = end;
  }

  private gapLine(start: number, end: number, complete: boolean): void {
    if (complete && isBlankLine(this.bytes, start, end)) return;
    if (this.gapReported) return;
    this.gapReported = true;
    this.sink.items.push({
      kind: 'problem',
      origin: { path: this.sink.path, offset: this.base + start, format: 'mmdf', envelope: null },
      reason: 'text outside the \\x01\\x01\\x01\\x01 message delimiters skipped',
    });
  }

  private appendRun(end: number): void {
    if (end > this.runStart) this.message?.append(this.bytes.subarray(this.runStart, end));
    this.runStart = end;
  }
}
