import { type Command, Option } from 'commander';
import { messageJson, renderMessage, resolveRef, renderSearchHits, renderThreadList, searchJson, searchMessages, type Store, threadListJson } from '../../index.js';
import { parseDateOption, print, printJson, type RegisterCommands, warn, withStore } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { wholeNumber } from '../options.js';

const positiveInteger = wholeNumber(1, Infinity, 'must be a whole number of at least 1');

/** Why `threads` found none: an empty store, or a list name that is not there (names are lower case). */
async function noThreadsWhy(store: Store, list: string | undefined): Promise<string> {
  if ((await store.counts()).messages === 0) return 'no threads: the store is empty';
  if (!list) return 'no threads match';
  const lists = [...new Set((await store.threads({})).flatMap((thread) => thread.lists))].sort();
  return lists.includes(list) ? 'no threads match' : `no list "${list}" in the store (it has ${lists.join(', ') || 'no list names'})`;
}

interface SearchCommandOptions {
  limit: number;
  sort?: 'rank' | 'date';
  since?: string;
  until?: string;
  json?: boolean;
}

const searchSyntaxHelp = `
Query syntax (docs/search.md):
  word  "a phrase"  word*    in the authors' own words
  q:word                     in the quoted text;  all:word  anywhere in the message
  subject:word               in the subject
  from:NAME|ADDRESS          a participant (any of their addresses); quote a full name: from:"Jane Doe"
  list:NAME                  posted to this list
  d:2021-02..2021-04         in this period (YYYY, YYYY-MM or YYYY-MM-DD; either end may be left open)
  thread:REF                 in the thread of a Message-ID, archive URL or subject substring
  draft:NAME                 own words that name this draft
  tech:ID                    own words that raise this taxonomy technology (docs/taxonomy.md)
Every term must match; repeated from:, list: and thread: are alternatives.
Example: listlens search 'from:"Jane Doe" list:iotops d:2021-02 BRSKI'`;

/** `--since` and `--until` as the query's `d:` term. */
function dateTerm(options: SearchCommandOptions): string[] {
  return options.since || options.until ? [`d:${options.since ?? ''}..${options.until ?? ''}`] : [];
}

/** The commands that read the store: threads, show, search. */
export const registerBrowse: RegisterCommands = (program, act) => {
  program
    .command('threads')
    .description('list threads: root date, lists, messages, participants, subject')
    .option('--list <name>', 'only threads with a message in this list')
    .option('--since <date>', 'only threads with a message on or after this date (YYYY-MM-DD or YYYY-MM)')
    .option('--json', 'print JSON (see docs/json.md)')
    .action(
      act((options: { list?: string; since?: string; json?: boolean }, command: Command) =>
        withStore(command, async (store) => {
          const threads = await store.threads({
            ...(options.list ? { list: options.list } : {}),
            ...(options.since ? { since: parseDateOption('--since', options.since) } : {}),
          });
          if (options.json) printJson(threadListJson(threads));
          else print(renderThreadList(threads));
          if (threads.length === 0) warn(await noThreadsWhy(store, options.list));
          return exitCodes.ok;
        }),
      ),
    );

  program
    .command('show')
    .description('show one message, its own words and its quoted text marked')
    .argument('<ref>', 'a Message-ID, an archive URL or a subject substring')
    .option('--json', 'print JSON (see docs/json.md)')
    .option('--raw', 'print the stored raw bytes of the first list copy')
    .action(
      act((ref: string, options: { json?: boolean; raw?: boolean }, command: Command) =>
        withStore(command, async (store) => {
          const message = (await store.message(await resolveRef(store, ref)))!;
          if (options.raw) process.stdout.write((await store.rawBytes(message.messageId, message.copies[0]?.list ?? '')) ?? '');
          else if (options.json) printJson(messageJson(message));
          else print(renderMessage(message));
          return exitCodes.ok;
        }),
      ),
    );

  program
    .command('search')
    .description("search the authors' own words (not quotes, signatures or footers), narrowed by fields")
    .argument('<query...>', 'words and field:value terms; all must match (see below)')
    .addOption(new Option('--limit <n>', 'at most this many hits').default(20).argParser(positiveInteger))
    .addOption(new Option('--sort <order>', 'rank: best first (the default with words); date: newest first').choices(['rank', 'date']))
    .option('--since <date>', 'only messages from this date on (YYYY, YYYY-MM or YYYY-MM-DD), as d:DATE..')
    .option('--until <date>', 'only messages up to the end of this date (YYYY, YYYY-MM or YYYY-MM-DD), as d:..DATE')
    .option('--json', 'print JSON (see docs/json.md)')
    .addHelpText('after', searchSyntaxHelp)
    .action(
      act((words: string[], options: SearchCommandOptions, command: Command) =>
        withStore(command, async (store) => {
          const query = [...words, ...dateTerm(options)].join(' ');
          const { hits, more } = await searchMessages(store, query, { limit: options.limit, ...(options.sort ? { sort: options.sort } : {}) });
          if (options.json) printJson(searchJson(hits));
          else print(renderSearchHits(hits));
          if (hits.length === 0) warn(`no message matches ${JSON.stringify(query)}`);
          if (more) warn(`more than ${options.limit} hits: narrow the query or raise --limit`);
          return exitCodes.ok;
        }),
      ),
    );
};
