import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveServer } from '../helpers/archive-server.js';
import { listlens } from '../helpers/cli.js';
import { runListlens } from '../fetch/run-cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { bootstrappingReport, demoDraft, ReportWorkspace } from './workspace.js';

// The datatracker stand-in (fixtures/fetch/datatracker/group-roles.json) lists Jane Whitfield, a
// respondent of the bundled thread, as an iotops chair, and Pekka and Jürgen as the t2trg chairs.
const thread = 'Secure IoT Bootstrapping: A Survey';
const fromDatatracker =
  'chairs (not counted as respondents): Jane Whitfield <jane@example.org>: chair of iotops in the datatracker; ' +
  'Pekka Vähäsalo <pekka.vahasalo@example.com>: chair of t2trg in the datatracker; ' +
  'Jürgen Albrecht <juergen.albrecht@example.org>: chair of t2trg in the datatracker';

let server: ArchiveServer;
let workspace: ReportWorkspace;
beforeEach(async () => {
  server = await ArchiveServer.start({ mailFolders: [fixturePath('archive')] });
  workspace = new ReportWorkspace([
    bootstrappingReport({
      draft: { name: 'draft-sarikaya-t2trg-sbootstrapping', followReplaced: true, datatracker: server.url, draftArchive: `${server.url}/archive/id/` },
    }),
  ]);
});
afterEach(async () => {
  await server.close();
  workspace.dispose();
});

describe('chairs from the datatracker, through the command line', () => {
  it('a report with a named draft fetches the roles; coverage and thread then use them offline and say so on stderr', async () => {
    // Not spawnSync: the stand-in answers from this process.
    const run = await runListlens(['--store', workspace.storeFile, 'report', '--config', workspace.configFile]);
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n')).toContain(`report iot-bootstrapping: ${fromDatatracker}`);
    expect(server.requestsTo(/^\/api\/v1\/group\/role\//)).toHaveLength(2);
    await server.close();

    const coverage = listlens(['--store', workspace.storeFile, 'coverage', thread, '--draft', demoDraft, '--format', 'json']);
    expect(coverage.status).toBe(0);
    expect(coverage.stderr).toBe(`${fromDatatracker}\n`);
    const json = JSON.parse(coverage.stdout);
    expect(json.chairs.map((chair: { why: string }) => chair.why)).toEqual([
      'chair of iotops in the datatracker',
      'chair of t2trg in the datatracker',
      'chair of t2trg in the datatracker',
    ]);

    const summary = listlens(['--store', workspace.storeFile, 'thread', thread, '--format', 'json']);
    expect(summary.status).toBe(0);
    expect(summary.stderr).toBe(`${fromDatatracker}\n`);
    expect(JSON.parse(summary.stdout).schema).toMatch(/^listlens\/thread@/);
  });

  it('a report with --quiet prints no chairs line', async () => {
    const run = await runListlens(['--store', workspace.storeFile, 'report', '--config', workspace.configFile, '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('chairs');
  });
});
