export { AliasFileError, loadAliases } from './aliases.js';
export { DraftNotFoundError, DraftSpecError, fetchDraft, type FetchedDraft, parseDraftSpec } from './draft-source.js';
export { loadDrafts } from './drafts.js';
export { ThreadRefError } from './fetch-thread.js';
export { fetchLists, type FetchProgress, type FetchSummary, fetchTextArchive, fetchThread, FetchUsageError } from './fetch.js';
export { fetchImapLists, type ImapFetchOptions, type ImapFetchProgress, type ImapFetchSummary } from './fetch-imap.js';
export { importPaths, type ImportProblem, type ImportSummary } from './import.js';
export { isMonth } from './months.js';
export { type StoreUpdate } from './store-update.js';
