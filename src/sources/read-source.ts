import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { detectFormat, sniffBytes, type Detection } from './detect-format.js';
import { fileKind, readMaildir } from './maildir.js';
import { MboxSplitter } from './mbox.js';
import { defaultMaxMessageBytes, type MessageSink } from './message-accumulator.js';
import { MmdfSplitter } from './mmdf.js';
import { describeError, openDecompressed } from './open-stream.js';
import { SingleMessageReader } from './single-message.js';
import type { Splitter } from './splitter.js';
import type { ReadSourceOptions, SourceFormat, SourceItem, SourceProblem } from './types.js';

/**
 * Every message in the file or maildir at `path`, streamed: memory stays bounded by the largest message
 * (and a message over `maxMessageBytes` is skipped, not buffered). Never throws: an unreadable or
 * unrecognised file, a damaged message or a read error part-way yields a `SourceProblem` and reading
 * goes on where it can.
 */
export async function* readSource(path: string, options: ReadSourceOptions = {}): AsyncGenerator<SourceItem> {
  const maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    yield fileProblem(path, 'unknown', 0, `cannot read: ${describeError(error)}`);
    return;
  }
  if (info.isDirectory()) yield* readMaildir(path, maxMessageBytes);
  else if (info.isFile()) yield* readContainer(path, maxMessageBytes);
  // Files are read by position (the gzip check reads the first bytes, then reading starts again from 0),
  // which a pipe does not allow; a device may have no end.
  else yield fileProblem(path, 'unknown', 0, `not a regular file (${fileKind(info)}): save the mail to a file and import that`);
}

/** A single file holding one or more messages (mbox, MMDF, `.eml`, archive page), possibly gzipped. */
async function* readContainer(path: string, maxMessageBytes: number): AsyncGenerator<SourceItem> {
  let stream: AsyncIterable<Buffer>;
  try {
    stream = await openDecompressed(path);
  } catch (error) {
    yield fileProblem(path, 'unknown', 0, `cannot read: ${describeError(error)}`);
    return;
  }
  const chunks = stream[Symbol.asyncIterator]();
  let splitter: Splitter | null = null;
  let format: SourceFormat = 'unknown';
  let bytesRead = 0;
  try {
    const head = await readHead(chunks);
    bytesRead = head.length;
    const detection = detectFormat(head);
    if (detection.kind === 'unrecognised') {
      yield fileProblem(path, 'unknown', 0, detection.reason);
      return;
    }
    format = detection.format;
    splitter = createSplitter(detection, { path, format, maxMessageBytes, items: [] });
    yield* splitter.push(head);
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      bytesRead += next.value.length;
      yield* splitter.push(next.value);
    }
    yield* splitter.end();
  } catch (error) {
    // What was read before the failure is still handed over, the cut message as it stands.
    if (splitter) yield* splitter.end();
    yield fileProblem(path, format, bytesRead, `cannot read past byte ${bytesRead}: ${describeError(error)}`);
  } finally {
    await chunks.return?.();
  }
}

/** At least `sniffBytes` from the stream start (less only when the stream is shorter). */
async function readHead(chunks: AsyncIterator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < sniffBytes) {
    const next = await chunks.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
}

function createSplitter(detection: Extract<Detection, { kind: 'format' }>, sink: MessageSink): Splitter {
  switch (detection.format) {
    case 'mbox':
      return new MboxSplitter(sink);
    case 'mmdf':
      return new MmdfSplitter(sink);
    case 'eml':
    case 'archive-page':
      return new SingleMessageReader(sink, detection.start);
  }
}

function fileProblem(path: string, format: SourceFormat, offset: number, reason: string): SourceProblem {
  return { kind: 'problem', origin: { path, offset, format, envelope: null }, reason };
}
