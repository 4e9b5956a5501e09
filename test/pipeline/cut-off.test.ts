import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-cut-off-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const first = `From chair@example.org  Mon Feb 22 10:00:00 2021
From: Chair <chair@example.org>
Subject: Bootstrapping survey
Message-ID: <question@example.org>
List-Id: <iotops.ietf.org>
Date: Mon, 22 Feb 2021 10:00:00 +0000

Are BRSKI and EST covered?

`;

const last = `From ana@example.org  Mon Feb 22 11:00:00 2021
From: Ana <ana@example.org>
Subject: Re: Bootstrapping survey
Message-ID: <answer@example.org>
In-Reply-To: <question@example.org>
List-Id: <iotops.ietf.org>
Date: Mon, 22 Feb 2021 11:00:00 +0000

BRSKI is covered in section 4. What is missing is FIDO Device Onboard
and the Thread commissioning flow, which several deployments use today.
`;

function archiveFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('a message stored cut off', () => {
  it('is completed when the whole archive file is imported later, and its words become searchable', async () => {
    const cutAt = last.indexOf('FIDO');
    const store = openStore(path.join(dir, 'store.sqlite'));
    const cut = await importPaths(store, [archiveFile('cut.mail', first + last.slice(0, cutAt))]);
    expect(cut).toMatchObject({ read: 2, new: 2, completed: 0 });
    expect((await store.message('answer@example.org'))?.ownText).not.toContain('FIDO');

    const whole = await importPaths(store, [archiveFile('whole.mail', first + last)]);
    expect(whole).toMatchObject({ read: 2, new: 0, completed: 1, duplicates: 1, failed: 0 });
    const answer = (await store.message('answer@example.org'))!;
    expect(answer.ownText).toContain('What is missing is FIDO Device Onboard\nand the Thread commissioning flow');
    expect(answer.copies).toMatchObject([{ list: 'iotops', source: path.join(dir, 'whole.mail') }]);
    expect((await store.rawBytes('answer@example.org', 'iotops'))?.toString()).toContain('several deployments use today');
    expect((await store.search({ words: ['FIDO'], limit: 10 })).map((hit) => hit.messageId)).toEqual(['answer@example.org']);
    expect((await store.threadMessages('question@example.org')).map((m) => m.messageId)).toEqual(['question@example.org', 'answer@example.org']);
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 2 });

    const again = await importPaths(store, [archiveFile('cut-again.mail', first + last.slice(0, cutAt))]);
    expect(again).toMatchObject({ new: 0, completed: 0, duplicates: 2 });
    expect((await store.message('answer@example.org'))?.ownText).toContain('FIDO');
    await store.close();
  });
});
