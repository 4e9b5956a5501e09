import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  defaultArchiveUrl,
  defaultDatatrackerUrl,
  defaultDraftArchiveUrl,
  defaultImapUrl,
  defaultTextArchiveUrl,
  draftJson,
  fetchDraft,
  type FetchedDraft,
  fetchImapLists,
  fetchImapThread,
  fetchLists,
  type FetchProgress,
  type FetchSummary,
  fetchSummaryJson,
  fetchTextArchive,
  fetchThread,
  fileBytes,
  HttpClient,
  ImapArchive,
  imapCredentialsFor,
  type ImapFetchOptions,
  type ImapFetchSummary,
  imapFetchSummaryJson,
  type ImapFolderSync,
  type ImportProblem,
  isMonth,
  ListlensError,
  loadAliases,
  openStore,
  parseDraftSpec,
  renderFetchProgress,
  renderFetchSummary,
  renderImapFetchProgress,
  renderImapFetchSummary,
  type Store,
  storePath,
} from '../../index.js';
import { print, printJson, type RegisterCommands, withStore } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { Progress } from '../progress.js';
import { addPolitenessOptions, aliasesOption, integerOption, type PolitenessOptions, retriesOption, timeoutOption } from '../options.js';


interface FetchCommandOptions extends PolitenessOptions {
  since?: string;
  until?: string;
  archive: string;
  thread?: string;
  source: FetchSource;
  textArchive: string;
  imap: string;
  all?: boolean;
  connections: number;
  full?: boolean;
  aliases?: string;
  json?: boolean;
}

type FetchSource = 'imap' | 'web' | 'text';

interface DraftCommandOptions extends PolitenessOptions {
  followReplaced?: boolean;
  datatracker: string;
  draftArchive: string;
  print?: 'txt' | 'xml' | 'md';
  json?: boolean;
}


const month = (value: string): string => {
  if (!isMonth(value)) throw new InvalidArgumentError('give a month as YYYY-MM');
  return value;
};


function httpClient(options: PolitenessOptions, progress: Progress): HttpClient {
  return new HttpClient({
    concurrency: options.concurrency,
    retries: options.retries,
    connectTimeoutMs: options.timeout * 1000,
    bodyTimeoutMs: options.timeout * 1000,
    requestTimeoutMs: options.requestTimeout * 1000,
    intervalMs: options.interval,
    onRetry: (retry) => {
      progress.done();
      process.stderr.write(`listlens: ${retry.url}: ${retry.reason}; retrying in ${(retry.delayMs / 1000).toFixed(1)} s\n`);
    },
  });
}

/**
 * IMAP unless `--source` says otherwise; `--archive` (a web mirror) and `--thread` (read from the
 * web archive's thread pages) mean the web archive when `--source` is not given.
 */
function fetchSource(options: FetchCommandOptions, command: Command): FetchSource {
  if (command.getOptionValueSource('source') !== 'default') return options.source;
  return options.thread || command.getOptionValueSource('archive') === 'cli' ? 'web' : 'imap';
}

function checkFetchArguments(lists: string[], options: FetchCommandOptions, source: FetchSource): void {
  const usage = (message: string) => new ListlensError('usage', message);
  if (options.thread && lists.length > 0 && source !== 'imap') throw usage('fetch: give lists or --thread <ref>, not both');
  if (options.all && (lists.length > 0 || options.thread)) throw usage('fetch: give lists, --all or --thread <ref>, not more than one');
  if (options.all && source !== 'imap') throw usage('fetch: --all reads the list folders of the IMAP archive; it goes with --source imap');
  if (!options.thread && !options.all && lists.length === 0) throw usage('fetch: give at least one list, --all, or --thread <ref>');
  if (options.thread && source === 'text') throw usage('fetch: --thread reads the mail archive; it does not go with --source text');
  if (options.thread && (options.since || options.until)) throw usage('fetch: --thread fetches the whole thread; it does not go with --since or --until');
  if (options.since && options.until && options.since > options.until) throw usage(`fetch: --since ${options.since} is after --until ${options.until}`);
}

async function runFetch(store: Store, lists: string[], options: FetchCommandOptions, http: HttpClient, progress: Progress): Promise<FetchSummary> {
  const common = {
    http,
    archive: options.archive,
    full: Boolean(options.full),
    onProgress: (state: FetchProgress) => progress.update(renderFetchProgress(state)),
    onProblem: (problem: ImportProblem) => warn(progress, `${problem.where}${problem.messageId ? ` <${problem.messageId}>` : ''}: ${problem.reason}`),
    onError: (message: string) => warn(progress, message),
  };
  const range = { ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}) };
  if (options.thread) return await fetchThread(store, { ...common, ref: options.thread });
  if (options.source === 'text') return await fetchTextArchive(store, { ...common, lists, ...range, textArchive: options.textArchive });
  return await fetchLists(store, { ...common, lists, ...range });
}

