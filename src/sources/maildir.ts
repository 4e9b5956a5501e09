import { closeSync, constants, type Dir, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { opendir, readdir, stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import { tooLargeReason } from './message-accumulator.js';
import { describeError } from './open-stream.js';
import type { Origin, SourceItem } from './types.js';

/** Reads of a message file past its expected size are this large at most. */
const readChunkBytes = 1024 * 1024;

/** Files read between two turns of the event loop (see readMaildirFiles). */
const filesPerTurn = 16;

/** The folders a maildir delivers into; `tmp/` holds messages still being written and is never read. */
const messageFolders = ['cur', 'new'];

/** A directory with `cur/` and/or `new/`. */
export async function isMaildir(dir: string): Promise<boolean> {
  for (const folder of messageFolders) {
    const info = await stat(path.join(dir, folder)).catch(() => null);
    if (info?.isDirectory()) return true;
  }
  return false;
}

/** Every message file of a maildir, `cur/` and `new/` together, in file-name order (names start with the delivery time). */
export async function* readMaildir(dir: string, maxMessageBytes: number): AsyncGenerator<SourceItem> {
  let folders: MaildirFolderListing[] | null;
  try {
    folders = await listMaildirFolders(dir);
  } catch (error) {
    yield { kind: 'problem', origin: directoryOrigin(dir), reason: `cannot read: ${describeError(error)}` };
    return;
  }
  if (!folders) {
    const reason = `${dir} is a directory but not a maildir (no cur/ or new/); expandSourcePaths finds the mailboxes inside`;
    yield { kind: 'problem', origin: directoryOrigin(dir), reason };
    return;
  }
  yield* readMaildirFiles(filesInOrder(folders), maxMessageBytes);
}

/** A maildir folder (`cur/` or `new/`) as it was counted, before any file was read. */
export interface MaildirFolderCount {
  /** The folder's path. */
  folder: string;
  /** Its modification time, taken before it was counted: a file delivered while counting changes it. */
  mtimeMs: number;
  /** How many message files it holds. */
  files: number;
}

/**
 * A maildir folder as it was listed. Only the names are kept, sorted, and a file's path is made when it
 * is read: a maildir of 100,000 messages listed as objects with a path each held about 60 MB for the
 * whole import. An import does not hold them at all (ingest/import-maildir.ts stages them in the store).
 */
interface MaildirFolderListing {
  folder: string;
  /** Its modification time, taken before it was listed. */
  mtimeMs: number;
  /** The names of its message files, in code-unit order. */
  names: string[];
}

/** The `cur/` and `new/` folders of a maildir, each with the number of its message files, or null when it has neither. */
export async function countMaildirFolders(dir: string): Promise<MaildirFolderCount[] | null> {
  const folders = await openMaildirFolders(dir);
  if (!folders) return null;
  const counted: MaildirFolderCount[] = [];
  for (const { folder, mtimeMs, names } of folders) {
    let files = 0;
    for await (const _name of names) files++;
    counted.push({ folder, mtimeMs, files });
  }
  return counted;
}

/** The `cur/` and `new/` folders of a maildir and the message files in each, or null when it has neither. */
async function listMaildirFolders(dir: string): Promise<MaildirFolderListing[] | null> {
  const folders = await openMaildirFolders(dir);
  if (!folders) return null;
  const listed: MaildirFolderListing[] = [];
  for (const { folder, mtimeMs, names } of folders) {
    const sorted: string[] = [];
    for await (const name of names) sorted.push(name);
    listed.push({ folder, mtimeMs, names: sorted.sort(compareStrings) });
  }
  return listed;
}

/** The folders a maildir has, opened for listing, each with its modification time taken before. */
async function openMaildirFolders(dir: string): Promise<{ folder: string; mtimeMs: number; names: AsyncIterable<string> }[] | null> {
  await readdir(dir); // an unreadable directory is reported as such, not as "not a maildir"
  const folders: { folder: string; mtimeMs: number; names: AsyncIterable<string> }[] = [];
  for (const name of messageFolders) {
    const folder = path.join(dir, name);
    const mtimeMs = (await stat(folder).catch(() => null))?.mtimeMs ?? 0;
    const names = await maildirFileNames(folder);
    if (names) folders.push({ folder, mtimeMs, names });
  }
  return folders.length > 0 ? folders : null;
}

/** The message files of `folder`, in the order the file system lists them, or null when there is no such folder. */
export async function maildirFileNames(folder: string): Promise<AsyncIterable<string> | null> {
  const entries = await openFolder(folder);
  return entries ? messageFileNames(entries) : null;
}

/**
 * The files of several listed folders, in file-name order (names start with the delivery time), then
 * by path; each path made as it is wanted.
 */
function* filesInOrder(folders: readonly Pick<MaildirFolderListing, 'folder' | 'names'>[]): Generator<string> {
  const next = folders.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < folders.length; i++) {
      const name = folders[i]!.names[next[i]!];
      if (name === undefined) continue;
      if (best < 0 || (compareStrings(name, folders[best]!.names[next[best]!]!) || compareStrings(folders[i]!.folder, folders[best]!.folder)) < 0) best = i;
    }
    if (best < 0) return;
    const folder = folders[best]!;
    yield path.join(folder.folder, folder.names[next[best]!++]!);
  }
}

