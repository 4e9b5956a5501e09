import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DraftNotFoundError, DraftSpecError, fetchDraft, parseDraftSpec, storedDraftFiles, type DraftSourceOptions } from '../../src/ingest/draft-source.js';
import { HttpClient } from '../../src/sources/http.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';

const sarikaya = 'draft-sarikaya-t2trg-sbootstrapping';
const setup = 'draft-irtf-t2trg-security-setup-iot-devices';
const draftText = (file: string) => readFileSync(fixturePath(`fetch/drafts/${file}`), 'utf8');

let server: ArchiveServer;
let dir: string;
let store: Store;
let client: HttpClient;
let options: DraftSourceOptions;
beforeAll(async () => {
  server = await ArchiveServer.start();
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-draft-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  server.clearRequests();
  store = openStore(':memory:');
  client = new HttpClient({ intervalMs: 0, baseDelayMs: 1, retries: 1 });
  options = { http: client, datatracker: server.url, draftArchive: `${server.url}/archive/id/` };
});
afterEach(async () => {
  await store.close();
  client.close();
});

describe('listlens draft <name>', () => {
  it('resolves the latest revision through the datatracker and stores its .txt; the archive has no .xml of it', async () => {
    const draft = await fetchDraft(store, parseDraftSpec(sarikaya), options);
    expect(draft).toMatchObject({ name: sarikaya, revision: '11', title: 'Secure IoT Bootstrapping: A Survey', names: [sarikaya], cached: false });
    expect(draft.files.map((f) => [f.format, f.source, f.text])).toEqual([
      ['txt', `${server.url}/archive/id/${sarikaya}-11.txt`, draftText(`${sarikaya}-11.txt`)],
    ]);
    expect(draft.files[0]!.sha256).toBe(createHash('sha256').update(draftText(`${sarikaya}-11.txt`)).digest('hex'));
    expect(server.requests.map((r) => r.path)).toEqual([
      '/robots.txt',
      `/api/v1/doc/document/${sarikaya}/`,
      `/archive/id/${sarikaya}-11.txt`,
      `/archive/id/${sarikaya}-11.xml`,
    ]);
  });

  it('stores each revision once: asking again asks the datatracker only', async () => {
    await fetchDraft(store, parseDraftSpec(sarikaya), options);
    server.clearRequests();
    const again = await fetchDraft(store, parseDraftSpec(sarikaya), options);
    expect(again.cached).toBe(true);
    expect(again.files.map((f) => f.format)).toEqual(['txt']);
    expect(server.requests.map((r) => r.path)).toEqual([`/api/v1/doc/document/${sarikaya}/`]);
    expect(await store.draftRevisions(sarikaya)).toEqual(['11']);
  });

  it('follows "replaced by" to the current draft when asked, and stores its .txt and .xml', async () => {
    const draft = await fetchDraft(store, parseDraftSpec(sarikaya), { ...options, followReplaced: true });
    expect(draft.names).toEqual([sarikaya, 'draft-irtf-t2trg-secure-bootstrapping', setup]);
    expect([draft.name, draft.revision, draft.title]).toEqual([setup, '00', 'Terminology and Processes for Initial Security Setup of IoT Devices']);
    expect(draft.files.map((f) => [f.format, f.text])).toEqual([
      ['txt', draftText(`${setup}-00.txt`)],
      ['xml', draftText(`${setup}-00.xml`)],
    ]);
    expect((await storedDraftFiles(store, setup)).map((f) => f.format)).toEqual(['txt', 'xml']);
  });

  it('takes a named revision without asking the datatracker', async () => {
    const draft = await fetchDraft(store, parseDraftSpec(`${setup}-00`), options);
    expect([draft.name, draft.revision, draft.title]).toEqual([setup, '00', null]);
    expect(server.requestsTo(/\/api\//)).toEqual([]);
  });

  it('gives a clear error for a draft the datatracker does not know', async () => {
    const failure = fetchDraft(store, parseDraftSpec('draft-nobody-nothing'), options);
    await expect(failure).rejects.toThrow(DraftNotFoundError);
    await expect(failure).rejects.toThrow(`the datatracker has no draft "draft-nobody-nothing" (${server.url}/api/v1/doc/document/draft-nobody-nothing/ answered 404)`);
  });

  it('gives a clear error for a revision the archive does not have, and remembers nothing of it', async () => {
    const failure = fetchDraft(store, parseDraftSpec(`${sarikaya}-99`), options);
    await expect(failure).rejects.toThrow(`${sarikaya}-99: the draft archive has neither ${server.url}/archive/id/${sarikaya}-99.txt nor its .xml`);
    expect(await store.draftRevisions(sarikaya)).toEqual([]);
  });

  it('uses the latest stored revision, with a warning, when the datatracker is down', async () => {
    await fetchDraft(store, parseDraftSpec(sarikaya), options);
    server.inject(/\/api\/v1\/doc\/document\//, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const warnings: string[] = [];
    const draft = await fetchDraft(store, parseDraftSpec(sarikaya), { ...options, onWarning: (m) => warnings.push(m) });
    expect([draft.revision, draft.cached]).toEqual(['11', true]);
    expect(warnings).toEqual([
      `GET ${server.url}/api/v1/doc/document/${sarikaya}/: 503 Service Unavailable (gave up after 2 attempts); using the latest stored revision, ${sarikaya}-11`,
    ]);
  });
});

describe('listlens draft <path|url>', () => {
  it('reads a local file, naming it by its file name', async () => {
    const file = fixturePath(`fetch/drafts/${setup}-00.xml`);
    const draft = await fetchDraft(store, parseDraftSpec(file), options);
    expect([draft.name, draft.revision, draft.cached, draft.files[0]!.format, draft.files[0]!.source]).toEqual([setup, '00', false, 'xml', file]);
    expect(server.requests).toEqual([]);
    expect((await fetchDraft(store, parseDraftSpec(file), options)).cached).toBe(true);
  });

  it('names a file without a draft name by the name inside it', async () => {
    const file = path.join(dir, 'survey.txt');
    writeFileSync(file, draftText(`${sarikaya}-11.txt`));
    const draft = await fetchDraft(store, parseDraftSpec(file), options);
    expect([draft.name, draft.revision, draft.files[0]!.format]).toEqual([sarikaya, '11', 'txt']);
  });

  it('downloads an http URL', async () => {
    const url = `${server.url}/archive/id/${setup}-00.txt`;
    const draft = await fetchDraft(store, parseDraftSpec(url), options);
    expect([draft.name, draft.revision, draft.files[0]!.source, draft.files[0]!.text]).toEqual([setup, '00', url, draftText(`${setup}-00.txt`)]);
  });

  it('refuses a file it cannot name', async () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'Some notes about bootstrapping.\n');
    await expect(fetchDraft(store, parseDraftSpec(file), options)).rejects.toThrow(`${file}: cannot tell the draft's name and revision (name the file <draft-name>-<NN>.txt)`);
  });
});

describe('parseDraftSpec', () => {
  it('tells names, names with revisions, URLs and files apart', async () => {
    const none = () => false;
    expect(parseDraftSpec('draft-ietf-anima-brski-prm', none)).toEqual({ kind: 'name', name: 'draft-ietf-anima-brski-prm', revision: null });
    expect(parseDraftSpec('draft-ietf-anima-brski-prm-12', none)).toEqual({ kind: 'name', name: 'draft-ietf-anima-brski-prm', revision: '12' });
    expect(parseDraftSpec('https://www.ietf.org/archive/id/draft-x-01.txt', none)).toEqual({ kind: 'url', url: 'https://www.ietf.org/archive/id/draft-x-01.txt' });
    expect(parseDraftSpec('draft-x-01.txt', () => true)).toEqual({ kind: 'path', path: 'draft-x-01.txt' });
    expect(() => parseDraftSpec('rfc8995', none)).toThrow(DraftSpecError);
  });
});
