import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListlensError, searchMessages } from '../../src/index.js';
import type { Store } from '../../src/store/index.js';
import { openArchiveStore } from '../summary/archive.js';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { scratchDir } from '../perf/helpers.js';

let store: Store;
let dispose: () => Promise<void>;
beforeAll(async () => ({ store, dispose } = await openArchiveStore()));
afterAll(() => dispose());

/** What an attacker (or a careless paste) types: FTS5 syntax, control characters, sheer size. */
const atoms = [
  '', '""', '"', "'", 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(a b)', 'NEAR(a b, 2)', '*', '^', '^a', 'a^', 'body:', 'body:a',
  'own_text:a', 'subject:', 'subject:^a', '(', ')', '(a OR b)', '{own_text subject}:a', '-a', '+a', ':', 'a:b', 'q:*', 'all:"',
  '\u0000', 'a\u0000b', '"a\u0000b"', '\u0301', '\u200b', '\ufeff', '\\', '"a" "', '"a""b"', 'a*b', 'a**', '"a b"*', 'x*',
  'd:', 'd:0000', 'd:9999-99', 'list:', 'from:"', 'thread:', '\ud800', '٭*',
];
const hostileQueries = [
  ...atoms,
  ...atoms.flatMap((a) => ['AND', 'OR', 'NOT', '"', '*', '\u0000', 'a'].flatMap((b) => [`${a} ${b}`, `${b} ${a}`, `${a}${b}`])),
  'a'.repeat(100_000),
  'a '.repeat(50_000),
  'a* '.repeat(3_000),
  '"'.repeat(1_001),
  'from:a '.repeat(2_000),
];

describe('hostile search queries', () => {
  it(`each of ${hostileQueries.length} hostile queries gets hits or a usage error, never a raw SQLite error`, async () => {
    const failures: string[] = [];
    for (const query of hostileQueries) {
      try {
        await searchMessages(store, query, { limit: 5 });
      } catch (error) {
        const isUsage = error instanceof ListlensError && (error.kind === 'usage' || error.kind === 'not-found');
        if (!isUsage || /fts5|sqlite|syntax error|unterminated/i.test((error as Error).message)) {
          failures.push(`${JSON.stringify(query.slice(0, 40))}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('a usage error says what a query may hold', async () => {
    for (const query of ['a\u0000b', 'a '.repeat(50_000), '']) {
      const error = await searchMessages(store, query, { limit: 5 }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(query.slice(0, 10))).toBeInstanceOf(ListlensError);
      expect((error as ListlensError).kind).toBe('usage');
      expect((error as Error).message).toMatch(/^search query: /);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('the CLI answers an empty query and a long one with one line and exit 2', () => {
    const storeFile = `${scratchDir('hostile-search')}/archive.sqlite`;
    expect(listlens(['--store', storeFile, 'import', fixturePath('archive')]).status).toBe(0);
    for (const query of ['', '""', 'word '.repeat(5_000), 'AND OR NOT']) {
      const result = listlens(['--store', storeFile, 'search', query]);
      if (query === 'AND OR NOT') {
        expect(result.stderr).not.toMatch(/fts5|sqlite/i);
        continue;
      }
      expect(result.status, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^listlens: search query: [^\n]+\n$/);
    }
  }, 60_000);
});
