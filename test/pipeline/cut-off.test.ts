import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  // A file cut inside the last message's header block loses its Message-ID line: that copy is stored
  // under a made-up id. The whole file, imported later, must replace it, not store the message again.
  it('is replaced by the whole message when it was cut inside its header block, before its Message-ID', async () => {
    const cutAt = last.indexOf('Message-ID');
    const store = openStore(path.join(dir, 'header-cut.sqlite'));
    const cut = await importPaths(store, [archiveFile('header-cut.mail', first + last.slice(0, cutAt))], { workers: 0 });
    expect(cut).toMatchObject({ read: 2, new: 2, failed: 0 });

    const whole = await importPaths(store, [archiveFile('header-whole.mail', first + last)], { workers: 0 });
    expect(whole).toMatchObject({ read: 2, new: 0, completed: 1, duplicates: 1, failed: 0 });
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 2 });
    const answer = (await store.message('answer@example.org'))!;
    expect(answer.messageIdSynthetic).toBe(false);
    expect(answer.ownText).toContain('FIDO Device Onboard');
    expect(answer.copies).toMatchObject([{ list: 'iotops', source: path.join(dir, 'header-whole.mail') }]);
    expect((await store.threadMessages('question@example.org')).map((m) => m.messageId)).toEqual(['question@example.org', 'answer@example.org']);
    expect((await store.search({ words: ['FIDO'], limit: 10 })).map((hit) => hit.messageId)).toEqual(['answer@example.org']);

    const again = await importPaths(store, [archiveFile('header-cut-again.mail', first + last.slice(0, cutAt))], { workers: 0 });
    expect(again).toMatchObject({ new: 0, duplicates: 2 });
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 2 });
    await store.close();
  });

  it('is not stored beside the whole message when the cut file comes second', async () => {
    const cutAt = last.indexOf('Message-ID');
    const store = openStore(path.join(dir, 'header-cut-later.sqlite'));
    await importPaths(store, [archiveFile('whole-first.mail', first + last)], { workers: 0 });
    const cut = await importPaths(store, [archiveFile('cut-later.mail', first + last.slice(0, cutAt))], { workers: 0 });
    expect(cut).toMatchObject({ read: 2, new: 0, duplicates: 2 });
    expect(await store.counts()).toMatchObject({ messages: 2, copies: 2 });
    await store.close();
  });

  // Every file of a maildir (and every .eml, IMAP or web download) is at offset 0: the place in the
  // file says nothing there, and matching on it made each such message look at every other one.
  it('is looked for only among the messages of archive files, not among files of one message each', async () => {
    const withoutMessageId = (subject: string, words: string) => `From: Ana <ana@example.org>\nSubject: ${subject}\nList-Id: <iotops.ietf.org>\n\n${words}\n`;
    const whole = withoutMessageId('Onboarding notes', 'BRSKI is covered; FIDO Device Onboard is not.');
    const maildir = path.join(dir, 'one-message-files');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
    writeFileSync(path.join(maildir, 'cur', '1614000000.1.host:2,S'), whole);
    writeFileSync(path.join(maildir, 'cur', '1614000001.2.host:2,S'), whole.slice(0, whole.indexOf('FIDO')));
    writeFileSync(path.join(maildir, 'cur', '1614000002.3.host:2,S'), withoutMessageId('Thread commissioning', 'Thread is missing.'));
    const store = openStore(path.join(dir, 'one-message-files.sqlite'));
    const summary = await importPaths(store, [maildir], { workers: 0 });
    expect(summary).toMatchObject({ read: 3, new: 3, duplicates: 0, completed: 0, failed: 0 });
    expect(await store.counts()).toMatchObject({ messages: 3, copies: 3 });

    const mbox = await importPaths(store, [archiveFile('after-maildir.mail', first + last)], { workers: 0 });
    expect(mbox).toMatchObject({ read: 2, new: 2, completed: 0 });
    expect(await store.counts()).toMatchObject({ messages: 5, copies: 5 });
    await store.close();
  });
});
