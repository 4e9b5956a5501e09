import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import { listlens } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-conflicting-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two senders whose mail software made the same Message-ID (a badly seeded generator, a copied draft).
const ana = `From ana@example.org  Mon Mar  1 09:00:00 2021
From: Ana Lima <ana@example.org>
Subject: Onboarding survey
Message-ID: <20210301.1@localhost>
List-Id: <iotops.ietf.org>
Date: Mon, 1 Mar 2021 09:00:00 +0000

Which onboarding schemes do your deployments use today?
We would like to cover them in the next revision.

`;

const bob = `From bob@example.net  Tue Mar  2 14:30:00 2021
From: Bob Stone <bob@example.net>
Subject: Meeting slots
Message-ID: <20210301.1@localhost>
List-Id: <iotops.ietf.org>
Date: Tue, 2 Mar 2021 14:30:00 +0000

Please send slot requests for the interim by Friday.

`;

/** Ana's message as another list delivered it: its tag in the subject, its footer added, From rewritten. */
const anaThroughT2trg = `From t2trg-bounces@irtf.org  Mon Mar  1 09:00:05 2021
From: Ana Lima via T2TRG <t2trg@irtf.org>
Reply-To: Ana Lima <ana@example.org>
Subject: [T2TRG] Onboarding survey
Message-ID: <20210301.1@localhost>
List-Id: <t2trg.irtf.org>
Date: Mon, 1 Mar 2021 09:00:00 +0000

Which onboarding schemes do your deployments use today?
We would like to cover them in the next revision.

_______________________________________________
T2TRG mailing list
T2TRG@irtf.org
https://www.irtf.org/mailman/listinfo/t2trg

`;

function file(name: string, text: string): string {
  const where = path.join(dir, name);
  writeFileSync(where, text);
  return where;
}

describe('two different messages with one Message-ID', () => {
  it('are both kept, the second flagged as a conflicting id, and a true copy is still one message', async () => {
    const storeFile = path.join(dir, 'store.sqlite');
    const store = openStore(storeFile);
    const first = await importPaths(store, [file('march.mail', ana + bob)], { workers: 0 });
    expect(first).toMatchObject({ read: 2, new: 2, duplicates: 0, conflictingIds: 1, failed: 0 });
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 2 });

    const stored = (await store.message('20210301.1@localhost'))!;
    expect(stored.from.address).toBe('ana@example.org');
    expect(stored.conflictingIds).toHaveLength(1);
    const other = (await store.message(stored.conflictingIds[0]!))!;
    expect(other.from.address).toBe('bob@example.net');
    expect(other.ownText).toContain('slot requests for the interim');
    expect(other.conflictingIds).toEqual(['20210301.1@localhost']);
    expect((await store.rawBytes(other.messageId, 'iotops'))?.toString()).toContain('Please send slot requests');
    expect((await store.search({ words: ['interim'], limit: 5 })).map((hit) => hit.messageId)).toEqual([other.messageId]);

    const again = await importPaths(store, [file('march-again.mail', `${bob}${ana}`)], { workers: 0 });
    expect(again).toMatchObject({ read: 2, new: 0, duplicates: 2, conflictingIds: 0 });
    const crossPosted = await importPaths(store, [file('t2trg.mail', anaThroughT2trg)], { workers: 0 });
    expect(crossPosted).toMatchObject({ read: 1, new: 0, crossPosted: 1, conflictingIds: 0 });
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 3 });
    expect((await store.message('20210301.1@localhost'))!.copies.map((copy) => copy.list)).toEqual(['iotops', 't2trg']);
    await store.close();

    const shown = listlens(['--store', storeFile, 'show', '20210301.1@localhost']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^Conflicts:  another message has this Message-ID, stored as <${other.messageId.replace(/[.]/g, '\\.')}>$`, 'm'));
    const json = JSON.parse(listlens(['--store', storeFile, 'show', other.messageId, '--json']).stdout) as { conflictingIds: string[] };
    expect(json.conflictingIds).toEqual(['20210301.1@localhost']);

    const cli = listlens(['--store', path.join(dir, 'cli.sqlite'), 'import', file('march-cli.mail', ana + bob), '--json']);
    expect(cli.stderr).toMatch(/^import: 2 read, 2 new, 0 duplicates, 1 conflicting ids, 0 skipped \(no-archive\), 0 failed$/m);
    expect(JSON.parse(cli.stdout)).toMatchObject({ read: 2, new: 2, conflictingIds: 1 });
  });
});
