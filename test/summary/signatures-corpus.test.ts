import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseThread } from '../../src/analyse/summary.js';
import type { StoredMessage } from '../../src/store/types.js';
import { listlens } from '../helpers/cli.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { openStore } from '../../src/store/index.js';

/** The text of a message's signature and sign-off segments. */
function signatureText(message: StoredMessage): string {
  return message.segments
    .filter((segment) => segment.kind === 'signature' || segment.kind === 'signoff')
    .map((segment) => segment.text)
    .join('\n');
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe.skipIf(!hasCorpus)('signatures on the real ANCP month (March 2010)', () => {
  let dir: string;
  let storeFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-ancp-'));
    storeFile = path.join(dir, 'archive.sqlite');
    const imported = listlens(['--store', storeFile, 'import', corpusPath('mail/ancp-2010-03.mail')]);
    expect(imported.status, imported.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no message by an organisation that only signatures name', () => {
    const result = listlens(['--store', storeFile, 'search', 'Cisco', '--json']);
    expect(JSON.parse(result.stdout)).toEqual([]);
    // The words the authors wrote are found: the signatures' organisation is not, but their own topic is.
    expect(JSON.parse(listlens(['--store', storeFile, 'search', 'multicast', '--json']).stdout).length).toBeGreaterThan(3);
  });

  it('keeps the Cisco signatures, as signatures, in the stored messages', async () => {
    const store = openStore(storeFile);
    try {
      const threads = await store.threads({});
      const messages = (await Promise.all(threads.map((thread) => store.threadMessages(thread.root)))).flat();
      expect(messages).toHaveLength(36);
      const signedByCisco = messages.filter((message) => /Cisco Systems/.test(signatureText(message)));
      expect(signedByCisco.length).toBeGreaterThanOrEqual(3);
      for (const message of signedByCisco) expect(message.ownText).not.toMatch(/Cisco Systems|Distinguished Engineer|\+33/);
    } finally {
      await store.close();
    }
  });

  it("takes no message's gist from its signature or sign-off", async () => {
    const store = openStore(storeFile);
    try {
      const threads = await store.threads({});
      let gists = 0;
      for (const thread of threads) {
        const report = await summariseThread(store, thread.root);
        for (const entry of report.timeline) {
          const message = await store.message(entry.messageId);
          if (!message || entry.gist === '') continue;
          gists++;
          const gist = collapse(entry.gist);
          expect(collapse(message.ownText), entry.messageId).toContain(gist.slice(0, 40));
          expect(collapse(signatureText(message)), entry.messageId).not.toContain(gist.slice(0, 40));
        }
      }
      expect(gists).toBeGreaterThanOrEqual(30);
    } finally {
      await store.close();
    }
  });
});
