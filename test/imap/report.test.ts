import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/schedule/run.js';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { dovecotMissing, mboxMessages, startDovecot, type TestDovecot } from '../helpers/dovecot.js';
import { arrivingId, bootstrappingReport, ReportWorkspace } from '../report/workspace.js';

interface RunJson {
  status: string;
  updates: { kind: string; via: string; archive: string; error: string | null; summary: { source: string; folders: unknown; messages: unknown; import: unknown; imap: { messages: number } } }[];
  reports: { name: string; status: string; sinceLastReport: { newMessages: { messageId: string }[] } | null }[];
}

describe.skipIf(dovecotMissing !== null)('listlens report with a config that fetches over IMAP', () => {
  let server: TestDovecot;
  let workspace: ReportWorkspace;
  let trusted: Record<string, string>;

  beforeAll(async () => {
    server = await startDovecot();
    await server.createFolder('iotops', fixturePath('archive/iotops/2021-02.mail'));
    await server.createFolder('t2trg', fixturePath('archive/t2trg/2021-02.mail'));
    workspace = new ReportWorkspace([bootstrappingReport({ source: { fetch: { imap: server.url, since: '2021-02' } } })]);
    trusted = { NODE_EXTRA_CA_CERTS: server.certificateFile };
  });
  afterAll(async () => {
    await server?.stop();
    workspace?.dispose();
  });

  const run = () => listlens(['--store', workspace.storeFile, 'report', '--config', workspace.configFile, '--json'], trusted);
  const parsed = (stdout: string) => JSON.parse(stdout) as RunJson;
  const bodyFetches = async (sessions: number) => (await server.sessions('anonymous', sessions)).reduce((sum, session) => sum + session.bodyCount, 0);

  it('fetches the lists from the IMAP server, writes the report, then fetches no body when nothing is new', async () => {
    const first = run();
    expect(first.stderr).toContain(
      `fetch ${server.url}: 2 folders examined, 0 unchanged, 0 read again (UIDVALIDITY changed); 43 messages fetched; ` +
        'import: 43 read, 34 new, 8 cross-posted copies, 0 duplicates, 1 skipped (no-archive), 0 failed; 1 connection, 0 retries\n',
    );
    expect(first.status).toBe(0);
    const firstRun = parsed(first.stdout);
    expect(firstRun.updates).toMatchObject([{ kind: 'fetch', via: 'imap', archive: server.url, error: null, summary: { source: 'imap' } }]);
    expect(firstRun.reports).toMatchObject([{ name: 'iot-bootstrapping', status: 'updated' }]);
    expect(workspace.read('iot-bootstrapping', 'latest.md')).toContain('Secure IoT Bootstrapping: A Survey');
    expect(workspace.read('iot-bootstrapping', `${localDay(new Date())}.md`)).toContain('This is the first report');
    const fetchedBodies = await bodyFetches(1);
    expect(fetchedBodies).toBeGreaterThanOrEqual(43);

    const before = workspace.outputs();
    const second = run();
    expect(second.status).toBe(4);
    const secondRun = parsed(second.stdout);
    expect(secondRun.updates[0]!.summary).toMatchObject({ folders: { examined: 2, unchanged: 2 }, messages: { fetched: 0 }, imap: { messages: 0 } });
    expect(secondRun.reports).toMatchObject([{ status: 'unchanged' }]);
    // The server's own count: the second run's session asked for no message body.
    expect(await server.sessions('anonymous', 2)).toHaveLength(2);
    expect(await bodyFetches(2)).toBe(fetchedBodies);
    expect(workspace.outputs()).toEqual(before);
  });

  it('a message appended to a folder since is fetched alone, and the report names it', async () => {
    const [arriving] = await mboxMessages(fixturePath('report/arriving/iotops/2021-03.mail'));
    await server.append('iotops', arriving!.bytes, arriving!.date ?? undefined);
    const third = run();
    expect(third.status).toBe(0);
    const thirdRun = parsed(third.stdout);
    expect(thirdRun.updates[0]!.summary).toMatchObject({ messages: { fetched: 1 }, import: { new: 1 } });
    expect(thirdRun.reports[0]!.sinceLastReport!.newMessages.map((m) => m.messageId)).toEqual([arrivingId]);
    expect((await server.sessions('anonymous', 3)).at(-1)!.bodyCount).toBe(1);
  });
});
