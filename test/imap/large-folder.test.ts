import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFiles, mailFileMessages } from '../../bench/lib/dovecot.js';
import { generateArchive } from '../../bench/generate.js';
import type { ArchiveManifest } from '../../bench/generate.js';
import { readSource } from '../../src/sources/index.js';
import { startListlens } from '../helpers/cli.js';
import { dovecotMissing, startDovecot, type TestDovecot } from '../helpers/dovecot.js';
import { count, inspect, scratchDir } from '../perf/helpers.js';

/** Generous: the whole folder held in memory would be well over it on top of Node and SQLite. */
const peakRssBoundMiB = 400;

/** Runs `listlens` to its end, reading the child's high-water RSS (VmHWM) from /proc as it goes. */
async function runMeasured(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string; peakMiB: number }> {
  const child = startListlens(args, env);
  let [stdout, stderr, peakKiB] = ['', '', 0];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const poll = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // exited between two polls
    }
  }, 25);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  return { status, stdout, stderr, peakMiB: peakKiB / 1024 };
}

interface ImapSummaryJson {
  folders: { examined: number; unchanged: number };
  messages: { fetched: number };
  import: { read: number; new: number; crossPosted: number; duplicates: number; skipped: number; failed: number };
  imap: { messages: number };
}

describe.skipIf(dovecotMissing !== null || !process.platform.startsWith('linux'))('a folder of 20,000 messages over IMAP', () => {
  const dir = scratchDir('imap-large');
  const store = path.join(dir, 'archive.sqlite');
  let server: TestDovecot;
  let manifest: ArchiveManifest;
  let written: number;

  beforeAll(async () => {
    // Every message of a generated archive (cross-posted copies, duplicates, damaged ones) in one folder.
    manifest = generateArchive({ messages: 19_200, seed: 12, dir: path.join(dir, 'archive') });
    server = await startDovecot();
    written = await server.writeMaildir('ietf', mailFileMessages(archiveFiles(path.join(dir, 'archive')), readSource));
  }, 120_000);
  afterAll(async () => server?.stop(), 120_000);

  it('is synced with bounded memory, every message stored once; a second sync fetches nothing', async () => {
    expect(written).toBe(manifest.expected.read);
    expect(written).toBeGreaterThanOrEqual(20_000);
    const env = { NODE_EXTRA_CA_CERTS: server.certificateFile };
    const first = await runMeasured(['--store', store, 'fetch', 'ietf', '--imap', server.url, '--json'], env);
    expect(first.stderr).not.toMatch(/fetch stopped|retry/);
    const summary = JSON.parse(first.stdout) as ImapSummaryJson;
    expect(summary.messages.fetched).toBe(written);
    // One folder: a cross-posted message's other copies are duplicates in it, not copies for another list.
    expect(summary.import).toMatchObject({ read: written, new: manifest.expected.stored, failed: manifest.expected.failed, skipped: manifest.expected.skipped });
    expect(summary.import.new + summary.import.duplicates + summary.import.skipped + summary.import.failed).toBe(written);
    inspect(store, (db) => {
      expect(count(db, 'SELECT count(*) AS n FROM messages')).toBe(manifest.expected.stored);
      expect(count(db, "SELECT count(*) AS n FROM copies WHERE list = 'ietf'")).toBe(manifest.expected.stored);
      expect(count(db, "SELECT count(*) AS n FROM (SELECT message FROM copies GROUP BY message, list HAVING count(*) > 1)")).toBe(0);
    });
    expect(first.peakMiB).toBeGreaterThan(0);
    expect(first.peakMiB).toBeLessThan(peakRssBoundMiB);

    const second = await runMeasured(['--store', store, 'fetch', 'ietf', '--imap', server.url, '--json'], env);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout) as ImapSummaryJson).toMatchObject({ folders: { examined: 1, unchanged: 1 }, messages: { fetched: 0 }, imap: { messages: 0 } });
    expect(first.status).toBe(1); // the damaged messages the archive holds are reported as failed
  }, 300_000);
});
