export { readSource } from './read-source.js';
export { expandSourcePaths } from './expand-paths.js';
export { defaultMaxMessageBytes } from './message-accumulator.js';
export { holdsManyMessages } from './detect-format.js';
export { countMaildirFolders, maildirBaseName, maildirFileNames, type MaildirFolderCount, readMaildirFiles } from './maildir.js';
export type {
  Envelope,
  Origin,
  RawMessage,
  ReadSourceOptions,
  SourceFormat,
  SourceItem,
  SourceProblem,
} from './types.js';
export { Datatracker, type DatatrackerDocument, defaultDatatrackerUrl, defaultDraftArchiveUrl, draftFileUrl } from './datatracker.js';
export { contentDate, HttpClient, type HttpClientOptions, HttpError, type HttpStats, type RetryEvent } from './http.js';
export { defaultArchiveUrl, type IndexEntry, type IndexKind, ListNotFoundError, MailArchive, parseMessageUrl, threadGroups } from './mail-archive.js';
export { defaultTextArchiveUrl, type MonthlyFile, parseTextArchiveListing, textArchiveListUrl } from './text-archive.js';
export {
  anonymousImapLogin,
  defaultImapUrl,
  ImapArchive,
  type ImapArchiveOptions,
  type ImapCredentials,
  imapCredentialsFor,
  ImapError,
  type ImapErrorKind,
  type ImapFolderStatus,
  type ImapListFolder,
  type ImapMessage,
  type ImapRetryEvent,
  type ImapSearch,
  type ImapStats,
} from './imap.js';
export { netrcFile, type NetrcLogin, netrcLogin } from './netrc.js';
