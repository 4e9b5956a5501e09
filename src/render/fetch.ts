import type { FetchedDraft } from '../ingest/index.js';
import type { FetchProgress, FetchSummary, ImapFetchProgress, ImapFetchSummary } from '../ingest/index.js';
import type { DraftFile } from '../store/index.js';
import { importSummaryJson } from './json.js';
import { renderImportSummary } from './terminal.js';
import { plural } from '../core/index.js';

/** `fetch iotops 2021-03: 6 pages, 34/50 messages, 5.2/s, ETA 3 s`. */
export function renderFetchProgress(state: FetchProgress, now: number = Date.now()): string {
  const seconds = Math.max((now - state.startedAt) / 1000, 0.001);
  const rate = state.downloaded / seconds;
  const remaining = state.queued - state.downloaded;
  const eta = rate > 0 && remaining > 0 ? `, ETA ${Math.ceil(remaining / rate)} s` : '';
  return `fetch ${state.current}: ${state.pages} pages, ${state.downloaded}/${state.queued} messages, ${rate.toFixed(1)}/s${eta}`;
}

/** The one summary line: pages, downloads, the import counts as `listlens import` gives them, requests. */
export function renderFetchSummary(summary: FetchSummary): string {
  const unit = summary.source === 'text' ? 'file' : 'page';
  const { pages, messages, http } = summary;
  const parts = [`fetch: ${plural(pages.read, unit)} read, ${pages.notModified} not modified, ${pages.skipped} skipped as complete`];
  if (summary.source === 'archive') {
    parts.push(`${plural(messages.downloaded, 'message')} downloaded, ${messages.alreadyStored} already stored, ${messages.gone} gone`);
  }
  parts.push(renderImportSummary(summary.import));
  parts.push(`${plural(http.requests, 'request')}, ${plural(http.retries, 'retry', 'retries')}`);
  if (summary.notFound.length > 0) parts.push(`not found: ${summary.notFound.join(', ')}`);
  if (summary.thread) parts.push(renderFetchedThread(summary.thread));
  return parts.join('; ');
}

/** The `fetch --json` shape, documented in docs/json.md. */
export function fetchSummaryJson(summary: FetchSummary) {
  return {
    source: summary.source,
    lists: summary.lists,
    pages: summary.pages,
    messages: summary.messages,
    import: importSummaryJson(summary.import),
    http: summary.http,
    notFound: summary.notFound,
    errors: summary.errors,
    stopped: summary.stopped,
    thread: summary.thread,
  };
}

/** `fetch iotops (list 2 of 5): 34/120 messages, 5.2/s, ETA 3 s`. */
export function renderImapFetchProgress(state: ImapFetchProgress, now: number = Date.now()): string {
  const seconds = Math.max((now - state.startedAt) / 1000, 0.001);
  const rate = state.fetched / seconds;
  const remaining = state.missing - state.fetched;
  const eta = rate > 0 && remaining > 0 ? `, ETA ${Math.ceil(remaining / rate)} s` : '';
  return `fetch ${state.list} (list ${state.listsDone + 1} of ${state.lists}): ${state.fetched}/${state.missing} messages, ${rate.toFixed(1)}/s${eta}`;
}

/** The one summary line of an IMAP fetch: folders, messages, the import counts as `listlens import` gives them, connections. */
export function renderImapFetchSummary(summary: ImapFetchSummary): string {
  const { folders, messages, imap } = summary;
  const parts = [
    `fetch ${summary.server}: ${plural(folders.examined, 'folder')} examined, ${folders.unchanged} unchanged, ${folders.resynced} read again (UIDVALIDITY changed)`,
    `${plural(messages.fetched, 'message')} fetched${messages.outsideRange > 0 ? `, ${messages.outsideRange} dated outside --since/--until` : ''}`,
    renderImportSummary(summary.import),
    `${plural(imap.connections, 'connection')}, ${plural(imap.retries, 'retry').replace('retrys', 'retries')}`,
  ];
  if (summary.notFound.length > 0) parts.push(`not found: ${summary.notFound.join(', ')}`);
  if (summary.thread) parts.push(renderFetchedThread(summary.thread));
  return parts.join('; ');
}

function renderFetchedThread(thread: NonNullable<FetchSummary['thread']>): string {
  return `thread "${thread.subject}": ${plural(thread.messages, 'message')} in ${thread.lists.join(', ')}`;
}

/** The `fetch --json` shape of an IMAP fetch, documented in docs/json.md. */
export function imapFetchSummaryJson(summary: ImapFetchSummary) {
  return { ...summary, import: importSummaryJson(summary.import) };
}

export const fileBytes = (file: DraftFile): number => Buffer.byteLength(file.text ?? '');

/** The `draft --json` shape, documented in docs/json.md. */
export function draftJson(draft: FetchedDraft) {
  return {
    name: draft.name,
    revision: draft.revision,
    title: draft.title,
    names: draft.names,
    cached: draft.cached,
    files: draft.files.map((file) => ({
      format: file.format,
      source: file.source,
      bytes: fileBytes(file),
      sha256: file.sha256,
      fetchedAt: file.fetchedAt.toISOString(),
    })),
  };
}
