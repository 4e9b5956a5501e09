import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseThread, analyseThreadFully, gatherBrief, summariseThread } from '../../src/analyse/index.js';
import { loadDrafts } from '../../src/ingest/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import type { Store } from '../../src/store/index.js';
import { briefDraft } from '../brief/fixture-brief.js';
import { bootstrappingRoot, openArchiveStore } from '../summary/archive.js';

let store: Store;
let dispose: () => void | Promise<void>;
beforeAll(async () => ({ store, dispose } = await openArchiveStore()));
afterAll(async () => dispose());

describe('analyseThreadFully', () => {
  it('gives what the separate steps give', async () => {
    const taxonomy = loadTaxonomy();
    const drafts = await loadDrafts(store, [briefDraft]);
    const chairs = ['Jürgen Albrecht'];
    const coverage = await analyseThread(store, bootstrappingRoot, drafts, taxonomy, { chairs });
    const summary = await summariseThread(store, bootstrappingRoot, { taxonomy, coverage, chairs });
    const analysis = await analyseThreadFully(store, bootstrappingRoot, { drafts, taxonomy, chairs });
    expect(analysis.root).toBe(bootstrappingRoot);
    expect(analysis.coverage).toEqual(coverage);
    expect(await analysis.summary()).toEqual(summary);
    expect(await analysis.brief()).toEqual(gatherBrief(coverage, summary));
  });

  it('makes the summary once, however often it is asked', async () => {
    const analysis = await analyseThreadFully(store, bootstrappingRoot, { taxonomy: loadTaxonomy() });
    expect(await analysis.summary()).toBe(await analysis.summary());
  });

  it('without drafts has no coverage, and finds the technologies in every message', async () => {
    const taxonomy = loadTaxonomy();
    const analysis = await analyseThreadFully(store, bootstrappingRoot, { taxonomy });
    expect(analysis.coverage).toBeNull();
    expect(await analysis.summary()).toEqual(await summariseThread(store, bootstrappingRoot, { taxonomy }));
  });
});
