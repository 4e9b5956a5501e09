import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicVia } from '../../src/output/atomic-file.js';

let dir: string;
let victim: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-atomic-'));
  victim = path.join(mkdtempSync(path.join(os.tmpdir(), 'listlens-victim-')), 'precious');
  writeFileSync(victim, 'precious\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.dirname(victim), { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('does not follow a symlink planted at the old predictable temporary name', () => {
    const target = path.join(dir, 'report.md');
    const planted = path.join(dir, `.report.md.${process.pid}.tmp`);
    symlinkSync(victim, planted);
    writeFileAtomic(target, '# report\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(target, 'utf8')).toBe('# report\n');
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
  });

  it('creates its temporary file exclusively: a file or symlink already at the name is neither followed nor clobbered', () => {
    const target = path.join(dir, 'report.md');
    const names = ['.report.md.taken.tmp', '.report.md.linked.tmp', '.report.md.free.tmp'];
    writeFileSync(path.join(dir, names[0]!), 'someone else\'s\n');
    symlinkSync(victim, path.join(dir, names[1]!));
    const offered = [...names];
    writeFileAtomicVia(target, '# report\n', () => offered.shift()!);
    expect(readFileSync(path.join(dir, names[0]!), 'utf8')).toBe('someone else\'s\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(target, 'utf8')).toBe('# report\n');
    expect(existsSync(path.join(dir, names[2]!))).toBe(false);
  });

  it('names its temporary file at random, in the target folder, and leaves none behind', async () => {
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => {
      if (name && name !== 'report.md' && !seen.includes(name)) seen.push(name);
    });
    for (let i = 0; i < 2; i++) writeFileAtomic(path.join(dir, 'report.md'), `# report ${i}\n`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    watcher.close();
    expect(seen).toHaveLength(2);
    for (const name of seen) expect(name).toMatch(/^\.report\.md\.[0-9a-f]{16}\.tmp$/);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });
});
