import { existsSync } from 'node:fs';
import type { Draft } from '../draft/index.js';
import type { HttpClient } from '../sources/index.js';
import { defaultArchiveUrl } from '../sources/index.js';
import type { Store } from '../store/index.js';
import { loadDrafts } from '../ingest/index.js';
import { fetchLists, type FetchProgress, type FetchSummary } from '../ingest/index.js';
import { importPaths, type ImportSummary } from '../ingest/index.js';
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

function plannedUpdates(reports: ReportDefinition[]): StoreUpdate[] {
  const byKey = new Map<string, StoreUpdate>();
  for (const report of reports) {
    const source = report.source;
    if (!source) continue;
    const key = source.kind === 'import' ? `import ${JSON.stringify([...source.paths].sort())}` : `fetch ${source.archive ?? defaultArchiveUrl} ${source.since ?? ''}`;
    const update: StoreUpdate =
      byKey.get(key) ??
      (source.kind === 'import'
        ? { kind: 'import', paths: source.paths, reports: [], summary: null, error: null }
        : { kind: 'fetch', archive: source.archive ?? defaultArchiveUrl, lists: [], since: source.since, reports: [], summary: null, error: null });
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
    onProblem: (problem) => options.onWarning?.(`${problem.where}${problem.messageId ? ` <${problem.messageId}>` : ''}: ${problem.reason}`),
  });
}

function runFetch(store: Store, update: Extract<StoreUpdate, { kind: 'fetch' }>, options: UpdateOptions): Promise<FetchSummary> {
  return fetchLists(store, {
    http: options.http(),
    archive: update.archive,
    lists: update.lists,
    ...(update.since ? { since: update.since } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onFetchProgress ? { onProgress: options.onFetchProgress } : {}),
    onProblem: (problem) => options.onWarning?.(`${problem.where}${problem.messageId ? ` <${problem.messageId}>` : ''}: ${problem.reason}`),
    onError: (message) => options.onWarning?.(message),
  });
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
