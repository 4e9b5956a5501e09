import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, listlens } from '../helpers/cli.js';
import { repoRoot } from '../helpers/corpus.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-huge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loaded before the CLI: prints the process's peak resident set (worker threads included) as it exits. */
const peakReporter = path.join(dir, 'peak.mjs');
writeFileSync(peakReporter, "process.on('exit', () => process.stderr.write(`peak-rss-kib ${process.resourceUsage().maxRSS}\\n`));\n");

/** A bound on peak memory that only a blow-up crosses; the measured figures are in bench. */
const peakBoundMiB = 450;
const messageBytes = 29 * 1000 * 1000;

function hugeMessage(name: string, contentType: string, body: string): string {
  const file = path.join(dir, `${name}.eml`);
  const head = `From: Big Sender <big@example.org>\nTo: list@ietf.org\nSubject: ${name}\nDate: Mon, 1 Mar 2021 10:00:00 +0000\nMessage-ID: <${name}@example.org>\nMIME-Version: 1.0\nContent-Type: ${contentType}; charset=utf-8\n\n`;
  writeFileSync(file, head + body);
  return file;
}

const sentence = 'The quick brown fox jumps over the lazy dog while TLS 1.3 and QUIC keep the session safe.';

function importMeasured(store: string, file: string): Promise<{ status: number | null; stderr: string; peakMiB: number }> {
  const child = spawn(process.execPath, ['--import', peakReporter, cliPath, '--store', store, 'import', file], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      const peak = /peak-rss-kib (\d+)/.exec(stderr);
      resolve({ status, stderr: stderr.replace(/peak-rss-kib \d+\n/, ''), peakMiB: peak ? Number(peak[1]) / 1024 : Number.NaN });
    });
  });
}

describe('one message of 29 MB', () => {
  it.each([
    ['text', 'text/plain', `${sentence}\n`],
    ['html', 'text/html', `<p>${sentence}</p>\n`],
  ])('as %s imports in bounded memory, its start analysed and its raw bytes kept whole', async (name, contentType, line) => {
    const file = hugeMessage(name, contentType, line.repeat(Math.floor(messageBytes / line.length)));
    const store = path.join(dir, `${name}.sqlite`);
    const result = await importMeasured(store, file);
    expect(result.stderr).toContain('import: 1 read, 1 new');
    expect(result.status).toBe(0);
    expect(result.peakMiB).toBeLessThan(peakBoundMiB);
    const shown = listlens(['--store', store, 'show', `<${name}@example.org>`, '--json']);
    expect(shown.status).toBe(0);
    const message = JSON.parse(shown.stdout) as { ownText: string };
    expect(message.ownText.startsWith(sentence)).toBe(true);
    const raw = listlens(['--store', store, 'show', `<${name}@example.org>`, '--raw']);
    expect(raw.stdout.length).toBeGreaterThan(messageBytes);
  });
});
