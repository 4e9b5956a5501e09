export { AliasFileError, loadAliases } from './aliases.js';
export { DraftNotFoundError, type DraftSourceOptions, type DraftSpec, DraftSpecError, fetchDraft, type FetchedDraft, parseDraftSpec } from './draft-source.js';
export { loadDrafts, type LoadDraftsOptions } from './drafts.js';
export { fetchChairRoles, type FetchChairRolesOptions } from './chair-roles.js';
export { ThreadRefError } from './fetch-thread.js';
export {
  fetchLists,
  type FetchListsOptions,
  type FetchOptions,
  type FetchProgress,
  type FetchSummary,
  fetchTextArchive,
  type FetchTextOptions,
  fetchThread,
  type FetchThreadOptions,
  FetchUsageError,
} from './fetch.js';
export { type ImportOptions, importPaths, type ImportProblem, type ImportSummary } from './import.js';
export { fetchImapThread, type ImapThreadOptions } from './fetch-imap-thread.js';
export { fetchImapLists, type ImapFetchOptions, type ImapFetchProgress, type ImapFetchSummary } from './fetch-imap.js';
export { isMonth } from './months.js';
export { type FetchVia, fetchVias, type StoreUpdate } from './store-update.js';
