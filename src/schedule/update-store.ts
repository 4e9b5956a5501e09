import { existsSync } from 'node:fs';
import type { Draft } from '../draft/index.js';
import type { HttpClient } from '../sources/index.js';
import { defaultArchiveUrl, defaultImapUrl, defaultTextArchiveUrl, type ImapArchive } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { loadDrafts } from '../ingest/index.js';
import { fetchImapLists, fetchLists, fetchTextArchive, type FetchProgress, type FetchSummary, type FetchVia, type ImapFetchProgress, type ImapFetchSummary } from '../ingest/index.js';
import { importPaths, type ImportProblem, type ImportSummary } from '../ingest/index.js';
import type { ReportDefinition, ReportDraft } from './config.js';
import type { StoreUpdate } from '../ingest/index.js';
import { ListlensError } from '../core/index.js';

export interface UpdateOptions {
  /** The run's one HTTP client, made when first needed. */
  http: () => HttpClient;
  now?: () => Date;
  /** Each message that could not be stored, each request that failed without stopping the fetch. */
  onWarning?: (message: string) => void;
  onFetchProgress?: (progress: FetchProgress) => void;
  onImapFetchProgress?: (progress: ImapFetchProgress) => void;
  /** A new IMAP client for a fetch from `url`; the fetch closes it. */
  imap: (url: string) => ImapArchive;
}

/**
 * Brings the store up to date for every report: one import a distinct set of paths, one fetch an
 * archive and first month (over the union of the lists); both only add what the store lacks. Threads
 * are computed again when anything was added. A failed update is recorded, not thrown: its reports fail, the others go on.
 */
export async function updateStore(store: Store, reports: ReportDefinition[], options: UpdateOptions): Promise<StoreUpdate[]> {
  const updates = plannedUpdates(reports);
  for (const update of updates) {
    try {
      if (update.kind === 'import') update.summary = await runImport(store, update.paths, options);
      else update.summary = await runFetch(store, update, options);
      update.error = updateError(update);
    } catch (error) {
      update.error = (error as Error).message;
    }
  }
  const added = updates.some((u) => {
    const summary = u.kind === 'import' ? u.summary : u.summary?.import;
    return summary ? summary.new + summary.crossPosted + summary.completed > 0 : false;
  });
  if (added) await store.rethread();
  return updates;
}

const problemLine = (problem: ImportProblem): string => `${problem.where}${problem.messageId ? ` <${problem.messageId}>` : ''}: ${problem.reason}`;

/** The server each way of fetching reads when the config names none. */
const defaultFetchUrl: Record<FetchVia, string> = { imap: defaultImapUrl, web: defaultArchiveUrl, text: defaultTextArchiveUrl };

function plannedUpdates(reports: ReportDefinition[]): StoreUpdate[] {
  const byKey = new Map<string, StoreUpdate>();
  for (const report of reports) {
    const source = report.source;
    if (!source) continue;
    const archive = source.kind === 'fetch' ? (source.archive ?? defaultFetchUrl[source.via]) : '';
    const key = source.kind === 'import' ? `import ${JSON.stringify([...source.paths].sort())}` : `fetch ${source.via} ${archive} ${source.since ?? ''}`;
    const update: StoreUpdate =
      byKey.get(key) ??
      (source.kind === 'import'
        ? { kind: 'import', paths: source.paths, reports: [], summary: null, error: null }
        : { kind: 'fetch', via: source.via, archive, lists: [], since: source.since, reports: [], summary: null, error: null });
    update.reports.push(report.name);
    if (update.kind === 'fetch') update.lists = [...new Set([...update.lists, ...report.lists])];
    byKey.set(key, update);
  }
  return [...byKey.values()];
}

function runImport(store: Store, paths: string[], options: UpdateOptions): Promise<ImportSummary> {
  const missing = paths.find((p) => !existsSync(p));
  if (missing !== undefined) throw new ListlensError('failed', `import: ${missing}: no such file or folder`);
  return importPaths(store, paths, {
    onProblem: (problem) => options.onWarning?.(problemLine(problem)),
  });
}

function runFetch(store: Store, update: Extract<StoreUpdate, { kind: 'fetch' }>, options: UpdateOptions): Promise<FetchSummary | ImapFetchSummary> {
  const warn = (message: string) => options.onWarning?.(message);
  const common = {
    lists: update.lists,
    ...(update.since ? { since: update.since } : {}),
    ...(options.now ? { now: options.now } : {}),
    onProblem: (problem: ImportProblem) => warn(problemLine(problem)),
  };
  if (update.via === 'imap') return runImapFetch(store, update.archive, common, options);
  const web = {
    ...common,
    http: options.http(),
    archive: update.via === 'web' ? update.archive : defaultArchiveUrl,
    ...(options.onFetchProgress ? { onProgress: options.onFetchProgress } : {}),
    onError: warn,
  };
  return update.via === 'text' ? fetchTextArchive(store, { ...web, textArchive: update.archive }) : fetchLists(store, web);
}

async function runImapFetch(
  store: Store,
  url: string,
  common: { lists: string[]; since?: string; now?: () => Date; onProblem: (problem: ImportProblem) => void },
  options: UpdateOptions,
): Promise<ImapFetchSummary> {
  const imap = options.imap(url);
  try {
    return await fetchImapLists(store, {
      ...common,
      imap: [imap],
      ...(options.onImapFetchProgress ? { onProgress: options.onImapFetchProgress } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
  } finally {
    await imap.close();
  }
}

/** Unreadable messages are warnings (they would fail every run again); a fetch that stopped, or a list the archive lacks, fails. */
function updateError(update: StoreUpdate): string | null {
  if (update.kind === 'import' || !update.summary) return null;
  if (update.summary.stopped) return `fetch stopped: ${update.summary.stopped}`;
  if (update.summary.notFound.length > 0) return `${update.archive} has no list ${update.summary.notFound.join(', ')}`;
  return null;
}

/** The report's drafts, in order, through the draft store as `--draft` takes them: a name (latest revision unless given), a file or a URL. */
export async function loadReportDrafts(
  store: Store,
  drafts: ReportDraft[],
  http: () => HttpClient,
  onWarning: (message: string) => void,
): Promise<Draft[]> {
  const loaded: Draft[] = [];
  for (const draft of drafts) {
    const options = {
      http: http(),
      followReplaced: draft.followReplaced,
      onWarning,
      ...(draft.datatracker ? { datatracker: draft.datatracker } : {}),
      ...(draft.draftArchive ? { draftArchive: draft.draftArchive } : {}),
    };
    loaded.push(...(await loadDrafts(store, [draft.spec], options)));
  }
  return loaded;
}
