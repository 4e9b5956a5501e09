import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadReportConfig } from '../../src/schedule/config.js';
import type { ReportRun } from '../../src/analyse/report-outcome.js';
import { localDay, runReports } from '../../src/schedule/run.js';
import type { SinceLastReport } from '../../src/analyse/since-last-report.js';
import { readReportState } from '../../src/schedule/state.js';
import { findChromium } from '../../src/output/pdf.js';
import { openStore } from '../../src/store/index.js';
import { arrivingId, arrivingUrl, bootstrappingReport, demoDraft, ReportWorkspace } from './workspace.js';

// Local times, so the dated file names are the same in every time zone.
const lastDayOfFebruary = new Date(2021, 1, 28, 12, 0);
const thatEvening = new Date(2021, 1, 28, 19, 30);
const secondOfMarch = new Date(2021, 2, 2, 12, 0);

const report = 'iot-bootstrapping';
const charts = ['messages-per-day', 'positions', 'technologies'];
const inFolder = (file: string) => `${report}/${file}`;
const filesOf = (stem: string) => [...charts.map((chart) => `${stem}-charts/${chart}.svg`), `${stem}.md`, `${stem}.html`, `${stem}.json`];

let workspace: ReportWorkspace;
let warnings: string[];
beforeEach(async () => {
  workspace = new ReportWorkspace();
  warnings = [];
});
afterEach(() => workspace.dispose());

async function run(now: Date, options: { force?: boolean } = {}): Promise<ReportRun> {
  const store = openStore(workspace.storeFile);
  try {
    return await runReports({ config: loadReportConfig(workspace.configFile), store, now: () => now, onWarning: (m) => warnings.push(m), ...options });
  } finally {
    await store.close();
  }
}

const sinceSection = (markdown: string): string => markdown.slice(markdown.indexOf('## Since the last report'), markdown.indexOf('## The question'));

describe('localDay', () => {
  it('names the day in local time', async () => {
    expect(localDay(new Date(2021, 1, 28, 23, 59))).toBe('2021-02-28');
    expect(localDay(new Date(2021, 2, 2, 0, 1))).toBe('2021-03-02');
  });
});

