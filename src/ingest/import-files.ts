import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Store } from '../store/index.js';
import type { ImportSummary } from './import.js';

/** A source file's identity: the hash of its bytes as they are on disk (compressed or not). */
export interface SourceFingerprint {
  path: string;
  sha256: string;
}

/** Bytes hashed at a time, through one buffer: hashing a big file leaves no garbage behind. */
const hashChunkBytes = 1024 * 1024;

/** Null for what is not a plain file (a maildir is re-read message by message) or cannot be read. */
export async function sourceFingerprint(path: string): Promise<SourceFingerprint | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(hashChunkBytes);
  let handle: FileHandle | null = null;
  try {
    handle = await open(path, 'r');
    for (let read = -1; read !== 0; ) {
      ({ bytesRead: read } = await handle.read(buffer, 0, buffer.length, null));
      hash.update(buffer.subarray(0, read));
    }
  } catch {
    return null; // readSource reports why
  } finally {
    await handle?.close();
  }
  return { path, sha256: hash.digest('hex') };
}

/**
 * When these bytes were imported before (under the same `list`) with every message stored, counts
 * them as reading them again would (read, and duplicate or skipped) and returns true.
 */
export async function unchangedFile(store: Store, fingerprint: SourceFingerprint, list: string | null, summary: ImportSummary): Promise<boolean> {
  const known = await store.importedFile(fingerprint.sha256, list);
  if (!known) return false;
  summary.read += known.messages;
  summary.skipped += known.skipped;
  summary.duplicates += known.messages - known.skipped;
  return true;
}

/**
 * Records a file just imported, when nothing in it failed: a file with a bad message is read again
 * next time (a newer listlens may read it), the others never need be.
 */
export async function recordUnchangedFile(
  store: Store,
  fingerprint: SourceFingerprint,
  list: string | null,
  before: ImportSummary,
  after: ImportSummary,
): Promise<void> {
  if (after.failed !== before.failed) return;
  await store.putImportedFile({
    sha256: fingerprint.sha256,
    list,
    path: fingerprint.path,
    messages: after.read - before.read,
    skipped: after.skipped - before.skipped,
    importedAt: new Date(),
  });
}

/** The sources' total size; a directory (a maildir) counts as large, as they usually are. */
export async function sourceBytes(files: string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map(async (file) => {
      const info = await stat(file).catch(() => null);
      return info?.isDirectory() ? Number.POSITIVE_INFINITY : (info?.size ?? 0);
    }),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