async function fetchCommand(lists: string[], options: FetchCommandOptions, command: Command): Promise<number> {
  const source = fetchSource(options, command);
  checkFetchArguments(lists, options, source);
  if (source === 'imap') return imapFetchCommand(lists, options, command);
  const aliases = options.aliases ? loadAliases(options.aliases) : null;
  const progress = new Progress();
  const http = httpClient(options, progress);
  return withStore(command, async (store) => {
    let summary: FetchSummary;
    try {
      summary = await runFetch(store, lists, options, http, progress);
    } finally {
      http.close();
    }
    return finishFetch(store, aliases, progress, {
      stopped: summary.stopped,
      line: renderFetchSummary(summary),
      json: options.json ? fetchSummaryJson(summary) : null,
      failed: summary.errors.length > 0 || summary.import.failed > 0,
      notFound: summary.notFound.length > 0,
    });
  }, 'write');
}

async function imapFetchCommand(lists: string[], options: FetchCommandOptions, command: Command): Promise<number> {
  const aliases = options.aliases ? loadAliases(options.aliases) : null;
  const progress = new Progress();
  const clients = Array.from({ length: options.connections }, () => imapClient(options, progress));
  return withStore(command, async (store) => {
    let summary: ImapFetchSummary;
    const common: ImapFetchOptions = {
      imap: clients,
      lists,
      onProgress: (state) => progress.update(renderImapFetchProgress(state)),
      onProblem: (problem) => warn(progress, `${problem.where}${problem.messageId ? ` <${problem.messageId}>` : ''}: ${problem.reason}`),
      onWarning: (message) => warn(progress, message),
    };
    try {
      summary = options.thread
        ? await fetchImapThread(store, { ...common, ref: options.thread })
        : await fetchImapLists(store, {
            ...common,
            all: Boolean(options.all),
            ...(options.since ? { since: options.since } : {}),
            ...(options.until ? { until: options.until } : {}),
          });
    } finally {
      for (const client of clients) await client.close();
    }
    return finishFetch(store, aliases, progress, {
      stopped: summary.stopped,
      line: renderImapFetchSummary(summary),
      json: options.json ? imapFetchSummaryJson(summary) : null,
      failed: summary.import.failed > 0,
      notFound: summary.notFound.length > 0,
    });
  }, 'write');
}

/** How a fetch of any source ended, for its last lines and its exit code. */
interface FetchEnd {
  stopped: string | null;
  line: string;
  json: unknown;
  failed: boolean;
  notFound: boolean;
}

async function finishFetch(store: Store, aliases: Map<string, string> | null, progress: Progress, end: FetchEnd): Promise<number> {
  if (aliases) await store.applyAliases(aliases);
  progress.update('threading');
  await store.rethread();
  progress.done();
  if (end.stopped) process.stderr.write(`listlens: fetch stopped: ${end.stopped}\n`);
  process.stderr.write(`${end.line}\n`);
  if (end.json !== null) printJson(end.json);
  if (end.stopped || end.failed) return exitCodes.failed;
  return end.notFound ? exitCodes.notFound : exitCodes.ok;
}

/** An IMAP client with the command's politeness; credentials from the environment or ~/.netrc, else anonymous. */
function imapClient(options: { imap: string; retries: number; timeout: number }, progress: Progress): ImapArchive {
  return new ImapArchive({
    url: options.imap,
    credentials: imapCredentialsFor(options.imap),
    retries: options.retries,
    timeoutMs: options.timeout * 1000,
    onRetry: (retry) => warn(progress, `${options.imap}: ${retry.command}: ${retry.reason}; reconnecting in ${(retry.delayMs / 1000).toFixed(1)} s`),
  });
}

function warn(progress: Progress, message: string): void {
  progress.done();
  process.stderr.write(`listlens: ${message}\n`);
}

async function draftCommand(spec: string, options: DraftCommandOptions, command: Command): Promise<number> {
  const progress = new Progress();
  const http = httpClient(options, progress);
  return withStore(command, async (store) => {
    let draft: FetchedDraft;
    try {
      draft = await fetchDraft(store, parseDraftSpec(spec), {
        http,
        datatracker: options.datatracker,
        draftArchive: options.draftArchive,
        followReplaced: Boolean(options.followReplaced),
        onWarning: (message) => warn(progress, message),
      });
    } finally {
      http.close();
    }
    return reportDraft(draft, options);
  }, 'write');
}

/** One line on stderr; on stdout the stored text (`--print`), JSON, or one line a stored file. */
function reportDraft(draft: FetchedDraft, options: DraftCommandOptions): number {
  const replaced = draft.names.length > 1 ? `, replacing ${draft.names.slice(0, -1).join(' → ')}` : '';
  const formats = draft.files.map((file) => file.format).join(', ');
  process.stderr.write(`draft: ${draft.name}-${draft.revision}${replaced}: ${draft.cached ? 'already stored' : 'stored'} (${formats})\n`);
  if (options.print) {
    const file = draft.files.find((f) => f.format === options.print);
    if (!file) throw new ListlensError('not-found', `${draft.name}-${draft.revision} has no .${options.print} file`);
    print(file.text ?? '');
  } else if (options.json) {
    printJson(draftJson(draft));
  } else {
    print(draft.files.map((file) => `${draft.name}-${draft.revision}\t${file.format}\t${fileBytes(file)} bytes\t${file.source}\n`).join(''));
  }
  return exitCodes.ok;
}

