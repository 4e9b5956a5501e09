import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';

export interface Label {
  thread: string;
  lists: string[];
  noArchive: boolean;
  from: { name: string; address: string };
  technologies: string[];
  position: 'support' | 'oppose' | 'changes' | null;
}

export const labels = JSON.parse(readFileSync(fixturePath('archive/labels.json'), 'utf8')) as Record<string, Label>;

/** The Message-ID of the chairs' opening question in the bundled archive. */
export const bootstrappingRoot = 'DB8PR07MB6428E3F1A2C94B07D5C81B2AB8849@DB8PR07MB6428.eurprd07.prod.outlook.com';

/** A temporary store holding the bundled demo archive (fixtures/archive/), imported the way `listlens import` does. */
export async function openArchiveStore(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-summary-'));
  const store = openStore(path.join(dir, 'archive.sqlite'));
  await importPaths(store, [fixturePath('archive')]);
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Archived messages of one labelled thread. */
export function labelled(thread: string): [string, Label][] {
  return Object.entries(labels).filter(([, label]) => label.thread === thread && !label.noArchive);
}
