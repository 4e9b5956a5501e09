import { type Command, Option } from 'commander';
import { analyseThreadFully, chairsNote, loadDrafts, loadTaxonomy, resolveThreadRoot, threadJson, threadMarkdown, threadText } from '../../index.js';
import { fetchChairRolesForDrafts, print, printJson, type RegisterCommands, withStore, warn } from '../context.js';
import { chairOption, draftOption, taxonomyOption, wholeNumber } from '../options.js';
import { exitCodes } from '../exit-codes.js';

interface ThreadOptions {
  format: 'text' | 'md' | 'json';
  width?: number;
  draft: string[];
  chair: string[];
  taxonomy: string[];
}

const narrowest = 20;
const parseWidth = wholeNumber(narrowest, Infinity, `a whole number of columns, ${narrowest} or more`);

/** Colours only for a person at a terminal: stdout is a TTY and NO_COLOR (https://no-color.org) is not set. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

async function threadCommand(ref: string, options: ThreadOptions, command: Command): Promise<number> {
  const taxonomy = loadTaxonomy(options.taxonomy);
  return withStore(command, async (store) => {
    const root = await resolveThreadRoot(store, ref);
    const drafts = options.draft.length > 0 ? await loadDrafts(store, options.draft, { onWarning: warn }) : null;
    await fetchChairRolesForDrafts(store, root, options.draft);
    const report = await (await analyseThreadFully(store, root, { drafts, taxonomy, chairs: options.chair })).summary();
    process.stderr.write(chairsNote(report.chairs));
    if (options.format === 'json') printJson(threadJson(report));
    else if (options.format === 'md') print(threadMarkdown(report));
    else {
      const width = options.width ?? (process.stdout.columns || 80);
      print(threadText(report, { width, color: wantsColour(process.stdout, process.env) }));
    }
    return exitCodes.ok;
  });
}

export const registerThread: RegisterCommands = (program, act) => {
  program
    .command('thread')
    .description('summarise a thread: who took part, a gist a message, positions, technologies raised, open questions')
    .argument('<ref>', 'a message of the thread: Message-ID, archive URL or subject substring')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'json']).default('text'))
    .option('--width <columns>', 'wrap text to this many columns (default: the terminal width, else 80)', parseWidth)
    .addOption(draftOption('a draft (name[-rev], path or URL) to judge the technologies against; repeatable'))
    .addOption(chairOption())
    .addOption(taxonomyOption())
    .action(act((ref: string, options: ThreadOptions, command: Command) => threadCommand(ref, options, command)));
};
