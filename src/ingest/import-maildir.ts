import path from 'node:path';
import { defaultMaxMessageBytes, filesInOrder, listMaildirFolders, maildirBaseName, type MaildirFolderListing, readMaildirFiles, type SourceItem } from '../sources/index.js';
import type { MaildirFolderState } from '../store/index.js';
import type { BatchImporter, ImportOptions, ImportSummary } from './import.js';

/** How import.ts stores a stream of source items. */
export type StoreItems = (items: AsyncIterable<SourceItem>) => Promise<void>;

/**
 * Imports a maildir reading only what may be new: a `cur/` or `new/` folder whose modification time
 * and file count are those of the last import is not listed further, and in a folder that changed
 * only files whose base name (without `:2,FLAGS`) was not imported before are read. Maildir files do
 * not change under their name; a mail client marking a message read renames it, and that is not new
 * mail, nor is a file that failed to import. `verify` reads every file, to catch one that did change
 * under its name. A file skipped counts as read and duplicate; `maildirFilesRead` counts the files read.
 */
export async function importMaildir(importer: BatchImporter, dir: string, options: ImportOptions, storeItems: StoreItems, fallback: () => Promise<void>): Promise<void> {
  const { store, summary } = importer;
  const list = options.list ?? null;
  const folders = await listMaildirFolders(dir).catch(() => null);
  if (!folders) return fallback(); // reports why it cannot be read
  const maildir = path.resolve(dir);
  let known: Set<string> | null = options.verify ? new Set() : null; // read only when a folder changed
  const toRead: { folder: string; names: string[] }[] = [];
  for (const folder of folders) {
    const unchanged = !options.verify && sameAsLastImport(folder, await store.maildirFolder(path.resolve(folder.folder), list));
    if (!unchanged) known ??= await store.maildirNames(maildir, list);
    const names = unchanged ? [] : folder.names.filter((name) => !known!.has(maildirBaseName(name)));
    countUnread(summary, folder.names.length - names.length);
    toRead.push({ folder: folder.folder, names });
  }
  known = null;
  summary.maildirFilesRead += toRead.reduce((sum, folder) => sum + folder.names.length, 0);
  await storeItems(readMaildirFiles(filesInOrder(toRead), options.maxMessageBytes ?? defaultMaxMessageBytes));
  await importer.finish();
  // Recorded once stored, so that a killed import reads them again. A file that failed is recorded
  // too: it is the same file next time, and only --verify reads it again (a newer listlens may read it).
  const imported = toRead.flatMap((folder) => folder.names.map(maildirBaseName));
  await store.putMaildirScan(maildir, list, imported, folders.map((folder) => stateOf(folder, list)));
}

function sameAsLastImport(folder: MaildirFolderListing, last: MaildirFolderState | null): boolean {
  return last !== null && last.mtimeMs === folder.mtimeMs && last.files === folder.names.length;
}

function stateOf(folder: MaildirFolderListing, list: string | null): MaildirFolderState {
  return { folder: path.resolve(folder.folder), list, mtimeMs: folder.mtimeMs, files: folder.names.length };
}

function countUnread(summary: ImportSummary, files: number): void {
  summary.read += files;
  summary.duplicates += files;
}
