import { type Command, Option } from 'commander';
import { messageJson, renderMessage, resolveRef, renderSearchHits, renderThreadList, searchJson, type Store, threadListJson } from '../../index.js';
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
    .description("full-text search of the authors' own words (quotes, signatures and footers are not searched)")
    .argument('<query...>', 'words; all must match; end a word with * for a prefix')
    .addOption(new Option('--limit <n>', 'at most this many hits').default(20).argParser(positiveInteger))
    .option('--json', 'print JSON (see docs/json.md)')
    .action(
      act((query: string[], options: { limit: number; json?: boolean }, command: Command) =>
        withStore(command, async (store) => {
          const hits = await store.search(query.join(' '), options.limit);
          if (options.json) printJson(searchJson(hits));
          else print(renderSearchHits(hits));
          if (hits.length === 0) warn(`no message's own words match "${query.join(' ')}"`);
          return exitCodes.ok;
        }),
      ),
    );
};
