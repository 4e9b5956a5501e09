import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
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
    const files = entries
      .filter((entry) => !entry.name.startsWith('.') && (entry.isFile() || entry.isSymbolicLink()))
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

/** One maildir file is one message, so reading it whole is bounded by the message size limit. */
async function readMaildirMessage(file: string, maxMessageBytes: number): Promise<SourceItem> {
  const origin: Origin = { path: file, offset: 0, format: 'maildir', envelope: null };
  try {
    if ((await stat(file)).size > maxMessageBytes) return { kind: 'problem', origin, reason: tooLargeReason(maxMessageBytes) };
    const bytes = await readFile(file);
    if (bytes.length === 0) return { kind: 'problem', origin, reason: 'empty message' };
    return { kind: 'message', bytes, origin };
  } catch (error) {
    return { kind: 'problem', origin, reason: `cannot read: ${describeError(error)}` };
  }
}

function directoryOrigin(dir: string): Origin {
  return { path: dir, offset: 0, format: 'unknown', envelope: null };
}

/** Code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
