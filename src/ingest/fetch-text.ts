import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { contentDate, HttpError } from '../sources/index.js';
import { readSource } from '../sources/index.js';
import { ListNotFoundError } from '../sources/index.js';
import { defaultTextArchiveUrl, parseTextArchiveListing, textArchiveListUrl, type MonthlyFile } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { FetchSession, type FetchOptions, type FetchSummary } from './fetch-session.js';
import { periodEnd } from './months.js';

export interface FetchTextOptions extends FetchOptions {
  lists: string[];
  /** Months before this (`YYYY-MM`) are left out; default: every file listed. */
  since?: string;
  /** Months after this are left out; default: none. */
  until?: string;
  /** Default `https://www.ietf.org/mail-archive/text`. */
  textArchive?: string;
}

/**
 * Fetches lists from the monthly mailbox files (`<list>/<YYYY-MM>.mail`) a directory listing links to,
 * imported as `listlens import` reads a file. A file read after its month ended is never fetched
 * again; the current month's file is revalidated, and only its new messages are stored.
 */
export async function fetchTextArchive(store: Store, options: FetchTextOptions): Promise<FetchSummary> {
  const session = new FetchSession(store, options, 'text');
  const base = options.textArchive ?? defaultTextArchiveUrl;
  const work = await mkdtemp(path.join(os.tmpdir(), 'listlens-fetch-'));
  try {
    return await session.run(async () => {
      for (const list of options.lists) {
        session.summary.lists.push(list);
        try {
          const files = await listedFiles(session, list, textArchiveListUrl(base, list));
          const wanted = files.filter((file) => (!options.since || file.month >= options.since) && (!options.until || file.month <= options.until));
          for (const file of wanted) await readMonthlyFile(session, list, file, path.join(work, `${list}-${file.month}.mail`));
        } catch (error) {
          if (!(error instanceof ListNotFoundError)) throw error;
          session.notFound(list, error.message);
        }
      }
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function listedFiles(session: FetchSession, list: string, url: string): Promise<MonthlyFile[]> {
  session.reading(`${list} file list`);
  try {
    const response = await session.options.http.get(url, { accept: 'text/html' });
    return parseTextArchiveListing(response.body.toString('utf8'), response.url);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new ListNotFoundError(list, url, { cause: error });
    throw error;
  }
}

async function readMonthlyFile(session: FetchSession, list: string, file: MonthlyFile, scratch: string): Promise<void> {
  const { store, summary } = session;
  const state = session.full ? null : await store.pageState(file.url);
  if (state?.complete) {
    summary.pages.skipped++;
    return;
  }
  session.reading(`${list} ${file.month}`);
  const response = await session.options.http.get(file.url, { validators: state, accept: 'application/mbox' });
  const complete = contentDate(response).getTime() >= periodEnd(file.month).getTime();
  if (response.status === 304) {
    summary.pages.notModified++;
    await store.putPageState({ ...state!, complete, checkedAt: session.now() });
    return;
  }
  session.pageRead();
  await writeFile(scratch, response.body);
  const importer = session.importer(list);
  for await (const item of readSource(scratch)) {
    // The file is named by its URL, as an imported file is by its path.
    const origin = { ...item.origin, path: file.url };
    if (item.kind === 'problem') importer.fail(origin, item.reason.replaceAll(scratch, file.url));
    else await importer.add({ ...item, origin });
  }
  await importer.flush();
  await store.putPageState({ url: file.url, ...response.validators, complete, checkedAt: session.now() });
}
