import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTextArchive } from '../../src/ingest/fetch-text.js';
import { importPaths } from '../../src/ingest/import.js';
import { threadListJson } from '../../src/render/json.js';
import { HttpClient } from '../../src/sources/http.js';
import { parseTextArchiveListing } from '../../src/sources/text-archive.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';

let dir: string;
let client: HttpClient;
let stores = 0;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-text-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  client = new HttpClient({ intervalMs: 0 });
});
afterEach(() => client.close());

const newStore = (): Store => openStore(path.join(dir, `store-${++stores}.sqlite`));
const mailFiles = (server: ArchiveServer) => server.requestsTo(/\.mail$/).map((r) => r.path);

describe('fetch --source text', () => {
  let server: ArchiveServer;
  beforeAll(async () => {
    server = await ArchiveServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.clearRequests());

  const fetchText = (store: Store, lists = ['iotops', 't2trg']) =>
    fetchTextArchive(store, { http: client, lists, textArchive: `${server.url}/mail-archive/text/` });

  it('reads every monthly file the listing links to, as import reads the same files', async () => {
    const imported = newStore();
    await importPaths(imported, [fixturePath('archive'), fixturePath('fetch/archive')]);
    const fetched = newStore();
    const summary = await fetchText(fetched);
    expect(mailFiles(server)).toEqual([
      '/mail-archive/text/iotops/2021-02.mail',
      '/mail-archive/text/iotops/2021-03.mail',
      '/mail-archive/text/iotops/2021-04.mail',
      '/mail-archive/text/t2trg/2021-02.mail',
      '/mail-archive/text/t2trg/2021-03.mail',
      '/mail-archive/text/t2trg/2021-04.mail',
    ]);
    expect(summary.pages).toEqual({ read: 6, notModified: 0, skipped: 0 });
    expect(summary.import).toMatchObject({ read: 52, new: 41, crossPosted: 10, skipped: 1, failed: 0 });
    expect(threadListJson(await fetched.threads({}))).toEqual(threadListJson(await imported.threads({})));
    expect(await fetched.counts()).toEqual(await imported.counts());
    // Each copy is named by the file's URL and the same offset import gives it in the file.
    const rootId = 'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com';
    const [iotops, t2trg] = (await imported.message(rootId))!.copies.map((c) => c.offset);
    expect((await fetched.message(rootId))!.copies.map((c) => [c.list, c.source, c.offset])).toEqual([
      ['iotops', `${server.url}/mail-archive/text/iotops/2021-02.mail`, iotops],
      ['t2trg', `${server.url}/mail-archive/text/t2trg/2021-02.mail`, t2trg],
    ]);
  });

  it('fetches a past month\'s file once: a second run reads only the listings', async () => {
    const store = newStore();
    await fetchText(store);
    server.clearRequests();
    const second = await fetchText(store);
    expect(server.requests.map((r) => r.path)).toEqual(['/mail-archive/text/iotops/', '/mail-archive/text/t2trg/']);
    expect(second.pages).toEqual({ read: 0, notModified: 0, skipped: 6 });
  });

  it('reports a list with no directory', async () => {
    const summary = await fetchText(newStore(), ['nosuchlist']);
    expect(summary.notFound).toEqual(['nosuchlist']);
  });
});

describe('fetch --source text in the current month', () => {
  it('revalidates the current month\'s file and leaves the past ones alone', async () => {
    const server = await ArchiveServer.start({ now: new Date('2021-03-20T12:00:00Z') });
    const store = newStore();
    const options = { http: client, lists: ['iotops'], until: '2021-03', textArchive: `${server.url}/mail-archive/text` };
    await fetchTextArchive(store, options);
    server.clearRequests();
    const second = await fetchTextArchive(store, options);
    expect(mailFiles(server)).toEqual(['/mail-archive/text/iotops/2021-03.mail']);
    expect(server.requestsTo(/\.mail$/)[0]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    expect(second.pages).toEqual({ read: 0, notModified: 1, skipped: 1 });
    await server.close();
  });
});

describe('parseTextArchiveListing', () => {
  it('takes the YYYY-MM.mail links, oldest first, the plain file over its .gz', () => {
    const html = `<a href="../">Parent</a> <a href="2021-03.mail.gz">2021-03.mail.gz</a> <a href="2021-03.mail">2021-03.mail</a>
      <a href='2020-12.mail.gz'>x</a> <a href="2021-02.mail">2021-02.mail</a> <a href="2021-13.mail">bad</a> <a href="notes.txt">n</a>`;
    expect(parseTextArchiveListing(html, 'https://www.ietf.org/mail-archive/text/iotops/')).toEqual([
      { month: '2020-12', url: 'https://www.ietf.org/mail-archive/text/iotops/2020-12.mail.gz' },
      { month: '2021-02', url: 'https://www.ietf.org/mail-archive/text/iotops/2021-02.mail' },
      { month: '2021-03', url: 'https://www.ietf.org/mail-archive/text/iotops/2021-03.mail' },
    ]);
  });
});
