import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';
import { callLabels } from './labels.js';

let store: Store;
beforeAll(async () => {
  store = openStore(':memory:');
  await importPaths(store, [fixturePath('calls')]);
});
afterAll(async () => store.close());

describe('the labelled calls', () => {
  it('label every stored message once, each in the thread its label names', async () => {
    const stored = (await store.threads({})).length;
    expect(stored).toBe(Object.keys(callLabels.threads).length);
    for (const [id, label] of Object.entries(callLabels.messages)) {
      const message = await store.message(id);
      expect(message, id).not.toBeNull();
      expect(message!.threadRoot, id).toBe(callLabels.threads[label.thread]!.root);
      expect(message!.copies.map((c) => c.list).sort(), id).toEqual([...label.lists].sort());
      expect(message!.from.address, id).toBe(label.from.address);
    }
  });

  it('point every inherited "+1" and every call opening and closing at a labelled message of the same thread', () => {
    for (const [id, label] of Object.entries(callLabels.messages)) {
      if (label.inherits) expect(callLabels.messages[label.inherits]?.thread, id).toBe(label.thread);
    }
    for (const [thread, { call }] of Object.entries(callLabels.threads)) {
      if (!call) continue;
      expect(callLabels.messages[call.opened]?.thread, thread).toBe(thread);
      if (call.closed) expect(callLabels.messages[call.closed]?.thread, thread).toBe(thread);
    }
  });
});
