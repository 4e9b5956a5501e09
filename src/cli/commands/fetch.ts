import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  defaultArchiveUrl,
  defaultDatatrackerUrl,
  defaultDraftArchiveUrl,
  defaultTextArchiveUrl,
  draftJson,
  fetchDraft,
  type FetchedDraft,
  fetchLists,
  type FetchProgress,
  type FetchSummary,
  fetchSummaryJson,
  fetchTextArchive,
  fetchThread,
  fileBytes,
  HttpClient,
  type ImportProblem,
  isMonth,
  ListlensError,
  loadAliases,
  parseDraftSpec,
  renderFetchProgress,
  renderFetchSummary,
  type Store,
} from '../../index.js';
import { print, printJson, type RegisterCommands, withStore } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { Progress } from '../progress.js';
import { addPolitenessOptions, aliasesOption, type PolitenessOptions } from '../options.js';

interface FetchCommandOptions extends PolitenessOptions {
  since?: string;
  until?: string;
  archive: string;
  thread?: string;
  source: 'archive' | 'text';
  textArchive: string;
  full?: boolean;
  aliases?: string;
  json?: boolean;
}

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
    intervalMs: options.interval,
    onRetry: (retry) => {
      progress.done();
      process.stderr.write(`listlens: ${retry.url}: ${retry.reason}; retrying in ${(retry.delayMs / 1000).toFixed(1)} s\n`);
    },
  });
}

function checkFetchArguments(lists: string[], options: FetchCommandOptions): void {
  const usage = (message: string) => new ListlensError('usage', message);
  if (options.thread && lists.length > 0) throw usage('fetch: give lists or --thread <ref>, not both');
  if (!options.thread && lists.length === 0) throw usage('fetch: give at least one list, or --thread <ref>');
  if (options.thread && options.source === 'text') throw usage('fetch: --thread reads the mail archive; it does not go with --source text');
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
  if (options.thread) return fetchThread(store, { ...common, ref: options.thread });
  if (options.source === 'text') return fetchTextArchive(store, { ...common, lists, ...range, textArchive: options.textArchive });
  return fetchLists(store, { ...common, lists, ...range });
}

async function fetchCommand(lists: string[], options: FetchCommandOptions, command: Command): Promise<number> {
  checkFetchArguments(lists, options);
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
    if (aliases) await store.applyAliases(aliases);
    progress.update('threading');
    await store.rethread();
    progress.done();
    if (summary.stopped) process.stderr.write(`listlens: fetch stopped: ${summary.stopped}\n`);
    process.stderr.write(`${renderFetchSummary(summary)}\n`);
    if (options.json) printJson(fetchSummaryJson(summary));
    if (summary.stopped || summary.errors.length > 0 || summary.import.failed > 0) return exitCodes.failed;
    return summary.notFound.length > 0 ? exitCodes.notFound : exitCodes.ok;
  }, 'write');
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

/** `fetch` (the mail archive, or its monthly files) and `draft` (the datatracker and the draft archive). */
export const registerFetch: RegisterCommands = (program, act) => {
  const fetch = program
    .command('fetch')
    .description('fetch lists (or one thread) from the IETF mail archive into the store, politely and incrementally')
    .argument('[list...]', 'list names: iotops t2trg')
    .option('--since <month>', 'first month, YYYY-MM (default: the list\'s first)', month)
    .option('--until <month>', 'last month, YYYY-MM (default: this month)', month)
    .option('--thread <ref>', 'an archive message URL: fetch it and the rest of its thread, from every list it was posted to')
    .option('--archive <url>', 'the mail archive, or a mirror', defaultArchiveUrl)
    .addOption(
      new Option('--source <source>', 'archive: index pages and downloads; text: monthly .mail files').choices(['archive', 'text']).default('archive'),
    )
    .option('--text-archive <url>', 'where the monthly .mail files are, with --source text', defaultTextArchiveUrl)
    .option('--full', 'read every index page again, also those that cannot have changed')
    .addOption(aliasesOption())
    .option('--json', 'print the fetch summary as JSON on stdout (see docs/json.md)');
  addPolitenessOptions(fetch).action(act((lists: string[], options: FetchCommandOptions, command: Command) => fetchCommand(lists, options, command)));

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
