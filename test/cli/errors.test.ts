import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/corpus.js';
import { listlens } from '../helpers/cli.js';

let dir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-errors-cli-'));
  store = path.join(dir, 'archive.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => {
  const result = listlens(['--store', store, ...args]);
  return [result.status, result.stderr];
};

/** A config `listlens report` accepts: it gets as far as the lock and the store. */
function reportConfig(): string {
  const file = path.join(dir, 'listlens.config.json');
  const draft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
  writeFileSync(file, JSON.stringify({ reports: [{ name: 'r', lists: ['iotops'], thread: 'Onboarding survey', draft: { name: draft } }] }));
  return file;
}

describe('every error the CLI prints is one line, and its kind is its exit code', () => {
  it('usage: 2, whether the command line or the library finds the mistake', () => {
    expect(run('coverage', 'Onboarding survey')).toEqual([2, 'listlens: coverage needs --draft <name[-rev]|path|url>\n']);
    expect(run('draft', './no/such.txt')).toEqual([2, 'listlens: ./no/such.txt: no such file\n']);
    expect(run('report', '--config', path.join(dir, 'missing.json'))).toEqual([
      2,
      `listlens: ${path.join(dir, 'missing.json')}: cannot read: no such file (see docs/scheduling.md)\n`,
    ]);
  });

  it('not-found: 3', () => {
    expect(run('import', fixturePath('brief/hostile-thread.mail'))[0]).toBe(0);
    expect(run('show', '<nosuch@example.org>')).toEqual([3, 'listlens: no message with Message-ID <nosuch@example.org> in the store\n']);
    expect(run('thread', 'no such subject')).toEqual([3, 'listlens: no message subject contains "no such subject"\n']);
  });

  it('failed: 1, also for an error that is not listlens\'s own', () => {
    writeFileSync(store, 'not a database\n');
    expect(run('threads')).toEqual([1, `listlens: store ${store}: file is not a database\n`]);
    expect(run('report', '--config', reportConfig())).toEqual([1, 'listlens: file is not a database\n']);
  });

  it('locked: 5, from listlens report while another run holds the lock', () => {
    writeFileSync(`${store}.report.lock`, `${process.pid}\n`);
    expect(run('report', '--config', reportConfig())).toEqual([
      5,
      `listlens: another listlens report (pid ${process.pid}) is running: ${store}.report.lock is locked\n`,
    ]);
  });
});
