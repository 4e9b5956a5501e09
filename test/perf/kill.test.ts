import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { killImportWhenStored, listlens } from '../helpers/cli.js';
import { count, inspect, scratchDir } from './helpers.js';

const dir = scratchDir('perf-kill');
const archive = path.join(dir, 'archive');
// Big enough (about 14 MB) that the import parses on worker threads, as a real archive does.
const manifest = generateArchive({ messages: 2500, seed: 9, dir: archive, specialScale: 10 });

describe('an import of a generated archive SIGKILLed three times', () => {
  it('ends, once run again, with exactly the archive\'s messages and copies, none twice, all threaded', async () => {
    const store = path.join(dir, 'archive.sqlite');
    const { stored, copies, read } = manifest.expected;
    const afterKills: number[] = [];
    for (const share of [0.2, 0.45, 0.7]) afterKills.push(await killImportWhenStored(store, archive, Math.round(stored * share)));
    expect(afterKills[2]).toBeLessThan(stored);

    const resumed = listlens(['--store', store, 'import', archive]);
    expect(resumed.status).toBe(1); // the archive holds messages that cannot be read, reported as such
    expect(resumed.stderr).toMatch(new RegExp(`^import: ${read} read, \\d+ new, .*${manifest.expected.failed} failed$`, 'm'));
    inspect(store, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(count(db, 'SELECT count(*) AS n FROM messages')).toBe(stored);
      expect(count(db, 'SELECT count(DISTINCT message_id) AS n FROM messages')).toBe(stored);
      expect(count(db, 'SELECT count(*) AS n FROM copies')).toBe(copies);
      expect(count(db, 'SELECT count(*) AS n FROM raw')).toBe(copies);
      expect(count(db, 'SELECT count(*) AS n FROM messages m LEFT JOIN message_threads th ON th.message = m.id WHERE th.root IS NULL')).toBe(0);
      // One full-text entry a message: none lost to a kill, none indexed twice.
      expect(count(db, 'SELECT count(*) AS n FROM messages_fts_docsize')).toBe(stored);
    });
  });
});
