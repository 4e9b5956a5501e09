import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadReportConfig } from '../../src/schedule/config.js';
import type { ReportRun } from '../../src/analyse/report-outcome.js';
import { runReports } from '../../src/schedule/run.js';
import { HttpClient } from '../../src/sources/http.js';
import { openStore } from '../../src/store/index.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';
import { arrivingId, bootstrappingReport, ReportWorkspace } from './workspace.js';

// The archive's clock and the run's: early March 2021, so February's pages are complete and March's are not.
const archiveNow = new Date('2021-03-05T12:00:00Z');
const setup = 'draft-irtf-t2trg-security-setup-iot-devices';

let server: ArchiveServer;
let workspace: ReportWorkspace;
let http: HttpClient;
beforeAll(async () => {
  server = await ArchiveServer.start({ now: archiveNow, mailFolders: [fixturePath('archive')] });
});
afterAll(() => server.close());
beforeEach(async () => {
  server.clearRequests();
  http = new HttpClient({ intervalMs: 0, baseDelayMs: 1 });
  workspace = new ReportWorkspace([
    bootstrappingReport({
      source: { fetch: { archive: server.url, since: '2021-02' } },
      draft: { name: 'draft-sarikaya-t2trg-sbootstrapping', followReplaced: true, datatracker: server.url, draftArchive: `${server.url}/archive/id/` },
    }),
  ]);
});
afterEach(async () => {
  http.close();
  workspace.dispose();
});

async function run(): Promise<ReportRun> {
  const store = openStore(workspace.storeFile);
  try {
    return await runReports({ config: loadReportConfig(workspace.configFile), store, http, now: () => archiveNow });
  } finally {
    await store.close();
  }
}

describe('a report that fetches its lists from the archive', () => {
  it('fetches only what is new each run, and names the message that arrived in the archive since', async () => {
    const first = await run();
    expect(first.updates).toMatchObject([{ kind: 'fetch', archive: server.url, lists: ['iotops', 't2trg'], since: '2021-02', error: null }]);
    const [update] = first.updates;
    expect(update?.kind === 'fetch' ? update.summary?.import : null).toMatchObject({ new: 34, crossPosted: 8, failed: 0 });
    expect(first.reports[0]).toMatchObject({ status: 'updated', since: { previousReport: null } });
    expect(JSON.parse(workspace.read('iot-bootstrapping', 'latest.json')).coverage.draft).toEqual({ name: setup, revision: '00' });

    server.clearRequests();
    const second = await run();
    expect(server.downloads()).toEqual([]);
    expect(server.requestsTo(/\/archive\/id\//)).toEqual([]);
    expect(second.reports[0]).toMatchObject({ status: 'unchanged', files: [] });

    await server.addMail([fixturePath('report/arriving')]);
    server.clearRequests();
    const third = await run();
    expect(server.downloads().map((r) => r.path)).toEqual([`/arch/msg/iotops/${server.messages('iotops').at(-1)!.archiveId}/download/`]);
    expect(server.messages('iotops').at(-1)!.messageId).toBe(arrivingId);
    expect(third.reports[0]!.status).toBe('updated');
    expect(third.reports[0]!.since).toMatchObject({
      newMessages: [{ messageId: arrivingId, author: 'Ines Carvalho', technologies: [{ id: 'brski' }, { id: 'scep' }, { id: 'acme' }] }],
      newRespondents: ['Ines Carvalho'],
      newDraftRevision: null,
      // Her first position on the call: a question.
      positionChanges: [{ participant: 'Ines Carvalho', before: null, after: 'question', evidence: { messageId: arrivingId } }],
    });
    expect(third.reports[0]!.since!.newlyRaised.map((t) => t.id)).toEqual(['acme', 'scep']);
  });
});
