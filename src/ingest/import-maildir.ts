import path from 'node:path';
import { countMaildirFolders, defaultMaxMessageBytes, maildirBaseName, maildirFileNames, type MaildirFolderCount, readMaildirFiles, type SourceItem } from '../sources/index.js';
import type { MaildirFile, MaildirFolderState, MaildirScan } from '../store/index.js';
import type { BatchImporter, ImportOptions, ImportSummary } from './import.js';

/** How import.ts stores a stream of source items. */
export type StoreItems = (items: AsyncIterable<SourceItem>) => Promise<void>;

/** File names go to the store, and come back from it, this many at a time. */
const filesPerPage = 1000;

/**
 * Imports a maildir reading only what may be new: a `cur/` or `new/` folder whose modification time
 * and file count are those of the last import is not listed further, and in a folder that changed
 * only files whose base name (without `:2,FLAGS`) was not imported before are read. Maildir files do
 * not change under their name; a mail client marking a message read renames it, and that is not new
 * mail, nor is a file that failed to import. `verify` reads every file, to catch one that did change
 * under its name. A file skipped counts as read and duplicate; `maildirFilesRead` counts the files read.
 * The names listed are kept in the store, not in memory, and read in file-name order.
 */
export async function importMaildir(importer: BatchImporter, dir: string, options: ImportOptions, storeItems: StoreItems, fallback: () => Promise<void>): Promise<void> {
  const { store, summary } = importer;
  const list = options.list ?? null;
  const folders = await countMaildirFolders(dir).catch(() => null);
  if (!folders) return fallback(); // reports why it cannot be read
  const scan = await store.startMaildirScan(path.resolve(dir), list, options.verify ?? false);
  let listed = 0;
  for (const folder of folders) {
    const unchanged = !options.verify && sameAsLastImport(folder, await store.maildirFolder(path.resolve(folder.folder), list));
    if (unchanged) countUnread(summary, folder.files);
    else listed += await addFolder(scan, folder.folder);
  }
  const toRead = await scan.selectNew();
  summary.maildirFilesRead += toRead;
  countUnread(summary, listed - toRead);
  await storeItems(readMaildirFiles(filesOf(scan), options.maxMessageBytes ?? defaultMaxMessageBytes));
  await importer.finish();
  // Recorded once stored, so that a killed import reads them again. A file that failed is recorded
  // too: it is the same file next time, and only --verify reads it again (a newer listlens may read it).
  await scan.finish(folders.map((folder) => stateOf(folder, list)));
}

/** Lists `folder` again into the scan; returns how many files it holds now. */
async function addFolder(scan: MaildirScan, folder: string): Promise<number> {
  const names = await maildirFileNames(folder);
  if (!names) return 0;
  let listed = 0;
  let page: MaildirFile[] = [];
  for await (const name of names) {
    page.push({ folder, name, base: maildirBaseName(name) });
    if (page.length === filesPerPage) {
      await scan.add(page);
      listed += page.length;
      page = [];
    }
  }
  await scan.add(page);
  return listed + page.length;
}

async function* filesOf(scan: MaildirScan): AsyncGenerator<string> {
  for (let start = 0; ; ) {
    const page = await scan.files(start, filesPerPage);
    if (page.length === 0) return;
    start += page.length;
    for (const file of page) yield path.join(file.folder, file.name);
  }
}

function sameAsLastImport(folder: MaildirFolderCount, last: MaildirFolderState | null): boolean {
  return last !== null && last.mtimeMs === folder.mtimeMs && last.files === folder.files;
}

function stateOf(folder: MaildirFolderCount, list: string | null): MaildirFolderState {
  return { folder: path.resolve(folder.folder), list, mtimeMs: folder.mtimeMs, files: folder.files };
}

function countUnread(summary: ImportSummary, files: number): void {
  summary.read += files;
  summary.duplicates += files;
}
