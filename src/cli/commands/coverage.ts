import { type Command, Option } from 'commander';
import { analyseThreadFully, chairsNote, coverageHtml, coverageJson, coverageMarkdown, emit, inertJson, ListlensError, loadDrafts, loadTaxonomy, resolveThreadRoot } from '../../index.js';
import { fetchChairRolesForDrafts, type RegisterCommands, withStore, warn } from '../context.js';
import { chairOption, draftOption, outFormat, taxonomyOption } from '../options.js';
import { exitCodes } from '../exit-codes.js';

type Format = 'md' | 'html' | 'json';

interface CoverageOptions {
  draft: string[];
  chair: string[];
  format?: Format;
  out?: string;
  taxonomy: string[];
}


const extensions: Record<string, Format> = { '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.json': 'json' };

/** `--format`, else the `--out` file's extension, else Markdown; the two must agree. */
function formatOf(options: CoverageOptions): Format {
  if (options.out) return outFormat(options.out, extensions, options.format);
  return options.format ?? 'md';
}

async function coverageCommand(ref: string, options: CoverageOptions, command: Command): Promise<number> {
  if (options.draft.length === 0) throw new ListlensError('usage', 'coverage needs --draft <name[-rev]|path|url>');
  const format = formatOf(options);
  const taxonomy = loadTaxonomy(options.taxonomy);
  return withStore(command, async (store) => {
    const root = await resolveThreadRoot(store, ref);
    const drafts = await loadDrafts(store, options.draft, { onWarning: warn });
    await fetchChairRolesForDrafts(store, root, options.draft);
    const analysis = await analyseThreadFully(store, root, { drafts, taxonomy, chairs: options.chair });
    const report = analysis.coverage;
    process.stderr.write(chairsNote(report.chairs));
    const rendered =
      format === 'json'
        ? inertJson(coverageJson(report))
        : format === 'html'
          ? coverageHtml(report, await analysis.summary())
          : coverageMarkdown(report, await analysis.summary());
    emit(rendered, options.out);
    if (options.out) process.stderr.write(`wrote ${options.out}\n`);
    return exitCodes.ok;
  });
}

export const registerCoverage: RegisterCommands = (program, act) => {
  program
    .command('coverage')
    .description("which technologies the thread's respondents raised, and whether the draft covers each")
    .argument('<ref>', 'a message of the thread: Message-ID, archive URL or subject substring')
    .addOption(draftOption('a draft: name[-rev], path or URL; repeat to compare revisions'))
    .addOption(new Option('--format <format>', 'output format (default: from --out, else md)').choices(['md', 'html', 'json']))
    .option('--out <file>', 'write the report to this file (atomically) instead of stdout')
    .addOption(chairOption())
    .addOption(taxonomyOption())
    .action(act((ref: string, options: CoverageOptions, command: Command) => coverageCommand(ref, options, command)));
};
