import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
import { cliPath, listlens } from '../helpers/cli.js';
import { fixturePath, repoRoot } from '../helpers/corpus.js';

/** The reading commands, each as a user would run it on the bundled archive. */
const readingCommands = [
  ['threads'],
  ['threads', '--json'],
  ['search', 'BRSKI'],
  ['show', 'b8f2c4d6-e1a3-4b5c-9d7e-f0a2c4e6b8d1@example.org'],
  ['thread', 'b8f2c4d6-e1a3-4b5c-9d7e-f0a2c4e6b8d1@example.org', '--format', 'md'],
  ['coverage', 'b8f2c4d6-e1a3-4b5c-9d7e-f0a2c4e6b8d1@example.org', '--draft', fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml')],
];

const isRoot = process.getuid?.() === 0;
/** As root, file modes do not stop writes: the commands run as `nobody`, who cannot write the folder. */
const asNobody = isRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '--version']).status === 0;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-read-only-'));
});
afterAll(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

function runAs(args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!asNobody) return listlens(args);
  const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, cliPath, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/tmp' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a store the user cannot write', () => {
  it.skipIf(isRoot && !asNobody)('answers every reading command, read-only', () => {
    const folder = path.join(dir, 'locked');
    const store = path.join(folder, 'archive.sqlite');
    const imported = listlens(['--store', store, 'import', fixturePath('archive')]);
    expect(imported.status, imported.stderr).toBe(0);
    chmodSync(store, 0o444);
    chmodSync(folder, 0o555);
    chmodSync(dir, 0o755);
    for (const command of readingCommands) {
      const result = runAs(['--store', store, ...command]);
      expect(result.stderr, command.join(' ')).not.toMatch(/readonly|read-only|locked/);
      expect(result.status, `${command.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout.length, command.join(' ')).toBeGreaterThan(0);
    }
    expect(runAs(['--store', store, 'search', 'BRSKI']).stdout).toContain('BRSKI');
  });

  // Meaningful as any user: a reading command must not write even where it could.
  it('is never written by a reading command, even when its threads are out of date', async () => {
    const store = path.join(dir, 'stale.sqlite');
    const library = openStore(store);
    await importPaths(library, [fixturePath('archive')], { workers: 0 });
    await library.close(); // no rethread: as an import killed before it threaded
    const before = digest(store);
    for (const command of readingCommands) {
      const result = listlens(['--store', store, ...command]);
      expect(result.stderr, command.join(' ')).not.toMatch(/readonly|database is locked/);
      expect(digest(store), command.join(' ')).toBe(before);
      expect(existsSync(`${store}-wal`) && readFileSync(`${store}-wal`).length > 0, command.join(' ')).toBe(false);
    }
  });
});
