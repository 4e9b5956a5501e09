import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusPath, fixturePath, hasCorpus } from '../helpers/corpus.js';
import { listlens } from '../helpers/cli.js';

let dir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-cli-'));
  store = path.join(dir, 'archive.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => listlens(['--store', store, ...args]);
const json = <T>(...args: string[]): T => {
  const result = run(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as T;
};

interface ThreadJson {
  root: string;
  subject: string;
  lists: string[];
  messageCount: number;
  participantCount: number;
}

describe('listlens --help', () => {
  it('lists the commands and exits 0', () => {
    const result = listlens(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['import', 'threads', 'show', 'search']) expect(result.stdout).toContain(command);
  });

  it('exits 2 with a one-line error on a bad command line', () => {
    const result = listlens(['threads', '--no-such-option']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("listlens: unknown option '--no-such-option'\n");
    const misspelt = listlens(['threads', '--lsit', 'iotops']);
    expect([misspelt.status, misspelt.stderr]).toEqual([2, "listlens: unknown option '--lsit' (Did you mean --list?)\n"]);
  });

  it('takes the store from LISTLENS_STORE', () => {
    expect(listlens(['import', fixturePath('brief/hostile-thread.mail')], { LISTLENS_STORE: store }).status).toBe(0);
    const result = listlens(['threads', '--json'], { LISTLENS_STORE: store });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });

  it('does not make an empty store where a reading command is pointed at a missing one', () => {
    const missing = path.join(dir, 'no', 'such', 'archive.sqlite');
    const result = listlens(['--store', missing, 'threads']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`listlens: no store at ${missing}: import or fetch some mail first, or name another with --store\n`);
    expect(existsSync(path.dirname(missing))).toBe(false);
  });

  it('names the store file when it is not a database', () => {
    writeFileSync(store, 'this is not SQLite');
    const result = listlens(['--store', store, 'threads']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`listlens: store ${store}: file is not a database\n`);
  });
});

describe.skipIf(!hasCorpus)('importing the real ANCP March 2010 archive', () => {
  it('stores 36 messages, and a second import adds nothing and says so', () => {
    const first = run('import', corpusPath('mail/ancp-2010-03.mail'));
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^import: 36 read, 36 new, 0 duplicates, 0 skipped \(no-archive\), 0 failed\n$/);
    const threads = json<ThreadJson[]>('threads');
    expect(threads.reduce((sum, t) => sum + t.messageCount, 0)).toBe(36);
    expect(threads.every((t) => t.lists.length === 1 && t.lists[0] === 'ancp')).toBe(true);

    const second = run('import', corpusPath('mail/ancp-2010-03.mail'));
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('36 read, 0 new, 36 duplicates');
    expect(second.stderr).toContain('nothing new');
    expect(json<ThreadJson[]>('threads')).toEqual(threads);
  });
});

describe.skipIf(!hasCorpus)('the real opening message of the bootstrapping thread', () => {
  it('imports as one message with its name decoded and the archive id of iotops', () => {
    const imported = run('import', corpusPath('mail/000_2777a5083c1a0d8c.txt'));
    expect(imported.stderr).toContain('1 read, 1 new');
    const shown = json<{
      from: { name: string; address: string };
      lists: string[];
      copies: { list: string; url: string }[];
      archivedAt: string[];
      ownText: string;
      segments: { kind: string; text: string }[];
    }>('show', 'https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/');
    expect(shown.from).toEqual({ name: 'Ari Keränen', address: 'ari.keranen@ericsson.com' });
    expect(shown.copies).toEqual([
      expect.objectContaining({ list: 'iotops', url: 'https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/' }),
    ]);
    expect(shown.archivedAt).toEqual(['https://mailarchive.ietf.org/arch/msg/iotops/35ET-Jt7W_IhyZoCcoGmeLPZ0Pw']);
    expect(shown.ownText).toMatch(/^Hi IoTOPS folks,/);
    expect(shown.ownText).toMatch(/covered in the document\.$/);
    expect(shown.segments.at(-1)).toEqual({ kind: 'signoff', text: 'Thanks,\nAri & Carsten' });
    // The Archived-At URL names the same message.
    const byArchivedAt = json<{ from: { name: string } }>('show', 'https://mailarchive.ietf.org/arch/msg/iotops/35ET-Jt7W_IhyZoCcoGmeLPZ0Pw');
    expect(byArchivedAt.from.name).toBe('Ari Keränen');
  });
});

describe('the bundled fixture archive', () => {
  it('stores the cross-posted opening message once with both lists, and skips X-No-Archive mail', () => {
    const imported = run('import', fixturePath('archive'), '--json');
    expect(imported.status).toBe(0);
    const summary = JSON.parse(imported.stdout) as { crossPosted: number; skipped: number; failed: number };
    expect(summary.failed).toBe(0);
    expect(summary.skipped).toBeGreaterThanOrEqual(1);
    expect(summary.crossPosted).toBeGreaterThanOrEqual(1);
    const threads = json<ThreadJson[]>('threads');
    const main = threads.find((t) => t.subject === 'Secure IoT Bootstrapping: A Survey');
    expect(main?.lists).toEqual(['iotops', 't2trg']);
    expect(main?.messageCount).toBeGreaterThanOrEqual(24);
    expect(threads.filter((t) => t.subject === 'Secure IoT Bootstrapping: A Survey')).toHaveLength(1);
  });

  it('shows a message by subject, marking quoted text, and finds own words but not quotes', () => {
    run('import', fixturePath('archive'));
    const shown = run('show', 'Secure IoT Bootstrapping');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/^Subject: {4}\[Iotops\] Secure IoT Bootstrapping: A Survey$/m);
    expect(shown.stdout).toMatch(/^Archive: {4}https:\/\/mailarchive\.ietf\.org\/arch\/msg\/iotops\/[A-Za-z0-9_-]{27}\/$/m);
    const hits = json<{ messageId: string; snippet: string }[]>('search', 'BRSKI');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.snippet.includes('[BRSKI'))).toBe(true);
  });

  it('says on stderr why a listing is empty, and keeps stdout empty', () => {
    run('import', fixturePath('archive'));
    const unknownList = run('threads', '--list', 'IOTOPS');
    expect([unknownList.status, unknownList.stdout]).toEqual([0, '']);
    expect(unknownList.stderr).toBe('listlens: no list "IOTOPS" in the store (it has iotops, t2trg)\n');
    const noHits = run('search', 'zyzzyva');
    expect([noHits.status, noHits.stdout, noHits.stderr]).toEqual([0, '', 'listlens: no message matches "zyzzyva"\n']);
  });

  it('refuses a --limit that is not a positive whole number, with exit code 2', () => {
    run('import', fixturePath('brief/hostile-thread.mail'));
    for (const limit of ['abc', '0', '2.5']) {
      const result = run('search', 'survey', '--limit', limit);
      expect(result.status, limit).toBe(2);
      expect(result.stderr).toBe(`listlens: option '--limit <n>' argument '${limit}' is invalid. must be a whole number of at least 1\n`);
    }
  });

  it('lists the candidates of an ambiguous subject with what tells them apart', () => {
    run('import', fixturePath('archive'));
    const result = run('show', 'Re:');
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^listlens: "Re:" matches \d+ threads: \d{4}-\d\d-\d\d <[^>]+> ".+" \(\d+ messages\); /);
  });

  it('says when a ref matches nothing, with exit code 3', () => {
    run('import', fixturePath('archive'));
    const result = run('show', 'no-such-message@example.invalid');
    expect(result.status).toBe(3);
    expect(result.stderr).toBe('listlens: no message with Message-ID <no-such-message@example.invalid> in the store\n');
  });
});

describe('bad input', () => {
  it('reports each bad message with file and offset, imports the rest and exits 1', () => {
    const good = (n: number) =>
      `From jane@example.org  Mon Feb 22 10:0${n}:00 2021\nFrom: Jane <jane@example.org>\nSubject: good ${n}\nMessage-ID: <good${n}@example.org>\nDate: Mon, 22 Feb 2021 10:0${n}:00 +0000\n\nBody ${n}.\n\n`;
    const garbage = `From nobody  Mon Feb 22 10:05:00 2021\nX-Garbage: ${'\u0000\u00ff\u0001binary'.repeat(50)}\n\n`;
    const file = path.join(dir, 'mixed.mail');
    writeFileSync(file, good(1) + garbage + good(2));
    const result = run('import', file);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe('import: 3 read, 2 new, 0 duplicates, 0 skipped (no-archive), 1 failed');
    expect(lines[0]).toMatch(new RegExp(`^listlens: ${file.replace(/[.\\/]/g, '\\$&')}:\\d+: .+`));
    expect(json<ThreadJson[]>('threads').map((t) => t.subject)).toEqual(['good 1', 'good 2']);
  });

  it('names a missing file', () => {
    const result = run('import', path.join(dir, 'missing.mail'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('missing.mail');
  });
});
