import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/corpus.js';
import { listlens } from '../helpers/cli.js';

let dir: string;
let store: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-search-cli-'));
  store = path.join(dir, 'archive.sqlite');
  expect(listlens(['--store', store, 'import', fixturePath('archive')]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => listlens(['--store', store, 'search', ...args]);

interface HitJson {
  messageId: string;
  date: string;
  threadRoot: string;
  threadSubject: string;
  copies: { list: string; url: string | null }[];
}

const hitsOf = (...args: string[]): HitJson[] => {
  const result = run(...args, '--json');
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as HitJson[];
};

describe('listlens search', () => {
  it('narrows by participant, list and month, with each hit thread and archive links', () => {
    const hits = hitsOf('from:Jürgen list:iotops d:2021-02..2021-02 BRSKI');
    expect(hits.map((hit) => hit.messageId)).toEqual(['b8f2c4d6-e1a3-4b5c-9d7e-f0a2c4e6b8d1@example.org']);
    expect(hits[0]!.threadSubject).toBe('Secure IoT Bootstrapping: A Survey');
    expect(hits[0]!.copies.map((copy) => copy.url)).toEqual([
      expect.stringMatching(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/iotops\//),
      expect.stringMatching(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/t2trg\//),
    ]);
  });

  it('takes --since, --until and --sort date as the query d: term and the order', () => {
    const options = hitsOf('list:t2trg', '--since', '2021-02-22', '--until', '2021-02-23', '--sort', 'date', '--limit', '100');
    const inQuery = hitsOf('list:t2trg d:2021-02-22..2021-02-23', '--sort', 'date', '--limit', '100');
    expect(options).toEqual(inQuery);
    expect(options.length).toBeGreaterThan(1);
    expect(options.every((hit) => hit.date >= '2021-02-22' && hit.date < '2021-02-24')).toBe(true);
    expect(options.map((hit) => hit.date)).toEqual(options.map((hit) => hit.date).sort().reverse());
  });

  it('says when more hits are left than --limit shows', () => {
    const result = run('list:iotops', '--limit', '2');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('listlens: more than 2 hits: narrow the query or raise --limit\n');
  });

  it.each([['foo:bar'], ['d:2021-02..2021-01'], ['"open quote'], ['tech:nothing-like-it']])('refuses the malformed query %j in one line, exit 2', (query) => {
    const result = run(query);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^listlens: search query: [^\n]+\n$/);
  });

  it('documents the syntax in --help', () => {
    const help = listlens(['search', '--help']);
    expect(help.status).toBe(0);
    for (const field of ['from:', 'list:', 'subject:', 'd:2021-02..2021-04', 'thread:', 'draft:', 'tech:', 'q:', 'all:', '--sort', '--since', '--until']) {
      expect(help.stdout).toContain(field);
    }
  });
});
