import { LF, lineHeadBytes } from './bytes.js';

/** Receives a stream cut into lines, without the lines being copied or joined. */
export interface LineHandler {
  /** A new buffer is being scanned; `base` is the stream offset of `bytes[0]`. */
  buffer(bytes: Buffer, base: number): void;
  /**
   * A line starts at `start`. When `complete`, `end` is just past its `\n` (or the stream end for a last
   * line without one). Otherwise the line is longer than `lineHeadBytes`: `[start, end)` holds its head and
   * the rest arrives in later buffers with no further call.
   */
  line(start: number, end: number, complete: boolean): void;
  /** The scanner is done with the current buffer up to `end`: those bytes will not be shown again. */
  release(end: number): void;
}

/**
 * Splits pushed chunks into lines for a `LineHandler`. A short line cut by a chunk boundary is carried
 * into the next chunk so every line's head is contiguous; a long line is handed over in place, so memory
 * never grows with line length.
 */
export class LineScanner {
  private carry: Buffer | null = null;
  private pushedBytes = 0;
  private inLongLine = false;

  constructor(private readonly handler: LineHandler) {}

  /** Bytes pushed so far: the stream offset of the next byte. */
  get offset(): number {
    return this.pushedBytes;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const carried = this.carry;
    this.carry = null;
    const base = this.pushedBytes - (carried?.length ?? 0);
    this.pushedBytes += chunk.length;
    this.scan(carried ? Buffer.concat([carried, chunk]) : chunk, base, false);
  }

  end(): void {
    const carried = this.carry;
    this.carry = null;
    if (carried) this.scan(carried, this.pushedBytes - carried.length, true);
  }

  private scan(bytes: Buffer, base: number, isLast: boolean): void {
    this.handler.buffer(bytes, base);
    let position = this.inLongLine ? this.finishLongLine(bytes) : 0;
    while (position < bytes.length) {
      const newline = bytes.indexOf(LF, position);
      if (newline !== -1) {
        this.handler.line(position, newline + 1, true);
        position = newline + 1;
      } else if (isLast) {
        this.handler.line(position, bytes.length, true);
        position = bytes.length;
      } else if (bytes.length - position < lineHeadBytes) {
        this.carry = bytes.subarray(position);
        break;
      } else {
        this.handler.line(position, bytes.length, false);
        this.inLongLine = true;
        position = bytes.length;
      }
    }
    this.handler.release(position);
  }

  /** Skips to the end of the long line that an earlier buffer began; returns where the next line starts. */
  private finishLongLine(bytes: Buffer): number {
    const newline = bytes.indexOf(LF);
    if (newline === -1) return bytes.length;
    this.inLongLine = false;
    return newline + 1;
  }
}
