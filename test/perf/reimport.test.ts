import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { importPaths, type ImportSummary } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import { count, inspect, scratchDir } from './helpers.js';

const dir = scratchDir('reimport');
const archive = path.join(dir, 'archive');
const manifest = generateArchive({ messages: 1500, seed: 21, dir: archive, specialScale: 25 });
const storeFile = path.join(dir, 'archive.sqlite');

const totals = ({ problems, ...rest }: ImportSummary) => ({ ...rest, problems: problems.map((p) => p.reason) });

describe('importing an archive again', () => {
  it('reads no file it has imported whole before, and counts its messages as reading them would', async () => {
    const store = openStore(storeFile);
    const first = await importPaths(store, [archive], { workers: 0 });
    const again = await importPaths(store, [archive], { workers: 0 });
    await store.close();

    const { expected } = manifest;
    expect(first).toMatchObject({ read: expected.read, new: expected.stored, failed: expected.failed, skipped: expected.skipped });
    expect(expected.failed).toBeGreaterThan(0);
    expect(totals(again)).toEqual({
      read: expected.read,
      new: 0,
      crossPosted: 0,
      completed: 0,
      duplicates: expected.read - expected.skipped - expected.failed,
      conflictingIds: 0,
      skipped: expected.skipped,
      failed: expected.failed,
      maildirFilesRead: 0,
      // Files with a message that could not be read are read again (a newer listlens may read it).
      problems: first.problems.map((p) => p.reason),
    });
    const files = readdirSync(archive, { recursive: true }).filter((name) => String(name).endsWith('.mail')).length;
    const withFailures = new Set(first.problems.map((p) => p.where.replace(/:\d+$/, ''))).size;
    inspect(storeFile, (db) => expect(count(db, 'SELECT count(*) AS n FROM imported_files')).toBe(files - withFailures));
  });

  it('reads a file again once its bytes change, and the same bytes again under another --list', async () => {
    const grown = path.join(dir, 'grown.mail');
    cpSync(path.join(archive, 'iotops', '2005-01.mail'), grown);
    const store = openStore(storeFile);
    const before = await importPaths(store, [grown], { workers: 0 });
    appendFileSync(grown, 'From late@example.org  Mon Jan 31 23:59:00 2005\nFrom: Late <late@example.org>\nMessage-ID: <late@example.org>\nSubject: one more\n\nLate but here.\n\n');
    const after = await importPaths(store, [grown], { workers: 0 });
    const otherList = await importPaths(store, [grown], { workers: 0, list: 'archive-copy' });
    await store.close();
    const fresh = openStore(path.join(dir, 'fresh.sqlite'));
    const copiesInFile = await importPaths(fresh, [grown], { workers: 0 });
    fresh.close();

    expect(before.new).toBe(0);
    expect(after).toMatchObject({ read: before.read + 1, new: 1, duplicates: before.duplicates });
    expect(otherList).toMatchObject({ read: after.read, new: 0, crossPosted: copiesInFile.new + copiesInFile.crossPosted });
  });
});
