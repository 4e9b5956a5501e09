import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { analyseThread } from '../../src/analyse/coverage.js';
import { loadDrafts } from '../../src/ingest/drafts.js';
import { fetchLists } from '../../src/ingest/fetch.js';
import { importPaths } from '../../src/ingest/import.js';
import { coverageJson } from '../../src/render/coverage-json.js';
import { threadListJson } from '../../src/render/json.js';
import { HttpClient } from '../../src/sources/http.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { dumpStore } from '../perf/helpers.js';
import { ArchiveServer } from '../helpers/archive-server.js';
import { fixturePath } from '../helpers/corpus.js';

/**
 * A back end on a network (PostgreSQL) answers every call later, big writes latest. This wraps
 * the SQLite store so that it does the same, and checks that import, fetch and coverage store and
 * report exactly what they do over the store answering at once: nothing in the pipeline may rely on
 * a store call having finished before its promise resolves.
 */
function answeringLater(store: Store): Store {
  const slowest = new Set(['putCopies', 'markFetched', 'rethread']);
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const delayMs = slowest.has(String(property)) ? 10 : 1;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const answer: unknown = await value.apply(target, args);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return answer;
      };
    },
  });
}

const draft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
const root = 'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com';

let dir: string;
let server: ArchiveServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-async-store-'));
  server = await ArchiveServer.start();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function coverageOf(store: Store): Promise<unknown> {
  const drafts = await loadDrafts(store, [draft]);
  return coverageJson(await analyseThread(store, root, drafts, loadTaxonomy()));
}

describe('a store that answers asynchronously', () => {
  it('gets the same import, threads and coverage as the store answering at once', async () => {
    const stores = { direct: path.join(dir, 'direct.sqlite'), later: path.join(dir, 'later.sqlite') };
    const direct = openStore(stores.direct);
    const later = answeringLater(openStore(stores.later));
    const paths = [fixturePath('archive'), fixturePath('fetch/archive')];
    const [directSummary, laterSummary] = [await importPaths(direct, paths, { workers: 2 }), await importPaths(later, paths, { workers: 0 })];
    expect(laterSummary).toEqual(directSummary);
    expect(threadListJson(await later.threads({}))).toEqual(threadListJson(await direct.threads({})));
    expect(await coverageOf(later)).toEqual(await coverageOf(direct));
    await Promise.all([direct.close(), later.close()]);
    expect(dumpStore(stores.later).messages).toEqual(dumpStore(stores.direct).messages);
  });

  it('gets what the store answering at once gets from fetching the archive', async () => {
    const client = new HttpClient({ intervalMs: 0, baseDelayMs: 1 });
    try {
      const options = { http: client, archive: server.url, lists: ['iotops', 't2trg'], since: '2021-02', until: '2021-04' };
      const direct = openStore(path.join(dir, 'fetched-direct.sqlite'));
      const later = answeringLater(openStore(path.join(dir, 'fetched-later.sqlite')));
      const directSummary = await fetchLists(direct, options);
      const laterSummary = await fetchLists(later, options);
      expect(laterSummary.messages).toEqual(directSummary.messages);
      expect(laterSummary.import).toEqual(directSummary.import);
      expect(await later.counts()).toEqual(await direct.counts());
      const again = await fetchLists(later, options);
      expect(again.messages.downloaded).toBe(0);
      await Promise.all([direct.close(), later.close()]);
    } finally {
      client.close();
    }
  });
});
