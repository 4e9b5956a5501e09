// The listlens library: what the CLI is built on, for scripts and other programs. See docs/library.md.

export { ListlensError, type ListlensErrorKind, listlensVersion } from './core/index.js';

// The store: an SQLite file of messages, threads, drafts and fetch state.
export { acquireWriterLock, openStore, RefError, resolveRef, resolveThreadRoot, storePath, writerLockFile } from './store/index.js';
export type {
  DraftFile,
  DraftFileFormat,
  GroupChairs,
  ImapFolderSync,
  MessageSearch,
  OpenStoreOptions,
  Participant,
  ParticipantActivity,
  RethreadOptions,
  SearchHit,
  Store,
  StoredCopy,
  StoredDraftFile,
  StoredMessage,
  ThreadFilter,
  ThreadSummary,
} from './store/index.js';

// Getting mail and drafts in: local files, the IETF mail archive, the datatracker.
export { AliasFileError, importPaths, loadAliases } from './ingest/index.js';
export type { ImportOptions, ImportProblem, ImportSummary } from './ingest/index.js';
export { fetchLists, fetchTextArchive, fetchThread, FetchUsageError, isMonth, ThreadRefError } from './ingest/index.js';
export { fetchImapLists, fetchImapThread } from './ingest/index.js';
export type { ImapFetchOptions, ImapFetchProgress, ImapFetchSummary, ImapThreadOptions } from './ingest/index.js';
export type { FetchListsOptions, FetchOptions, FetchProgress, FetchSummary, FetchTextOptions, FetchThreadOptions, StoreUpdate } from './ingest/index.js';
export { DraftNotFoundError, DraftSpecError, fetchChairRoles, fetchDraft, loadDrafts, parseDraftSpec } from './ingest/index.js';
export type { DraftSourceOptions, DraftSpec, FetchChairRolesOptions, FetchedDraft, LoadDraftsOptions } from './ingest/index.js';
export { defaultArchiveUrl, defaultDatatrackerUrl, defaultDraftArchiveUrl, defaultTextArchiveUrl, HttpClient, HttpError } from './sources/index.js';
export { anonymousImapLogin, defaultImapUrl, ImapArchive, imapCredentialsFor, ImapError } from './sources/index.js';
export type { ImapCredentials } from './sources/index.js';
export type { HttpClientOptions, HttpStats, RetryEvent } from './sources/index.js';

// Drafts and technologies.
export { DraftParseError, draftLabel, parseDraft, XmlSyntaxError } from './draft/index.js';
export type { Draft, DraftFormat, DraftReference, DraftSection, ParseDraftOptions, TechnologyCoverage } from './draft/index.js';
export { loadTaxonomy, TaxonomyError } from './nlp/index.js';
export type { Mention, Taxonomy, Technology } from './nlp/index.js';

// Analysing a thread: coverage against drafts, summary, chair briefing.
export { analyseThreadFully, findChairs, parseDateRange, parseSearchQuery, runStatus, SearchQueryError, searchMessages } from './analyse/index.js';
export type {
  Brief,
  CallKind,
  CallPosition,
  CallPositions,
  CallTally,
  Chair,
  ChairsCall,
  ClaimVerdict,
  RespondentClaim,
  JudgedThreadAnalysis,
  MessageStand,
  Objection,
  ParticipantStand,
  ParticipantPosition,
  RaisedTechnology,
  ReportOutcome,
  ReportRun,
  DateRange,
  SearchOptions,
  SearchQuery,
  SearchResult,
  SinceLastReport,
  Stance,
  ThreadAnalysis,
  ThreadAnalysisOptions,
  ThreadCoverage,
  ThreadSummaryReport,
  TimelineEntry,
} from './analyse/index.js';

// Rendering: Markdown, HTML, JSON and text; PDF through Chromium.
export {
  briefHtml,
  briefMarkdown,
  chairsNote,
  coverageAnswer,
  coverageHtml,
  coverageJson,
  coverageMarkdown,
  draftJson,
  fetchSummaryJson,
  fileBytes,
  imapFetchSummaryJson,
  importSummaryJson,
  inertJson,
  inertText,
  messageJson,
  renderFetchProgress,
  renderFetchSummary,
  renderImapFetchProgress,
  renderImapFetchSummary,
  renderImportSummary,
  renderMessage,
  renderReportOutcome,
  renderRunTotals,
  renderSearchHits,
  renderStoreUpdate,
  renderThreadList,
  reportHtml,
  reportJson,
  reportMarkdown,
  reportRunJson,
  searchJson,
  threadJson,
  threadListJson,
  threadMarkdown,
  threadText,
} from './render/index.js';
export type { MarkdownBrief, ReportDocument, ThreadTextOptions } from './render/index.js';
export { emit, PdfError, printPdf, writeFileAtomic } from './output/index.js';

// Scheduled reports.
export { acquireReportLock, loadReportConfig, ReportConfigError, ReportLockError, reportLockFile, runReports } from './schedule/index.js';
export type { ReportConfig, ReportDefinition, ReportDraft, ReportFormat, ReportLock, ReportRunOptions, ReportSource } from './schedule/index.js';
