import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { detectFormat } from './detect-format.js';
import { compareStrings, isMaildir } from './maildir.js';

/** File names a directory walk picks up as mailboxes (`.gz` ones are sniffed after decompression). */
const mailboxExtensions = ['.mail', '.mbox', '.eml', '.gz'];

/**
 * The sources named by `paths`, in order: a file as given; a maildir (a directory with `cur/` and/or
 * `new/`) as one source; any other directory walked for `*.mail`, `*.mbox`, `*.eml`, `*.gz` files,
 * other files whose first bytes are an mbox, MMDF or message (a mail client's extensionless `Inbox`),
 * and maildirs, its finds sorted by path. Hidden entries (`.git`, `.DS_Store`) are skipped, and so are
 * symlinked directories met in a walk (as `find` does; no loops, no file found twice), while a symlink
 * named in `paths` is followed. Each path is listed once; one that cannot be read is kept so that
 * `readSource` reports why.
 */
export async function expandSourcePaths(paths: string[]): Promise<string[]> {
  const sources: string[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    for (const source of await expandPath(given)) {
      const key = path.resolve(source);
      if (seen.has(key)) continue;
      seen.add(key);
      sources.push(source);
    }
  }
  return sources;
}

async function expandPath(given: string): Promise<string[]> {
  const info = await stat(given).catch(() => null);
  if (!info?.isDirectory() || (await isMaildir(given))) return [given];
  const found: string[] = [];
  await walk(given, found);
  return found.sort(compareStrings);
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
  if (!entries) {
    found.push(dir);
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (await isMaildir(full)) found.push(full);
      else await walk(full, found);
    } else if ((entry.isFile() || (await isLinkToFile(full))) && (hasMailboxExtension(entry.name) || (await startsLikeMail(full)))) {
      found.push(full);
    }
  }
}

function hasMailboxExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return mailboxExtensions.some((extension) => lower.endsWith(extension));
}

const sniffedBytes = 4096;
const mailHeader = /^(?:Received|Return-Path|Message-ID|From|Date|MIME-Version):[ \t]/im;

async function startsLikeMail(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(sniffedBytes);
    const { bytesRead } = await handle.read(head, 0, sniffedBytes, 0);
    const detection = detectFormat(head.subarray(0, bytesRead));
    if (detection.kind !== 'format') return false;
    // Any `Key: value` file reads as a message header; a lone message must show a header mail has.
    if (detection.format === 'eml') return mailHeader.test(head.subarray(0, bytesRead).toString('latin1'));
    return detection.format === 'mbox' || detection.format === 'mmdf';
  } finally {
    await handle.close();
  }
}

async function isLinkToFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}
