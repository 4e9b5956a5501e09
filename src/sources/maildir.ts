import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { tooLargeReason } from './message-accumulator.js';
import { describeError } from './open-stream.js';
import type { Origin, SourceItem } from './types.js';

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
  let files: string[] | null;
  try {
    files = await listMaildirMessages(dir);
  } catch (error) {
    yield { kind: 'problem', origin: directoryOrigin(dir), reason: `cannot read: ${describeError(error)}` };
    return;
  }
  if (!files) {
    const reason = `${dir} is a directory but not a maildir (no cur/ or new/); expandSourcePaths finds the mailboxes inside`;
    yield { kind: 'problem', origin: directoryOrigin(dir), reason };
    return;
  }
  for (const file of files) yield await readMaildirMessage(file, maxMessageBytes);
}

/** Message files in `cur/` and `new/`, or null when the directory has neither folder. */
async function listMaildirMessages(dir: string): Promise<string[] | null> {
  const folders = await listMaildirFolders(dir);
  return folders && sortedFiles(folders.flatMap((folder) => folder.files));
}

/** A maildir folder (`cur/` or `new/`) as it was listed. */
export interface MaildirFolderListing {
  /** The folder's path. */
  folder: string;
  /** Its modification time, taken before it was listed: a file delivered while listing changes it. */
  mtimeMs: number;
  /** Its message files: `name` in the folder, `file` the path. */
  files: { name: string; file: string }[];
}

/** The `cur/` and `new/` folders of a maildir and the message files in each, or null when it has neither. */
export async function listMaildirFolders(dir: string): Promise<MaildirFolderListing[] | null> {
  await readdir(dir); // an unreadable directory is reported as such, not as "not a maildir"
  const listed: MaildirFolderListing[] = [];
  for (const name of messageFolders) {
    const folder = path.join(dir, name);
    const mtimeMs = (await stat(folder).catch(() => null))?.mtimeMs ?? 0;
    const entries = await readFolder(folder);
    if (!entries) continue;
    // Anything but a folder is a message to read; one that is not a regular file is reported, not read.
    const files = entries
      .filter((entry) => !entry.name.startsWith('.') && !entry.isDirectory())
      .map((entry) => ({ name: entry.name, file: path.join(folder, entry.name) }));
    listed.push({ folder, mtimeMs, files });
  }
  return listed.length > 0 ? listed : null;
}

/** Files in file-name order (names start with the delivery time), then by path. */
export function sortedFiles(files: readonly { name: string; file: string }[]): string[] {
  return [...files].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.file, b.file)).map((entry) => entry.file);
}

/**
 * A maildir file's unique name, without the `:2,FLAGS` info a mail client changes when it marks the
 * message read or flagged: the same base name is the same message.
 */
export function maildirBaseName(name: string): string {
  const info = name.indexOf(':');
  return info < 0 ? name : name.slice(0, info);
}

/** The message in each of `files`, in order. */
export async function* readMaildirFiles(files: readonly string[], maxMessageBytes: number): AsyncGenerator<SourceItem> {
  for (const file of files) yield await readMaildirMessage(file, maxMessageBytes);
}

async function readFolder(folder: string): Promise<Dirent[] | null> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * One maildir file is one message. Only a regular file is read (a link to `/dev/zero` or to a FIFO is
 * skipped: checked on the open file, so it cannot be swapped in between), and never past the size limit.
 */
async function readMaildirMessage(file: string, maxMessageBytes: number): Promise<SourceItem> {
  const origin: Origin = { path: file, offset: 0, format: 'maildir', envelope: null };
  try {
    // Non-blocking, so opening a FIFO with no writer returns at once instead of waiting for one.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { kind: 'problem', origin, reason: `not a regular file (${fileKind(info)}); skipped` };
      if (info.size > maxMessageBytes) return { kind: 'problem', origin, reason: tooLargeReason(maxMessageBytes) };
      const bytes = await readAtMost(handle, maxMessageBytes + 1);
      if (bytes.length > maxMessageBytes) return { kind: 'problem', origin, reason: tooLargeReason(maxMessageBytes) };
      if (bytes.length === 0) return { kind: 'problem', origin, reason: 'empty message' };
      return { kind: 'message', bytes, origin };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { kind: 'problem', origin, reason: `cannot read: ${describeError(error)}` };
  }
}

/** Up to `limit` bytes from the start of the file (a file still growing stops there). */
async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(limit - total, 1024 * 1024));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function fileKind(info: Stats): string {
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