describe('a report run on the bundled archive', () => {
  it('imports the archive and writes the first report, which says it is the first', async () => {
    const first = await run(lastDayOfFebruary);
    expect(first.updates).toMatchObject([{ kind: 'import', reports: [report], error: null, summary: { read: 43, new: 34, crossPosted: 8, failed: 0 } }]);
    const [outcome] = first.reports;
    expect(outcome).toMatchObject({ name: report, status: 'updated', date: '2021-02-28', error: null });
    const folder = path.join(workspace.dir, 'reports', report);
    expect(outcome!.files).toEqual([...filesOf('2021-02-28'), ...filesOf('latest'), 'state.json'].map((file) => path.join(folder, file)));
    expect(Object.keys(workspace.outputs()).sort()).toEqual([...filesOf('2021-02-28'), ...filesOf('latest'), 'state.json'].map(inFolder).sort());

    const markdown = workspace.read(report, '2021-02-28.md');
    expect(markdown.split('\n')[0]).toBe('# Briefing: Secure IoT Bootstrapping: A Survey');
    expect(sinceSection(markdown)).toBe(
      '## Since the last report\n\nThis is the first report: from the next one on, this section names the new messages, new respondents, ' +
        'newly raised and newly covered technologies, a new draft revision, and whose position on the call changed.\n\n',
    );
    expect(markdown).toContain('![Messages per day, by list](2021-02-28-charts/messages-per-day.svg)');
    expect(workspace.read(report, 'latest.md')).toContain('![Messages per day, by list](latest-charts/messages-per-day.svg)');
    expect(workspace.read(report, 'latest.html')).toBe(workspace.read(report, '2021-02-28.html'));
    expect(workspace.read(report, 'latest.html')).toContain('</header>\n<section class="since"><h2>Since the last report</h2><p>This is the first report:');

    const json = JSON.parse(workspace.read(report, 'latest.json'));
    expect(json.schema).toBe('listlens/report@1');
    expect(json.report).toMatchObject({ name: report, date: '2021-02-28', generatedAt: lastDayOfFebruary.toISOString() });
    expect(json.sinceLastReport).toEqual({
      first: true,
      previousReport: null,
      newMessages: [],
      newRespondents: [],
      newlyRaised: [],
      newlyCovered: [],
      noLongerCovered: [],
      newDraftRevision: null,
      positionChanges: [],
    });
    expect(json.thread.schema).toBe('listlens/thread@2');
    expect(json.thread.thread.messageCount).toBe(26);
    expect(json.coverage.schema).toBe('listlens/coverage@2');
    expect(json.coverage.draft).toEqual({ name: 'draft-example-t2trg-iot-bootstrapping', revision: '05' });

    const state = readReportState(workspace.reportFile(report, 'state.json'))!;
    expect(state.fingerprint).toBe(json.report.fingerprint);
    expect(state.snapshot).toMatchObject({ date: '2021-02-28', generatedAt: lastDayOfFebruary.toISOString(), draft: 'draft-example-t2trg-iot-bootstrapping-05' });
    expect(state.snapshot.messages).toHaveLength(26);
    expect(state.snapshot.respondents).toHaveLength(17); // the chairs who signed the opener, Pekka and Jürgen, are not
    expect(state.snapshot.technologies.find((t) => t.id === 'brski')).toEqual({ id: 'brski', name: 'BRSKI', covered: true });
    expect(warnings).toEqual([]);
  });

  it('run again on the unchanged archive, it writes nothing and says the report is unchanged', async () => {
    const first = await run(lastDayOfFebruary);
    const before = workspace.outputs();
    const again = await run(thatEvening);
    expect(again.updates[0]!.summary).toMatchObject({ new: 0, crossPosted: 0, failed: 0 });
    // The chairs are still found, and are those of the report written before.
    const chairs = first.reports[0]!.chairs;
    expect(chairs.map((chair) => chair.name)).toEqual(['Pekka Vähäsalo', 'Jürgen Albrecht']);
    expect(again.reports).toEqual([{ name: report, status: 'unchanged', date: '2021-02-28', files: [], error: null, since: null, chairs }]);
    expect(workspace.outputs()).toEqual(before);
  });

  it('after one message arrives, the next report names exactly that message and what it raised', async () => {
    await run(lastDayOfFebruary);
    const first = workspace.outputs();
    workspace.addArrivingMessage();
    const next = await run(secondOfMarch);

    const expected: SinceLastReport = {
      previousReport: { date: '2021-02-28', generatedAt: lastDayOfFebruary.toISOString() },
      newMessages: [
        {
          messageId: arrivingId,
          author: 'Ines Carvalho',
          date: new Date('2021-03-02T09:41:03Z'),
          subject: 'Re: [Iotops] Secure IoT Bootstrapping: A Survey',
          url: arrivingUrl,
          gist:
            'BRSKI gets a device its first certificate, but the gateways we ship stay deployed for ten years or more, and the older ones ' +
            're-enrol with SCEP while the newer ones renew their certificates with ACME (RFC 8555) against a private CA.',
          technologies: [
            { id: 'brski', name: 'BRSKI' },
            { id: 'scep', name: 'SCEP' },
            { id: 'acme', name: 'ACME' },
          ],
        },
      ],
      newRespondents: ['Ines Carvalho'],
      newlyRaised: [
        { id: 'acme', name: 'ACME', covered: false, raisedBy: ['Ines Carvalho'] },
        { id: 'scep', name: 'SCEP', covered: false, raisedBy: ['Ines Carvalho'] },
      ],
      newlyCovered: [],
      noLongerCovered: [],
      newDraftRevision: null,
      positionChanges: [
        {
          participant: 'Ines Carvalho',
          before: null,
          after: 'question',
          evidence: { messageId: arrivingId, text: 'Could the survey say how a device renews what it was bootstrapped with?', url: arrivingUrl },
        },
      ],
    };
    expect(next.reports[0]).toMatchObject({ status: 'updated', date: '2021-03-02', since: expected });

    const draft = 'draft-example-t2trg-iot-bootstrapping-05';
    expect(sinceSection(workspace.read(report, '2021-03-02.md'))).toBe(
      [
        '## Since the last report (28 February 2021)',
        '',
        '**1 new message:**',
        '',
        `- 2 March 2021, [Ines Carvalho](${arrivingUrl}): raised BRSKI, SCEP and ACME. “BRSKI gets a device its first certificate, but the ` +
          'gateways we ship stay deployed for ten years or more, and the older ones re-enrol with SCEP while the newer ones renew their ' +
          'certificates with ACME \\(RFC 8555\\) against…”',
        '',
        '**1 new respondent:** Ines Carvalho',
        '',
        '**Positions changed (1):**',
        '',
        `- Ines Carvalho: asked a question. [“Could the survey say how a device renews what it was bootstrapped with?”](${arrivingUrl})`,
        '',
        '**Newly raised (2):**',
        '',
        `- ACME (raised by Ines Carvalho; not covered by ${draft})`,
        `- SCEP (raised by Ines Carvalho; not covered by ${draft})`,
        '',
        '',
      ].join('\n'),
    );
    const html = workspace.read(report, 'latest.html');
    expect(html).toContain(
      `<section class="since"><h2>Since the last report (28 February 2021)</h2><p><strong>1 new message:</strong></p>` +
        `<ul><li>2 March 2021, <a href="${arrivingUrl}">Ines Carvalho</a>: raised BRSKI, SCEP and ACME.`,
    );
    expect(html).toContain(`<p><strong>1 new respondent:</strong> Ines Carvalho</p>`);
    const json = JSON.parse(workspace.read(report, 'latest.json'));
    expect(json.sinceLastReport).toEqual({ first: false, ...expected, newMessages: [{ ...expected.newMessages[0], date: '2021-03-02T09:41:03.000Z' }] });

    const now = workspace.outputs();
    for (const file of filesOf('2021-02-28').map(inFolder)) expect(now[file]).toEqual(first[file]);
    expect(Object.keys(now).filter((file) => file.startsWith(inFolder('2021-03-02')))).toHaveLength(6);
    expect(now[inFolder('latest.md')]!.content).toBe(now[inFolder('2021-03-02.md')]!.content.replaceAll('2021-03-02-charts/', 'latest-charts/'));
    expect(readReportState(workspace.reportFile(report, 'state.json'))!.snapshot).toMatchObject({ date: '2021-03-02', respondents: expect.arrayContaining(['Ines Carvalho']) });
    expect(readReportState(workspace.reportFile(report, 'state.json'))!.snapshot.messages.at(-1)).toBe(arrivingId);
  });

  it('with --force an unchanged report is made again, and says nothing is new', async () => {
    await run(lastDayOfFebruary);
    const again = await run(secondOfMarch, { force: true });
    expect(again.reports[0]).toMatchObject({ status: 'updated', date: '2021-03-02' });
    expect(sinceSection(workspace.read(report, 'latest.md'))).toBe(
      '## Since the last report (28 February 2021)\n\nNothing new since the report of 28 February 2021: no new messages, respondents, positions, technologies or draft revision.\n\n',
    );
  });

  it('a new draft revision says what it newly covers and what it no longer does', async () => {
    await run(lastDayOfFebruary);
    const revised = path.join(workspace.dir, 'draft-example-t2trg-iot-bootstrapping-06.xml');
    writeFileSync(
      revised,
      readFileSync(demoDraft, 'utf8')
        .replace('docName="draft-example-t2trg-iot-bootstrapping-05"', 'docName="draft-example-t2trg-iot-bootstrapping-06"')
        .replace(/<section title="LoRaWAN".*?<\/section>/s, '')
        .replace(/LoRaWAN/g, 'long-range radio')
        .replace('must then be revoked.</t>', 'must then be revoked. Once bootstrapped, devices protect their traffic end to end with OSCORE.</t>'),
    );
    workspace.writeConfig({ reports: [bootstrappingReport({ draft: { name: revised } })] });
    const next = await run(secondOfMarch);
    expect(next.reports[0]!.since).toMatchObject({
      newMessages: [],
      newlyRaised: [],
      newlyCovered: [{ id: 'oscore', name: 'OSCORE', sections: [{ number: '8', title: 'Security Considerations' }] }],
      noLongerCovered: [{ id: 'lorawan', name: 'LoRaWAN' }],
      newDraftRevision: { previous: 'draft-example-t2trg-iot-bootstrapping-05', current: 'draft-example-t2trg-iot-bootstrapping-06' },
      positionChanges: [],
    });
    const section = sinceSection(workspace.read(report, 'latest.md'));
    expect(section).toContain('**Newly covered by draft-example-t2trg-iot-bootstrapping-06 (1):**\n\n- OSCORE (§8 Security Considerations)\n');
    expect(section).toContain('**No longer covered by draft-example-t2trg-iot-bootstrapping-06 (1):** LoRaWAN\n');
    expect(section).toContain('**New draft revision:** draft-example-t2trg-iot-bootstrapping-06 (the last report judged draft-example-t2trg-iot-bootstrapping-05)\n');
  });

  it('a report that cannot be made fails alone: the others are still made', async () => {
    workspace.writeConfig({
      reports: [
        bootstrappingReport({ name: 'lost', thread: 'Matter commissioning at scale' }),
        bootstrappingReport({ name: 'elsewhere', lists: ['core'] }),
        bootstrappingReport(),
      ],
    });
    const result = await run(lastDayOfFebruary);
    expect(result.updates).toHaveLength(1);
    expect(result.reports.map((r) => [r.name, r.status, r.error])).toEqual([
      ['lost', 'failed', 'no message subject contains "Matter commissioning at scale"'],
      ['elsewhere', 'failed', 'the thread "Secure IoT Bootstrapping: A Survey" is on iotops, t2trg, none of the report\'s lists (core)'],
      [report, 'updated', null],
    ]);
    expect(Object.keys(workspace.outputs()).filter((file) => !file.startsWith(`${report}/`))).toEqual([]);
  });

  it('an import path that is not there fails the reports that need it', async () => {
    workspace.writeConfig({ reports: [bootstrappingReport({ source: { import: ['mail'] } })] });
    const result = await run(lastDayOfFebruary);
    const missing = path.join(workspace.dir, 'mail');
    expect(result.updates[0]).toMatchObject({ kind: 'import', error: `import: ${missing}: no such file or folder` });
    expect(result.reports[0]).toMatchObject({
      status: 'failed',
      error: `the store could not be brought up to date: import: ${missing}: no such file or folder`,
    });
  });

  it('a state file that cannot be read is warned about, and the report is made as the first', async () => {
    await run(lastDayOfFebruary);
    const stateFile = workspace.reportFile(report, 'state.json');
    writeFileSync(stateFile, '{"schema": "listlens/report-state@1",');
    const again = await run(secondOfMarch);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${stateFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: .*; making the report as if it were the first$`));
    expect(again.reports[0]).toMatchObject({ status: 'updated', since: { previousReport: null } });
    expect(readReportState(stateFile)!.snapshot.date).toBe('2021-03-02');
  });

  it.skipIf(findChromium() === null)('prints the report as PDF with Chromium', async () => {
    workspace.writeConfig({ reports: [bootstrappingReport({ formats: ['pdf'] })] });
    const result = await run(lastDayOfFebruary);
    expect(result.reports[0]!.files.map((file) => path.basename(file))).toEqual(['2021-02-28.pdf', 'latest.pdf', 'state.json']);
    expect(readFileSync(workspace.reportFile(report, 'latest.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('naming a chair makes the report again, with the chair no longer among the respondents', async () => {
    const first = await run(lastDayOfFebruary);
    type Json = { coverage: { technologies: { respondents: string[] }[] } };
    const respondentsOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Json).coverage.technologies.flatMap((t) => t.respondents);
    const latestJson = workspace.reportFile(report, 'latest.json');
    expect(first.reports[0]!.status).toBe('updated');
    expect(respondentsOf(latestJson)).toContain('Luis Ferreira');
    workspace.writeConfig({ reports: [bootstrappingReport({ chairs: ['luis.ferreira@example.org'] })] });
    const again = await run(thatEvening);
    expect(again.reports[0]!.status).toBe('updated');
    expect(respondentsOf(latestJson)).not.toContain('Luis Ferreira');
  });

  it('changing the formats makes the report again in the new set', async () => {
    await run(lastDayOfFebruary);
    workspace.writeConfig({ reports: [bootstrappingReport({ formats: ['json'] })] });
    const again = await run(thatEvening);
    expect(again.reports[0]!.files.map((file) => path.basename(file))).toEqual(['2021-02-28.json', 'latest.json', 'state.json']);
  });
});
