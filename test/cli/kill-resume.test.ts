import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { killImportWhenStored, listlens } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const total = 3000;

function writeArchive(file: string): void {
  const parts: string[] = [];
  for (let i = 0; i < total; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const parent = i % 5 === 0 ? '' : `In-Reply-To: <m${i - (i % 5)}@example.org>\n`;
    parts.push(
      `From sender${i % 17}@example.org  Mon Feb 22 10:${minute}:00 2021\n` +
        `From: Sender ${i % 17} <sender${i % 17}@example.org>\nSubject: topic ${Math.floor(i / 5)}\n` +
        `Message-ID: <m${i}@example.org>\n${parent}Date: Mon, 22 Feb 2021 10:${minute}:00 +0000\n` +
        `List-Id: IOT Operations <iotops.ietf.org>\n\nMessage ${i} talks about BRSKI and EST.\n${'filler text\n'.repeat(20)}\n`,
    );
  }
  writeFileSync(file, parts.join(''));
}

describe('an import killed part-way', () => {
  it('leaves a consistent store, and running it again completes it with no duplicate', async () => {
    const archive = path.join(dir, 'big.mail');
    const store = path.join(dir, 'archive.sqlite');
    writeArchive(archive);
    const afterFirstKill = await killImportWhenStored(store, archive, 400);
    expect(afterFirstKill).toBeGreaterThan(0);
    expect(afterFirstKill).toBeLessThan(total);
    await killImportWhenStored(store, archive, afterFirstKill + 400);

    const resumed = listlens(['--store', store, 'import', archive]);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^import: ${total} read, \\d+ new, \\d+ duplicates, 0 skipped`, 'm'));

    const db = new Database(store, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(total);
    expect((db.prepare('SELECT count(*) AS n FROM copies').get() as { n: number }).n).toBe(total);
    expect((db.prepare('SELECT count(*) AS n FROM messages m LEFT JOIN message_threads th ON th.message = m.id WHERE th.root IS NULL').get() as { n: number }).n).toBe(0);
    expect((db.prepare("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'BRSKI'").get() as { n: number }).n).toBe(total);
    db.close();
  });
});
