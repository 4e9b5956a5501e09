import { isBlankLine, isEscapedFromLine, isHeaderLine, startsWithFrom } from './bytes.js';
import { parseEnvelopeLine } from './envelope.js';
import { LineScanner, type LineHandler } from './line-scanner.js';
import { drainItems, MessageAccumulator, type MessageSink } from './message-accumulator.js';
import type { Splitter } from './splitter.js';
import type { Envelope, SourceItem } from './types.js';

/** An envelope line waiting for the next line to tell whether it starts a message. */
interface CandidateSeparator {
  line: Buffer;
  envelope: Envelope;
  /** Stream offset just past the line: where its message would start. */
  end: number;
  /** Length of the blank line before it, which belongs to the separator if it is one. */
  blankBefore: number;
}

/**
 * Splits an mbox. Which variants are treated how:
 *
 * - Separators. One rule serves the IETF monthly files (mboxrd-ish: `>From ` escaped) and exports that
 *   leave body lines starting with `From ` unescaped: a line is a separator only when it is a full
 *   envelope line (`From <sender> <asctime>`, see envelope.ts), follows a blank line (or opens the file)
 *   and is followed by a header line (`Name:`). So "From my point of view" in a body never splits.
 *   The blank line before a separator belongs to it (the writer added it) and is cut off the message
 *   before; so is a blank line at the end of the file.
 * - Escaping. Any `>+From ` line loses one `>` (mboxrd), but only while the file looks escaped: once a
 *   body line starts with a bare `From `, the writer evidently does not escape, so neither that message
 *   nor any later one in the file is unescaped (its `>From ` lines are quotes written that way). Messages
 *   before that first bare line have been handed over already and keep the mboxrd reading.
 * - Lines before the first separator are not a message: blank ones are skipped, others reported once.
 */
export class MboxSplitter implements Splitter, LineHandler {
  private readonly scanner = new LineScanner(this);
  private bytes: Buffer = Buffer.alloc(0);
  private base = 0;
  /** Start, in `bytes`, of the bytes seen but not yet appended to the current message. */
  private runStart = 0;
  private message: MessageAccumulator | null = null;
  private candidate: CandidateSeparator | null = null;
  /** Length of the previous line when it was blank, else 0. */
  private previousBlank = 0;
  private looksEscaped = true;
  private preambleReported = false;

  constructor(private readonly sink: MessageSink) {}

  push(chunk: Buffer): SourceItem[] {
    this.scanner.push(chunk);
    return drainItems(this.sink);
  }

  end(): SourceItem[] {
    this.scanner.end();
    // A separator at the very end has no line after it; it still ends the message before it.
    if (this.candidate) this.acceptCandidate(this.candidate);
    this.message?.finish(this.previousBlank, this.looksEscaped);
    this.message = null;
    return drainItems(this.sink);
  }

  buffer(bytes: Buffer, base: number): void {
    this.bytes = bytes;
    this.base = base;
    this.runStart = 0;
  }

  line(start: number, end: number, complete: boolean): void {
    if (this.candidate) this.settleCandidate(start, end);
    const bytes = this.bytes;
    if (complete && isBlankLine(bytes, start, end)) {
      this.previousBlank = end - start;
      return;
    }
    const blankBefore = this.previousBlank;
    this.previousBlank = 0;
    const first = bytes[start];
    if (first === 0x46 /* F */) this.fromLine(start, end, complete, blankBefore);
    else if (first === 0x3e /* > */ && isEscapedFromLine(bytes, start, end)) this.message?.markEscape(this.base + start);
    else if (!this.message) this.preambleLine(start);
  }

  release(end: number): void {
    this.appendRun(end);
  }

  private fromLine(start: number, end: number, complete: boolean, blankBefore: number): void {
    const opensFile = !this.message;
    const envelope = complete && (opensFile || blankBefore > 0) ? parseEnvelopeLine(this.bytes, start, end) : null;
    if (envelope && opensFile) {
      this.message = new MessageAccumulator(this.sink, this.base + end, envelope);
      this.runStart = end;
    } else if (envelope) {
      this.appendRun(start);
      this.candidate = { line: Buffer.from(this.bytes.subarray(start, end)), envelope, end: this.base + end, blankBefore };
      this.runStart = end;
    } else if (opensFile) {
      this.preambleLine(start);
    } else if (startsWithFrom(this.bytes, start, end)) {
      this.looksEscaped = false;
    }
  }

  /** The line after an envelope line decides: a header line makes it a separator, anything else body text. */
  private settleCandidate(start: number, end: number): void {
    const candidate = this.candidate as CandidateSeparator;
    this.candidate = null;
    if (isHeaderLine(this.bytes, start, end, false)) {
      this.acceptCandidate(candidate);
    } else {
      this.message?.append(candidate.line);
      this.looksEscaped = false;
    }
    this.runStart = start;
  }

  private acceptCandidate(candidate: CandidateSeparator): void {
    this.candidate = null;
    this.message?.finish(candidate.blankBefore, this.looksEscaped);
    this.message = new MessageAccumulator(this.sink, candidate.end, candidate.envelope);
  }

  private preambleLine(start: number): void {
    if (this.preambleReported) return;
    this.preambleReported = true;
    this.sink.items.push({
      kind: 'problem',
      origin: { path: this.sink.path, offset: this.base + start, format: 'mbox', envelope: null },
      reason: 'text before the first "From " separator line skipped',
    });
  }

  private appendRun(end: number): void {
    if (end > this.runStart) this.message?.append(this.bytes.subarray(this.runStart, end));
    this.runStart = end;
  }
}
