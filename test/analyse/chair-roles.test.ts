import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyseThreadFully } from '../../src/analyse/index.js';
import { fetchChairRoles, importPaths, loadDrafts } from '../../src/ingest/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { HttpClient } from '../../src/sources/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { briefDraft } from '../brief/fixture-brief.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';
import { bootstrappingRoot } from '../summary/archive.js';

// The bundled thread is on iotops and t2trg. The datatracker stand-in (fixtures/fetch/datatracker/group-roles.json)
// has Jane Whitfield, a respondent whose messages say nothing of chairing, as an iotops chair; Pekka
// Vähäsalo as a t2trg chair under another address than the one he writes from.
const jane = 'jane@example.org';
const pekka = 'pekka.vahasalo@example.com';

let dir: string;
let storeFile: string;
let client: HttpClient;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-roles-'));
  storeFile = path.join(dir, 'archive.sqlite');
  const store = openStore(storeFile);
  await importPaths(store, [fixturePath('archive')]);
  await store.rethread();
  await store.close();
  client = new HttpClient({ intervalMs: 0, baseDelayMs: 1, retries: 1 });
});
afterEach(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withStore<T>(work: (store: Store) => Promise<T>, readOnly = false): Promise<T> {
  const store = openStore(storeFile, { readOnly });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function chairsOf(store: Store) {
  const analysis = await analyseThreadFully(store, bootstrappingRoot, { taxonomy: loadTaxonomy(), drafts: await loadDrafts(store, [briefDraft]) });
  return analysis.coverage;
}

/** A datatracker that has no roles for any group, and counts the requests it gets. */
async function emptyDatatracker(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    if (!request.url?.startsWith('/api/v1/group/role/')) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ meta: { total_count: 0 }, objects: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("the datatracker's chair roles", () => {
  it('are fetched once, kept in the store, and used offline: a chair found only there is no respondent', async () => {
    const server = await ArchiveServer.start({ mailFolders: [fixturePath('archive')] });
    try {
      // Read-only, as `coverage` opens it: the roles are still kept, through a short connection of their own.
      await withStore((store) => fetchChairRoles(store, bootstrappingRoot, { http: client, datatracker: server.url }), true);
      expect(server.requestsTo(/^\/api\/v1\/group\/role\//).map((r) => r.path)).toEqual([
        '/api/v1/group/role/?group__acronym=iotops&name=chair',
        '/api/v1/group/role/?group__acronym=t2trg&name=chair',
      ]);
      server.clearRequests();
      await withStore((store) => fetchChairRoles(store, bootstrappingRoot, { http: client, datatracker: server.url }), true);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }

    const coverage = await withStore(async (store) => {
      expect((await store.groupChairs('iotops'))?.chairs).toEqual([
        { name: 'Jane Whitfield', address: jane },
        { name: 'Ann Other', address: 'ann.other@example.com' },
      ]);
      return chairsOf(store);
    }, true);
    expect(coverage.chairs).toEqual([
      { name: 'Jane Whitfield', address: jane, why: 'chair of iotops in the datatracker' },
      { name: 'Pekka Vähäsalo', address: pekka, why: 'chair of t2trg in the datatracker' },
      { name: 'Jürgen Albrecht', address: 'juergen.albrecht@example.org', why: 'chair of t2trg in the datatracker' },
    ]);
    expect(coverage.thread.respondents).not.toContain('Jane Whitfield');
  });

  it('without roles stored or reachable, the sign-off serves, silently', async () => {
    const before = await withStore(chairsOf, true);
    const closed = await emptyDatatracker();
    await closed.close();
    await withStore((store) => fetchChairRoles(store, bootstrappingRoot, { http: client, datatracker: closed.url }), true);
    const after = await withStore(async (store) => {
      expect(await store.groupChairs('t2trg')).toBeNull();
      return chairsOf(store);
    }, true);
    expect(after.chairs).toEqual(before.chairs);
    expect(after.chairs.map((chair) => chair.why)).toEqual(['signed the opening message ("Pekka & Jürgen")', 'signed the opening message ("Pekka & Jürgen")']);
    expect(after.thread.respondents).toContain('Jane Whitfield');
  });

  it('a list with no chair roles is remembered as such, and the sign-off still names the chairs', async () => {
    const datatracker = await emptyDatatracker();
    try {
      await withStore((store) => fetchChairRoles(store, bootstrappingRoot, { http: client, datatracker: datatracker.url }));
      await withStore((store) => fetchChairRoles(store, bootstrappingRoot, { http: client, datatracker: datatracker.url }));
      expect(datatracker.requests.filter((url) => url.startsWith('/api/v1/group/role/'))).toHaveLength(2);
    } finally {
      await datatracker.close();
    }
    const coverage = await withStore(async (store) => {
      expect(await store.groupChairs('iotops')).toMatchObject({ acronym: 'iotops', chairs: [], source: `${datatracker.url}/api/v1/group/role/?group__acronym=iotops&name=chair` });
      return chairsOf(store);
    });
    expect(coverage.chairs.map((chair) => [chair.address, chair.why])).toEqual([
      [pekka, 'signed the opening message ("Pekka & Jürgen")'],
      ['juergen.albrecht@example.org', 'signed the opening message ("Pekka & Jürgen")'],
    ]);
  });
});
