import type { Command } from 'commander';
import { importPaths, importSummaryJson, loadAliases, renderImportSummary } from '../../index.js';
import { printJson, type RegisterCommands, withStore } from '../context.js';
import { exitCodes } from '../exit-codes.js';
import { aliasesOption } from '../options.js';
import { Progress } from '../progress.js';

interface ImportOptions {
  list?: string;
  aliases?: string;
  json?: boolean;
  verify?: boolean;
}

async function importCommand(paths: string[], options: ImportOptions, command: Command): Promise<number> {
  const aliases = options.aliases ? loadAliases(options.aliases) : null;
  const progress = new Progress();
  return withStore(command, async (store) => {
    const summary = await importPaths(store, paths, {
      ...(options.list ? { list: options.list } : {}),
      ...(options.verify ? { verify: true } : {}),
      onProblem: (problem) => {
        progress.done();
        const id = problem.messageId ? ` <${problem.messageId}>` : '';
        process.stderr.write(`listlens: ${problem.where}${id}: ${problem.reason}\n`);
      },
      onProgress: (s, source) => progress.update(`importing ${source}: ${s.read} read, ${s.new} new, ${s.failed} failed`),
    });
    if (aliases) await store.applyAliases(aliases);
    progress.update('threading');
    await store.rethread();
    progress.done();
    process.stderr.write(`${renderImportSummary(summary)}\n`);
    if (options.json) printJson(importSummaryJson(summary));
    return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
  }, 'write');
}

export const registerImport: RegisterCommands = (program, act) => {
  program
    .command('import')
    .description('import mbox (IETF monthly archives, mboxrd, unescaped exports), MMDF, .gz, .eml files and maildir folders')
    .argument('<path...>', 'files or folders to import')
    .option('--list <name>', 'file every message under this list (default: from List-Id / X-BeenThere)')
    .addOption(aliasesOption())
    .option('--json', 'print the import summary as JSON on stdout')
    .option('--verify', 'read every file of a maildir, not only those not imported before (catches a file changed under its name)')
    .action(act((paths: string[], options: ImportOptions, command: Command) => importCommand(paths, options, command)));
};