/**
 * A maildir file's unique name, without the `:2,FLAGS` info a mail client changes when it marks the
 * message read or flagged: the same base name is the same message.
 */
export function maildirBaseName(name: string): string {
  const info = name.indexOf(':');
  return info < 0 ? name : name.slice(0, info);
}

/**
 * The message in each of `files`, in order. A file is read with blocking calls: with promises each file
 * was four trips through libuv's thread pool (open, stat, read, close), which cost more than the reads
 * (an import of 20,000 files took 19.6 s of CPU, 16.7 s with blocking reads). A turn of the event loop
 * every few files lets the parse workers' answers in, which otherwise wait until the parse queue is
 * full (a higher peak of memory).
 */
export async function* readMaildirFiles(files: Iterable<string> | AsyncIterable<string>, maxMessageBytes: number): AsyncGenerator<SourceItem> {
  let read = 0;
  for await (const file of files) {
    if (++read % filesPerTurn === 0) await nextTurn();
    yield readMaildirMessage(file, maxMessageBytes);
  }
}

/** A folder opened for listing entry by entry (a large folder is never held as one array of entries), or null when there is none. */
async function openFolder(folder: string): Promise<Dir | null> {
  try {
    return await opendir(folder, { bufferSize: 256 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/** The names of message files: anything but a folder or a dot file (one that is not a regular file is reported when read). */
async function* messageFileNames(entries: Dir): AsyncGenerator<string> {
  for await (const entry of entries) {
    if (!entry.name.startsWith('.') && !entry.isDirectory()) yield entry.name;
  }
}

/**
 * One maildir file is one message. Only a regular file is read (a link to `/dev/zero` or to a FIFO is
 * skipped: checked on the open file, so it cannot be swapped in between), and never past the size limit.
 */
function readMaildirMessage(file: string, maxMessageBytes: number): SourceItem {
  const origin: Origin = { path: file, offset: 0, format: 'maildir', envelope: null };
  try {
    // Non-blocking, so opening a FIFO with no writer returns at once instead of waiting for one.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) return { kind: 'problem', origin, reason: `not a regular file (${fileKind(info)}); skipped` };
      if (info.size > maxMessageBytes) return { kind: 'problem', origin, reason: tooLargeReason(maxMessageBytes) };
      const bytes = readAtMost(fd, maxMessageBytes + 1, info.size);
      if (bytes.length > maxMessageBytes) return { kind: 'problem', origin, reason: tooLargeReason(maxMessageBytes) };
      if (bytes.length === 0) return { kind: 'problem', origin, reason: 'empty message' };
      return { kind: 'message', bytes, origin };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { kind: 'problem', origin, reason: `cannot read: ${describeError(error)}` };
  }
}

/**
 * Up to `limit` bytes from the start of the file (a file still growing stops there). Reads into a
 * buffer of the size the file had when opened and one byte more (to see that it grew), kept without a
 * copy: a fixed megabyte a read, for files of a few kilobytes, was a megabyte of garbage a message.
 */
function readAtMost(fd: number, limit: number, expectedSize: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunkSize = Math.min(expectedSize + 1, readChunkBytes);
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(limit - total, chunkSize));
    const bytesRead = readSync(fd, chunk, 0, chunk.length, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    // A read that stops short once the file's size is read is at its end: asking again would return nothing.
    if (bytesRead < chunk.length && total >= expectedSize) break;
    // Stopped short before it (a file system that reads in pieces): ask for what the chunk had room for.
    chunkSize = bytesRead === chunk.length ? readChunkBytes : chunk.length - bytesRead;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** What a path that is not a regular file is, for a message naming it. */
export function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a file';
}

function directoryOrigin(dir: string): Origin {
  return { path: dir, offset: 0, format: 'unknown', envelope: null };
}

/** Code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
