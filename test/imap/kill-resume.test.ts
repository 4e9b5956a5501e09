import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killWhenStored, listlens } from '../helpers/cli.js';
import { dovecotMissing, startDovecot, type MboxMessage, type TestDovecot } from '../helpers/dovecot.js';

const total = 600;

function generated(): MboxMessage[] {
  return Array.from({ length: total }, (_, i) => {
    const date = new Date(Date.UTC(2021, 1, 1 + (i % 28), 10, i % 60));
    const parent = i % 5 === 0 ? '' : `In-Reply-To: <m${i - (i % 5)}@example.org>\r\n`;
    const text =
      `From: Sender ${i % 17} <sender${i % 17}@example.org>\r\nSubject: topic ${Math.floor(i / 5)}\r\nMessage-ID: <m${i}@example.org>\r\n${parent}` +
      `Date: ${date.toUTCString().replace('GMT', '+0000')}\r\nList-Id: IOT Operations <iotops.ietf.org>\r\n\r\nMessage ${i} talks about BRSKI.\r\n${'filler text\r\n'.repeat(40)}`;
    return { bytes: Buffer.from(text), date };
  });
}

describe.skipIf(dovecotMissing !== null)('an IMAP fetch killed part-way', () => {
  let server: TestDovecot;
  let dir: string;

  beforeAll(async () => {
    server = await startDovecot();
    await server.createFolderOf('iotops', generated());
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-imap-kill-'));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a consistent store, and running it again fetches only what it lacked, doubling nothing', async () => {
    const store = path.join(dir, 'archive.sqlite');
    const args = ['--store', store, 'fetch', 'iotops', '--imap', server.url];
    const trusted = { NODE_EXTRA_CA_CERTS: server.certificateFile };
    const afterFirstKill = await killWhenStored(args, store, 150, trusted);
    expect(afterFirstKill).toBeGreaterThan(0);
    expect(afterFirstKill).toBeLessThan(total);
    const afterSecondKill = await killWhenStored(args, store, afterFirstKill + 150, trusted);
    expect(afterSecondKill).toBeLessThan(total);

    const resumed = listlens([...args, '--json'], trusted);
    expect(resumed.status).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { messages: { fetched: number }; import: { duplicates: number } };
    // At most the batch being imported when it was killed is fetched again.
    expect(summary.messages.fetched).toBeLessThanOrEqual(total - afterSecondKill + 100);
    expect(summary.import.duplicates).toBeLessThanOrEqual(100);

    const db = new Database(store, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(total);
    expect((db.prepare('SELECT count(*) AS n FROM copies').get() as { n: number }).n).toBe(total);
    expect(db.prepare('SELECT synced_uids FROM imap_folders').get()).toEqual({ synced_uids: `[[1,${total}]]` });
    db.close();
  });
});