interface ListsCommandOptions {
  imap: string;
  retries: number;
  timeout: number;
  json?: boolean;
}

/** The IMAP archive's lists with their message counts, and what the store holds of each (if there is a store). */
async function listsCommand(options: ListsCommandOptions, command: Command): Promise<number> {
  const progress = new Progress();
  const imap = imapClient(options, progress);
  let folders;
  try {
    folders = await imap.lists();
  } finally {
    await imap.close();
  }
  const stored = await storedLists(command, imap.server);
  const rows = folders.map((folder) => ({
    list: folder.list,
    folder: folder.path,
    messages: folder.messages,
    stored: stored.copies.get(folder.list) ?? 0,
    syncedAt: stored.syncs.get(folder.list)?.syncedAt?.toISOString() ?? null,
  }));
  if (options.json) printJson(rows);
  else print(rows.map((row) => `${row.list}\t${row.messages ?? '?'} messages\t${row.stored} stored\t${row.syncedAt ? `synced ${row.syncedAt}` : 'never synced'}\n`).join(''));
  return exitCodes.ok;
}

/** Copies per list and the IMAP sync state of the store, when it exists: `lists` never makes one. */
async function storedLists(command: Command, server: string): Promise<{ copies: Map<string, number>; syncs: Map<string, ImapFolderSync> }> {
  const file = storePath(command.optsWithGlobals<{ store?: string }>().store);
  if (!existsSync(file)) return { copies: new Map(), syncs: new Map() };
  const store = openStore(file, { readOnly: true });
  try {
    return { copies: await store.copiesPerList(), syncs: new Map((await store.imapFolderSyncs(server)).map((sync) => [sync.list, sync])) };
  } finally {
    await store.close();
  }
}

/** `fetch` (the mail archive, or its monthly files) and `draft` (the datatracker and the draft archive). */
export const registerFetch: RegisterCommands = (program, act) => {
  const fetch = program
    .command('fetch')
    .description('fetch lists (or one thread) from the IETF mail archive (IMAP, or the web) into the store, politely and incrementally')
    .argument('[list...]', 'list names: iotops t2trg')
    .option('--since <month>', 'first month, YYYY-MM (default: the list\'s first)', month)
    .option('--until <month>', 'last month, YYYY-MM (default: this month)', month)
    .option('--thread <ref>', 'an archive message URL: fetch it and the rest of its thread, from every list it was posted to')
    .option('--all', 'every list of the IMAP archive')
    .addOption(
      new Option('--source <source>', 'imap: the list folders of the IMAP archive; web: the web archive\'s index pages and downloads; text: monthly .mail files')
        .choices(['imap', 'web', 'text'])
        .default('imap'),
    )
    .option('--imap <url>', 'the IMAP archive, or a mirror (imaps://host[:port])', defaultImapUrl)
    .addOption(new Option('--connections <n>', 'IMAP connections at once').default(1).argParser(integerOption('--connections', 1, 4)))
    .option('--archive <url>', 'the web mail archive, or a mirror (implies --source web)', defaultArchiveUrl)
    .option('--text-archive <url>', 'where the monthly .mail files are, with --source text', defaultTextArchiveUrl)
    .option('--full', 'read every index page again, also those that cannot have changed')
    .addOption(aliasesOption())
    .option('--json', 'print the fetch summary as JSON on stdout (see docs/json.md)');
  addPolitenessOptions(fetch).action(act((lists: string[], options: FetchCommandOptions, command: Command) => fetchCommand(lists, options, command)));

  program
    .command('lists')
    .description('the lists of the IMAP archive, with their message counts there and in the store')
    .option('--imap <url>', 'the IMAP archive, or a mirror (imaps://host[:port])', defaultImapUrl)
    .addOption(retriesOption())
    .addOption(timeoutOption())
    .option('--json', 'print JSON: [{list, folder, messages, stored, syncedAt}]')
    .action(act((options: ListsCommandOptions, command: Command) => listsCommand(options, command)));

  const draft = program
    .command('draft')
    .description('fetch a draft (latest revision, or the one named) into the store: .txt, and .xml where it exists')
    .argument('<draft>', 'draft-name, draft-name-NN, a local .txt/.xml/.md file, or an http(s) URL')
    .option('--follow-replaced', 'if the draft was replaced, fetch the draft that replaced it (and so on)')
    .option('--datatracker <url>', 'the datatracker, or a mirror', defaultDatatrackerUrl)
    .option('--draft-archive <url>', 'where <name>-<rev>.txt and .xml are', defaultDraftArchiveUrl)
    .addOption(new Option('--print <format>', 'print the stored text of this format instead of the summary').choices(['txt', 'xml', 'md']))
    .option('--json', 'print JSON (see docs/json.md)');
  addPolitenessOptions(draft).action(act((spec: string, options: DraftCommandOptions, command: Command) => draftCommand(spec, options, command)));
};
