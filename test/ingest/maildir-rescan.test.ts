import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';

interface Summary {
  read: number;
  new: number;
  duplicates: number;
  failed: number;
  maildirFilesRead: number;
}

let dir: string;
let maildir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-maildir-rescan-'));
  maildir = path.join(dir, 'Mail', 'iotops');
  for (const folder of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, folder), { recursive: true });
  store = path.join(dir, 'archive.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A message as a list delivers it, numbered so that each is its own. */
function message(n: number, words = 'the registrar hands out vouchers'): string {
  return [
    `Message-ID: <m${n}@example.org>`,
    `From: Person ${n} <p${n}@example.org>`,
    'To: iotops@ietf.org',
    `Subject: Note ${n}`,
    `Date: Mon, 1 Mar 2021 ${String(10 + (n % 10)).padStart(2, '0')}:00:00 +0000`,
    'List-Id: <iotops.ietf.org>',
    `Archived-At: <https://mailarchive.ietf.org/arch/msg/iotops/note${n}/>`,
    '',
    `Note ${n}: ${words}.`,
    '',
  ].join('\r\n');
}

/** Delivers message `n` as a maildir client leaves it: `new/NAME`, or `cur/NAME:2,FLAGS` once seen. */
function deliver(n: number, folder: 'new' | 'cur', flags = ''): string {
  const name = `${1614600000 + n}.M${n}P100.mx.example${folder === 'cur' ? `:2,${flags}` : ''}`;
  const file = path.join(maildir, folder, name);
  writeFileSync(file, message(n));
  return file;
}

function importMaildir(...extra: string[]): Summary {
  const result = listlens(['--store', store, 'import', maildir, '--json', ...extra]);
  expect(result.status, result.stderr).not.toBe(2);
  return JSON.parse(result.stdout) as Summary;
}

// Each step is a listlens process; a busy machine takes seconds for each.
describe('re-importing a maildir', { timeout: 120_000 }, () => {
  it('reads no file of an unchanged maildir, nor one a client renamed for its flags, but does read new mail', () => {
    const files = Array.from({ length: 20 }, (_, i) => deliver(i, 'cur'));
    for (let n = 20; n < 25; n++) deliver(n, 'new');
    expect(importMaildir()).toMatchObject({ read: 25, new: 25, maildirFilesRead: 25 });

    expect(importMaildir()).toMatchObject({ read: 25, new: 0, duplicates: 25, maildirFilesRead: 0 });

    // Marked read and flagged: cur/NAME:2, becomes cur/NAME:2,FS; new/NAME moves to cur/NAME:2,S.
    for (const file of files.slice(0, 3)) renameSync(file, file.replace(/:2,$/, ':2,FS'));
    for (const name of readdirSync(path.join(maildir, 'new')).slice(0, 2)) {
      renameSync(path.join(maildir, 'new', name), path.join(maildir, 'cur', `${name}:2,S`));
    }
    expect(importMaildir()).toMatchObject({ read: 25, new: 0, maildirFilesRead: 0 });

    deliver(25, 'new');
    deliver(26, 'new');
    expect(importMaildir()).toMatchObject({ read: 27, new: 2, maildirFilesRead: 2 });
    const stored = JSON.parse(listlens(['--store', store, 'search', 'registrar', '--limit', '100', '--json']).stdout) as unknown[];
    expect(stored).toHaveLength(27);
  });

  it('catches a file whose content changed under its name only with --verify', () => {
    const files = Array.from({ length: 5 }, (_, i) => deliver(i, 'cur'));
    importMaildir();
    writeFileSync(files[2]!, message(99, 'an unexpected zeppelin'));
    expect(importMaildir()).toMatchObject({ new: 0, maildirFilesRead: 0 });
    expect(importMaildir('--verify')).toMatchObject({ read: 5, new: 1, duplicates: 4, maildirFilesRead: 5 });
    const found = JSON.parse(listlens(['--store', store, 'search', 'zeppelin', '--json']).stdout) as { messageId: string }[];
    expect(found.map((hit) => hit.messageId)).toEqual(['m99@example.org']);
    expect(importMaildir()).toMatchObject({ new: 0, maildirFilesRead: 0 });
  });

  it('reads a maildir of more files than it lists at a time once each, in delivery order across cur/ and new/', () => {
    const count = 2_345;
    // Delivered out of order into both folders: the import reads them by name (delivery time) all the same.
    for (let n = count - 1; n >= 0; n--) deliver(n, n % 3 === 0 ? 'new' : 'cur', 'S');
    expect(importMaildir()).toMatchObject({ read: count, new: count, failed: 0, maildirFilesRead: count });
    const db = new Database(store, { readonly: true });
    const order = db.prepare('SELECT message_id FROM messages ORDER BY id').pluck().all();
    db.close();
    expect(order).toEqual(Array.from({ length: count }, (_, n) => `m${n}@example.org`));
    deliver(count, 'new');
    expect(importMaildir()).toMatchObject({ read: count + 1, new: 1, maildirFilesRead: 1 });
  });

  it('does not read a file that failed again until --verify', () => {
    for (let n = 0; n < 4; n++) deliver(n, 'cur');
    writeFileSync(path.join(maildir, 'cur', '1614609999.M9P100.mx.example:2,'), '');
    expect(importMaildir()).toMatchObject({ new: 4, failed: 1, maildirFilesRead: 5 });
    expect(importMaildir()).toMatchObject({ read: 5, new: 0, failed: 0, maildirFilesRead: 0 });
    expect(importMaildir('--verify')).toMatchObject({ new: 0, failed: 1, maildirFilesRead: 5 });
  });
});
