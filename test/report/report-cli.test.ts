import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../src/schedule/run.js';
import { cliPath, listlens } from '../helpers/cli.js';
import { arrivingId, arrivingUrl, bootstrappingReport, deadPid, ReportWorkspace } from './workspace.js';

const report = 'iot-bootstrapping';
const firstImport = 'import: 43 read, 34 new, 8 cross-posted copies, 0 duplicates, 1 skipped (no-archive), 0 failed';

let workspace: ReportWorkspace;
beforeEach(() => {
  workspace = new ReportWorkspace();
});
afterEach(() => workspace.dispose());

const reportRun = (...args: string[]) => listlens(['--store', workspace.storeFile, 'report', '--config', workspace.configFile, ...args]);
const lockFile = () => `${workspace.storeFile}.report.lock`;
const folder = () => path.join(workspace.dir, 'reports', report);
/** The day the CLI names its files after (a run across midnight would see two). */
const today = () => localDay(new Date());
/** What a run that is not --quiet says of the chairs after each report's line: found from the opener's sign-off. */
const signedBy = 'signed the opening message ("Pekka & Jürgen")';
const chairsLine = `report ${report}: chairs (not counted as respondents): Pekka Vähäsalo <pekka.vahasalo@example.com>: ${signedBy}; Jürgen Albrecht <juergen.albrecht@example.org>: ${signedBy}`;

describe('listlens report, as cron runs it', () => {
  it('writes the first report, then nothing on an unchanged store and says so, with a distinct exit code', () => {
    const first = reportRun();
    expect(first.stderr).toBe(
      `${firstImport}\n` +
        `report ${report}: updated, the first report: wrote ${today()} and latest (md, html, json) in ${folder()}\n` +
        `${chairsLine}\n` +
        'report: 1 updated, 0 unchanged, 0 failed\n',
    );
    expect(first.stdout).toBe('');
    expect(first.status).toBe(0);
    expect(workspace.read(report, `${today()}.md`)).toContain('## Since the last report\n\nThis is the first report');
    expect(existsSync(lockFile())).toBe(false);

    const before = workspace.outputs();
    const second = reportRun();
    expect(second.stderr.split('\n').slice(1)).toEqual([
      `report ${report}: nothing new since the report of ${today()}; nothing written`,
      chairsLine,
      'report: nothing changed; nothing written',
      '',
    ]);
    expect(second.status).toBe(4);
    expect(workspace.outputs()).toEqual(before);

    const quiet = reportRun('--quiet');
    expect([quiet.status, quiet.stdout, quiet.stderr]).toEqual([4, '', '']);
    expect(workspace.outputs()).toEqual(before);
  });

  it('with --quiet still tells of a run that wrote something: the new message is named in every format', () => {
    expect(reportRun('--quiet').status).toBe(0);
    workspace.addArrivingMessage();
    const next = reportRun('--quiet');
    expect(next.status).toBe(0);
    expect(next.stderr.split('\n').slice(1)).toEqual([
      `report ${report}: updated, 1 new message, 1 new respondent, 2 newly raised: wrote ${today()} and latest (md, html, json) in ${folder()}`,
      'report: 1 updated, 0 unchanged, 0 failed',
      '',
    ]);
    expect(workspace.read(report, 'latest.md')).toContain(`- ${'2 March 2021'}, [Ines Carvalho](${arrivingUrl}): raised BRSKI, SCEP and ACME.`);
    expect(workspace.read(report, 'latest.html')).toContain(`<li>2 March 2021, <a href="${arrivingUrl}">Ines Carvalho</a>: raised BRSKI, SCEP and ACME.`);
    const json = JSON.parse(workspace.read(report, 'latest.json'));
    expect(json.sinceLastReport.newMessages.map((m: { messageId: string }) => m.messageId)).toEqual([arrivingId]);
  });

  it('--json prints what the run did', () => {
    const result = reportRun('--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      schema: 'listlens/report-run@1',
      config: workspace.configFile,
      store: workspace.storeFile,
      status: 'updated',
      updates: [{ kind: 'import', paths: [path.join(workspace.dir, 'archive')], reports: [report], error: null, summary: { read: 43, new: 34 } }],
      reports: [{ name: report, status: 'updated', date: today(), error: null, sinceLastReport: { first: true, newMessages: [] } }],
    });
    expect(json.reports[0].files.at(-1)).toBe(path.join(folder(), 'state.json'));
    const again = JSON.parse(reportRun('--json', '--quiet').stdout);
    expect(again).toMatchObject({ status: 'unchanged', reports: [{ status: 'unchanged', files: [], sinceLastReport: null }] });
  });

  it('refuses to run while another run holds the lock, and writes nothing', () => {
    writeFileSync(lockFile(), `${process.pid}\n`);
    const result = reportRun('--quiet');
    expect(result.stderr).toBe(`listlens: another listlens report (pid ${process.pid}) is running: ${lockFile()} is locked\n`);
    expect(result.status).toBe(5);
    expect(existsSync(path.join(workspace.dir, 'reports'))).toBe(false);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over the lock of a run that was killed, with a warning', () => {
    const stale = deadPid();
    writeFileSync(lockFile(), `${stale}\n`);
    const result = reportRun();
    expect(result.stderr.split('\n')[0]).toBe(`listlens: taking over ${lockFile()}: pid ${stale}, which held it, is not running`);
    expect(result.status).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('fails with exit code 1 when a report cannot be made, and still makes the others', () => {
    workspace.writeConfig({ reports: [bootstrappingReport({ name: 'lost', thread: 'Matter commissioning at scale' }), bootstrappingReport()] });
    const result = reportRun('--quiet');
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').slice(1)).toEqual([
      'report lost: failed: no message subject contains "Matter commissioning at scale"',
      `report ${report}: updated, the first report: wrote ${today()} and latest (md, html, json) in ${folder()}`,
      'report: 1 updated, 0 unchanged, 1 failed',
      '',
    ]);
  });

  it('an invalid config is a usage error on one line', () => {
    workspace.writeConfig({ reports: [bootstrappingReport({ formats: ['md', 'docx'] })] });
    const result = reportRun();
    expect(result.stderr).toBe(`listlens: ${workspace.configFile}: report "${report}": formats: "docx" is not one of md, html, json, pdf\n`);
    expect(result.status).toBe(2);
  });

  it('reads ./listlens.config.json by default, and its store, relative to it', () => {
    workspace.writeConfig({ store: 'data/archive.sqlite', reports: [bootstrappingReport()] });
    const result = spawnSync(process.execPath, [cliPath, 'report'], { cwd: workspace.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(result.status).toBe(0);
    expect(existsSync(path.join(workspace.dir, 'data', 'archive.sqlite'))).toBe(true);
    expect(existsSync(workspace.reportFile(report, 'latest.html'))).toBe(true);
  });
});
