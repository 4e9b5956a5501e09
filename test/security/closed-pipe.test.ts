import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, listlens } from '../helpers/cli.js';
import { repoRoot } from '../helpers/corpus.js';
import { scratchDir } from '../perf/helpers.js';

const dir = scratchDir('closed-pipe');
const store = path.join(dir, 'archive.sqlite');
const threadCount = 1500;

/** Many one-message threads and one long message: every command below prints far more than a pipe holds. */
function writeArchive(file: string): void {
  const message = (i: number, body: string) =>
    `From nobody Mon Feb  1 10:00:00 2021\nFrom: Writer ${i} <w${i}@example.org>\nTo: pipes@ietf.org\nList-Id: <pipes.ietf.org>\n` +
    `Subject: Thread number ${i} about onboarding pipes\nDate: Mon, 1 Feb 2021 10:${String(i % 60).padStart(2, '0')}:00 +0000\n` +
    `Message-ID: <pipe-${i}@example.org>\n\n${body}\n\n`;
  const long = 'The onboarding of constrained devices goes on and on in this long line of text.\n'.repeat(4000);
  writeFileSync(file, [...Array.from({ length: threadCount }, (_, i) => message(i, `Onboarding note ${i}.`)), message(threadCount, long)].join(''));
}

beforeAll(() => {
  const archive = path.join(dir, 'pipes.mbox');
  writeArchive(archive);
  const imported = listlens(['--store', store, 'import', archive]);
  expect(imported.status, imported.stderr).toBe(0);
}, 120_000);

/** Runs the CLI with its stdout a pipe that the reader closes after the first line, as `| head -1` does. */
function runUntilFirstLine(args: string[]): Promise<{ status: number | null; signal: string | null; firstLine: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, '--store', store, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('\n')) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, firstLine: stdout.split('\n')[0]!, stderr }));
  });
}

describe('output into a pipe closed early (listlens … | head -1)', () => {
  it.each([
    ['threads'],
    ['threads', '--json'],
    ['search', 'onboarding', '--limit', '2000'],
    ['search', 'onboarding', '--limit', '2000', '--json'],
    ['show', `<pipe-${threadCount}@example.org>`],
    ['show', `<pipe-${threadCount}@example.org>`, '--raw'],
  ].map((args) => [args.join(' '), args] as const))('listlens %s exits 0 without a word on stderr', async (_name, args) => {
    const result = await runUntilFirstLine(args);
    expect(result.firstLine.length).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
  }, 60_000);
});
