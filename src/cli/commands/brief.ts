import path from 'node:path';
import type { Command } from 'commander';
import {
  analyseThreadFully,
  chairsNote,
  type Brief,
  briefHtml,
  briefMarkdown,
  emit,
  loadDrafts,
  ListlensError,
  loadTaxonomy,
  printPdf,
  resolveThreadRoot,
  writeFileAtomic,
} from '../../index.js';
import { fetchChairRolesForDrafts, type RegisterCommands, withStore, warn } from '../context.js';
import { chairOption, draftOption, outFormat, taxonomyOption } from '../options.js';
import { exitCodes } from '../exit-codes.js';

interface BriefOptions {
  draft: string[];
  chair: string[];
  out?: string;
  taxonomy: string[];
}

type Format = 'md' | 'html' | 'pdf';


const extensions: Record<string, Format> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.pdf': 'pdf' };

function formatOf(out: string | undefined): Format {
  return out ? outFormat(out, extensions) : 'md';
}

/** `brief.md` gets its charts in `brief-charts/` beside it, linked relatively. */
function writeMarkdown(brief: Brief, out: string | undefined): string[] {
  if (!out) {
    emit(briefMarkdown(brief, { chartsDir: null }).markdown, undefined);
    return [];
  }
  const chartsDir = `${path.basename(out, path.extname(out))}-charts`;
  const rendered = briefMarkdown(brief, { chartsDir });
  const files = rendered.charts.map((chart) => path.join(path.dirname(out), chart.path));
  rendered.charts.forEach((chart, i) => writeFileAtomic(files[i]!, chart.svg));
  writeFileAtomic(out, rendered.markdown);
  return [out, ...files];
}

async function writeBrief(brief: Brief, out: string | undefined): Promise<string[]> {
  const format = formatOf(out);
  if (format === 'md') return writeMarkdown(brief, out);
  if (format === 'html') {
    emit(briefHtml(brief), out);
    return [out!];
  }
  writeFileAtomic(out!, await printPdf(briefHtml(brief)));
  return [out!];
}

async function briefCommand(ref: string, options: BriefOptions, command: Command): Promise<number> {
  if (options.draft.length === 0) throw new ListlensError('usage', 'brief needs --draft <name[-rev]|path|url>');
  formatOf(options.out);
  const taxonomy = loadTaxonomy(options.taxonomy);
  return withStore(command, async (store) => {
    const root = await resolveThreadRoot(store, ref);
    const drafts = await loadDrafts(store, options.draft, { onWarning: warn });
    await fetchChairRolesForDrafts(store, root, options.draft);
    const analysis = await analyseThreadFully(store, root, { drafts, taxonomy, chairs: options.chair });
    process.stderr.write(chairsNote(analysis.coverage.chairs));
    const written = await writeBrief(await analysis.brief(), options.out);
    if (written.length) process.stderr.write(`wrote ${written.join(', ')}\n`);
    return exitCodes.ok;
  });
}

export const registerBrief: RegisterCommands = (program, act) => {
  program
    .command('brief')
    .description('a chair briefing on a thread: the question, the answer and charts on its first page, then coverage gaps and participants')
    .argument('<ref>', 'a message of the thread: Message-ID, archive URL or subject substring')
    .addOption(draftOption('a draft: name[-rev], path or URL; repeat to compare revisions (the last is judged)'))
    .option('--out <file>', 'write FILE.html, FILE.md (charts in FILE-charts/) or FILE.pdf (needs Chromium) atomically; default: Markdown on stdout')
    .addOption(chairOption())
    .addOption(taxonomyOption())
    .action(act((ref: string, options: BriefOptions, command: Command) => briefCommand(ref, options, command)));
};
